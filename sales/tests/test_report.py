"""The inter-branch redemption report."""

from decimal import Decimal

from django.utils import timezone

from conftest import client_for, make_customer
from sales.ledger import redeem, reverse_redemption
from sales.models import PrepaidLedgerEntry
from sales.tests.conftest import open_balance

URL = "/sales/reports/inter-branch/"


def rows_of(response):
    return [
        (row["redeeming_branch"], row["selling_branch"], row["quantity"], row["value"])
        for row in response.context["table"].data
    ]


def test_report_pairs_branches(
    frontdesk_client, branch_a, branch_b, customer_with_facial, facial
):
    redeem(
        customer=customer_with_facial,
        item=facial,
        quantity=2,
        branch=branch_a,
        user=None,
    )
    redeem(
        customer=customer_with_facial,
        item=facial,
        quantity=1,
        branch=branch_b,
        user=None,
    )

    response = frontdesk_client.get(URL)

    assert rows_of(response) == [("Alpha", "Bravo", 2, Decimal("66.67"))]
    assert "SGD 66.67" in response.content.decode()


def test_report_nets_reversals(
    frontdesk_client, branch_a, customer_with_facial, facial
):
    (first,) = redeem(
        customer=customer_with_facial,
        item=facial,
        quantity=1,
        branch=branch_a,
        user=None,
    )
    redeem(
        customer=customer_with_facial,
        item=facial,
        quantity=1,
        branch=branch_a,
        user=None,
    )
    reverse_redemption(first, branch=branch_a, user=None)

    response = frontdesk_client.get(URL)

    assert rows_of(response) == [("Alpha", "Bravo", 1, Decimal("33.34"))]


def test_report_leaves_out_fully_reversed(
    frontdesk_client, branch_a, customer_with_facial, facial
):
    (entry,) = redeem(
        customer=customer_with_facial,
        item=facial,
        quantity=1,
        branch=branch_a,
        user=None,
    )
    reverse_redemption(entry, branch=branch_a, user=None)

    assert rows_of(frontdesk_client.get(URL)) == []


def test_report_date_range(frontdesk_client, branch_a, customer_with_facial, facial):
    (entry,) = redeem(
        customer=customer_with_facial,
        item=facial,
        quantity=1,
        branch=branch_a,
        user=None,
    )
    PrepaidLedgerEntry.objects.filter(pk=entry.pk).update(date="2025-06-15")

    inside = frontdesk_client.get(
        URL, {"date_from": "2025-06-01", "date_to": "2025-06-30"}
    )
    outside = frontdesk_client.get(
        URL, {"date_from": "2025-07-01", "date_to": "2025-07-31"}
    )

    assert rows_of(inside) == [("Alpha", "Bravo", 1, Decimal("33.33"))]
    assert rows_of(outside) == []


def test_report_default_is_this_month(frontdesk_client):
    response = frontdesk_client.get(URL)

    today = timezone.localdate()
    assert response.context["date_from"] == today.replace(day=1)
    assert response.context["date_to"] == today


def test_report_scoped_to_users_branches(
    outsider_c, branch_a, branch_c, customer_with_facial, facial
):
    redeem(
        customer=customer_with_facial,
        item=facial,
        quantity=1,
        branch=branch_a,
        user=None,
    )
    client = client_for(outsider_c, branch_c)

    assert rows_of(client.get(URL)) == []


def test_report_bad_dates_no_500(frontdesk_client):
    for query in (
        {"date_from": "nonsense"},
        {"date_from": "2026-02-01", "date_to": "2026-01-01"},
        {"date_to": "31/02/2026"},
    ):
        response = frontdesk_client.get(URL, query)
        assert response.status_code == 200


def test_report_reversed_dates_message(frontdesk_client):
    response = frontdesk_client.get(
        URL, {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )

    assert response.context["form"].errors["date_to"] == [
        "The end date is before the start date."
    ]


def test_same_branch_redemption_not_listed(frontdesk_client, branch_a, facial):
    customer = make_customer(branch_a)
    open_balance(customer, prepaid=[(facial, 2, "20.00")])
    redeem(customer=customer, item=facial, quantity=1, branch=branch_a, user=None)

    assert rows_of(frontdesk_client.get(URL)) == []
