"""The item catalogue: codes, listing, publish toggle and permissions."""

from decimal import Decimal

import pytest

from conftest import client_for
from sales.models import Item, ItemCodeSequence
from sales.tests.forms import rendered_form

NEW_URL = "/sales/items/new/"


def item_data(**changes):
    data = {
        "code": "#AUTO",
        "name": "Hair spa",
        "kind": "service",
        "price": "55.00",
        "is_active": "on",
        "is_published": "on",
        "action": "save",
    }
    data.update(changes)
    return data


def test_auto_code_from_item_sequence(manager_client):
    data = rendered_form(manager_client.get(NEW_URL), "item-form")
    assert data["code"] == "#AUTO"
    data.update(item_data())

    manager_client.post(NEW_URL, data)
    manager_client.post(NEW_URL, item_data(code=" #auto ", name="Manicure"))

    assert list(Item.objects.order_by("pk").values_list("code", flat=True)) == [
        "IT00001",
        "IT00002",
    ]
    assert ItemCodeSequence.objects.get().next_number == 3


def test_auto_code_skips_taken(manager_client):
    Item.objects.create(code="IT00001", name="Typed by hand")

    manager_client.post(NEW_URL, item_data())

    assert Item.objects.get(name="Hair spa").code == "IT00002"


def test_typed_code_unique_ignoring_case(manager_client):
    Item.objects.create(code="HS-1", name="Hair spa")

    response = manager_client.post(NEW_URL, item_data(code=" hs-1 ", name="Other"))

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Code hs-1 is already used by Hair spa (HS-1)."
    ]


def test_price_kept_as_decimal(manager_client):
    manager_client.post(NEW_URL, item_data(price="0.10"))

    assert Item.objects.get().price == Decimal("0.10")


@pytest.mark.parametrize(
    ("price", "message"),
    [
        ("-1", "The amount cannot be negative."),
        ("1.999", "Enter at most 2 decimal places, for example 12.50."),
        ("100000000000", "Enter an amount below 10,000,000,000."),
    ],
)
def test_bad_price_next_to_field(manager_client, price, message):
    response = manager_client.post(NEW_URL, item_data(price=price))

    assert response.status_code == 200
    assert response.context["form"].errors["price"] == [message]


def test_save_actions(manager_client):
    assert manager_client.post(NEW_URL, item_data()).url == "/sales/items/"
    response = manager_client.post(NEW_URL, item_data(action="save_next", name="B"))
    assert response.url == NEW_URL
    response = manager_client.post(NEW_URL, item_data(action="apply", name="C"))
    assert response.url == f"/sales/items/{Item.objects.get(name='C').pk}/edit/"


def test_frontdesk_views_but_cannot_add(frontdesk_client, facial):
    assert frontdesk_client.get("/sales/items/").status_code == 200
    assert frontdesk_client.get(NEW_URL).status_code == 403
    assert frontdesk_client.get(f"/sales/items/{facial.pk}/edit/").status_code == 403


def test_listing_column_search(frontdesk_client, facial, massage):
    response = frontdesk_client.get("/sales/items/", {"name": "FAC"})

    assert [row.record for row in response.context["table"].rows] == [facial]


def test_listing_shows_money(frontdesk_client, facial):
    html = frontdesk_client.get("/sales/items/").content.decode()

    assert "SGD 80.00" in html


@pytest.mark.parametrize(
    "query", [{"kind": "x"}, {"published": "maybe"}, {"sort": "bogus"}, {"page": "-1"}]
)
def test_listing_bad_params_no_500(frontdesk_client, facial, query):
    assert frontdesk_client.get("/sales/items/", query).status_code == 200


def test_toggle_and_bulk_publish(manager_client, facial, massage):
    manager_client.post(f"/sales/items/{facial.pk}/toggle-published/")
    facial.refresh_from_db()
    assert facial.is_published is False

    manager_client.post(
        "/sales/items/bulk/", {"action": "unpublish", "pk": [facial.pk, massage.pk]}
    )
    assert Item.objects.filter(is_published=True).count() == 0

    manager_client.post(
        "/sales/items/bulk/", {"action": "publish", "pk": [facial.pk, massage.pk]}
    )
    assert Item.objects.filter(is_published=True).count() == 2


def test_bulk_unknown_id_404(manager_client, facial):
    response = manager_client.post(
        "/sales/items/bulk/", {"action": "publish", "pk": [facial.pk, 999999]}
    )

    assert response.status_code == 404


def test_toggle_needs_permission(frontdesk_client, facial):
    response = frontdesk_client.post(f"/sales/items/{facial.pk}/toggle-published/")

    assert response.status_code == 403


def test_unpublished_item_not_offered(frontdesk_client, facial, massage):
    massage.is_published = False
    massage.save()

    response = frontdesk_client.get("/sales/opening-balances/new/")

    offered = list(response.context["prepaid_entry"].fields["item"].queryset)
    assert offered == [facial]


def test_outsider_sees_catalogue(outsider_c, branch_c, facial):
    # The catalogue is the chain's; only customers are scoped to branches.
    client = client_for(outsider_c, branch_c)

    assert client.get("/sales/items/").status_code == 200
