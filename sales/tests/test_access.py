"""Every sales URL naming a customer is a 404 outside the branch's customers."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import client_for, make_customer
from sales.tests.conftest import open_balance


def customer_url_patterns():
    """Sales URL patterns with a `customer_id` argument, from the URLconf."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if route.startswith("sales/") and "<int:customer_id>" in route:
                    found.append(route)

    walk(get_resolver().url_patterns, "")
    return found


def test_customer_urls_found():
    assert "sales/customers/<int:customer_id>/redeem/" in customer_url_patterns()


@pytest.mark.parametrize("route", customer_url_patterns())
def test_customer_url_404_outside(route, frontdesk_client, branch_c, facial):
    outsider = make_customer(branch_c, "Charlie Only")
    open_balance(outsider, dues=["9.00"], prepaid=[(facial, 1, "9.00")])
    url = "/" + route.replace("<int:customer_id>", str(outsider.pk))

    assert frontdesk_client.get(url).status_code == 404
    assert (
        frontdesk_client.post(url, {"amount": "1", "quantity": "1"}).status_code == 404
    )


@pytest.mark.parametrize("route", customer_url_patterns())
def test_customer_url_200_inside(route, user_b, branch_b, facial):
    customer = make_customer(branch_b, "Bravo Own")
    open_balance(customer, dues=["9.00"], prepaid=[(facial, 1, "9.00")])
    url = "/" + route.replace("<int:customer_id>", str(customer.pk))

    assert client_for(user_b, branch_b).get(url).status_code == 200


def test_nav_lists_sales_screens(frontdesk_client):
    html = frontdesk_client.get("/sales/items/").content.decode()

    assert "Sale & Appointment" in html
    for url in (
        "/sales/opening-balances/",
        "/sales/appointments/",
        "/sales/items/",
        "/sales/reports/inter-branch/",
    ):
        assert f'href="{url}"' in html


def test_anonymous_redirected_to_login(client, db):
    for url in ("/sales/opening-balances/", "/sales/redeem/", "/sales/items/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
