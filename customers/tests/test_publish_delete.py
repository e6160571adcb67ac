"""Publish toggle, bulk publish / unpublish and the delete guard."""

import pytest
from django.utils import timezone

from conftest import make_customer
from customers.models import Customer
from sales.models import Appointment


def book(customer):
    return Appointment.objects.create(
        customer=customer,
        branch=customer.home_branch,
        start=timezone.now(),
        item="Facial",
    )


def test_toggle_unpublishes_and_back(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Toggle Me")

    frontdesk_client.post(f"/customers/{customer.pk}/toggle-published/")
    customer.refresh_from_db()
    assert customer.is_published is False

    frontdesk_client.post(f"/customers/{customer.pk}/toggle-published/")
    customer.refresh_from_db()
    assert customer.is_published is True


def test_toggle_with_htmx_returns_cell(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Toggle Me")

    response = frontdesk_client.post(
        f"/customers/{customer.pk}/toggle-published/", headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert 'data-published="no"' in response.content.decode()


def test_toggle_needs_post(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Toggle Me")

    response = frontdesk_client.get(f"/customers/{customer.pk}/toggle-published/")

    assert response.status_code == 405


def test_unpublished_stays_searchable(frontdesk_client, branch_a):
    make_customer(branch_a, "Lim Hidden", is_published=False)

    response = frontdesk_client.get("/customers/", {"name": "lim"})

    assert [row.record.name for row in response.context["table"].paginated_rows] == [
        "Lim Hidden"
    ]


def test_unpublished_not_selectable(frontdesk_client, branch_a):
    make_customer(branch_a, "Lim Hidden", is_published=False)
    make_customer(branch_a, "Lim Shown")

    response = frontdesk_client.get("/customers/autocomplete/", {"q": "lim"})

    assert [result["text"].split(" (")[0] for result in response.json()["results"]] == [
        "Lim Shown"
    ]


def test_bulk_unpublish_and_publish(frontdesk_client, branch_a):
    first = make_customer(branch_a, "First")
    second = make_customer(branch_a, "Second")

    frontdesk_client.post(
        "/customers/bulk/", {"action": "unpublish", "pk": [first.pk, second.pk]}
    )
    assert Customer.objects.filter(is_published=False).count() == 2

    frontdesk_client.post("/customers/bulk/", {"action": "publish", "pk": [first.pk]})
    assert Customer.objects.filter(is_published=True).count() == 1


def test_bulk_delete_asks_for_confirmation(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Delete Me")

    response = frontdesk_client.post(
        "/customers/bulk/", {"action": "delete", "pk": [customer.pk]}
    )

    assert response.status_code == 200
    assert 'name="confirm" value="yes"' in response.content.decode()
    assert Customer.objects.filter(pk=customer.pk).exists()


def test_bulk_delete_keeps_protected(frontdesk_client, branch_a):
    free = make_customer(branch_a, "Free One")
    other = make_customer(branch_a, "Free Two")
    booked = make_customer(branch_a, "Booked One")
    book(booked)
    book(booked)

    response = frontdesk_client.post(
        "/customers/bulk/",
        {"action": "delete", "pk": [free.pk, other.pk, booked.pk], "confirm": "yes"},
    )

    html = response.content.decode()
    assert "Cannot delete the following record(s):" in html
    assert "Booked One" in html
    assert "2 appointments" in html
    assert list(Customer.objects.values_list("name", flat=True)) == ["Booked One"]
    assert 'value="unpublish"' in html


def test_confirmation_lists_blockers_before_delete(frontdesk_client, branch_a):
    booked = make_customer(branch_a, "Booked One")
    book(booked)

    response = frontdesk_client.post(
        "/customers/bulk/", {"action": "delete", "pk": [booked.pk]}
    )

    html = response.content.decode()
    assert "Cannot delete the following record(s):" in html
    assert "1 appointment</li>" in html.replace("\n", "").replace("  ", "")


@pytest.mark.parametrize("action", ["delete", "publish", "unpublish"])
def test_bulk_with_invisible_id_changes_nothing(
    frontdesk_client, branch_a, branch_c, action
):
    mine = make_customer(branch_a, "Mine")
    theirs = make_customer(branch_c, "Theirs")

    response = frontdesk_client.post(
        "/customers/bulk/",
        {"action": action, "pk": [mine.pk, theirs.pk], "confirm": "yes"},
    )

    assert response.status_code == 404
    assert Customer.objects.count() == 2
    assert Customer.objects.filter(is_published=True).count() == 2


def test_unpublish_offer_after_blocked_delete(frontdesk_client, branch_a):
    booked = make_customer(branch_a, "Booked One")
    book(booked)

    response = frontdesk_client.post(
        "/customers/bulk/",
        {"action": "unpublish", "pk": [booked.pk]},
    )

    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.is_published is False


def test_bulk_delete_returns_to_search(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Gone Soon")
    back = "/customers/?name=gone&sort=-code"

    response = frontdesk_client.post(
        "/customers/bulk/",
        {"action": "delete", "pk": [customer.pk], "confirm": "yes", "next": back},
    )

    assert response.status_code == 302
    assert response["Location"] == back
    assert not Customer.objects.filter(pk=customer.pk).exists()


def test_htmx_toggle_keeps_listing_to_return_to(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Toggle Me")
    back = "/customers/?name=toggle"

    response = frontdesk_client.post(
        f"/customers/{customer.pk}/toggle-published/",
        {"next": back},
        HTTP_HX_REQUEST="true",
    )

    assert f'name="next" value="{back}"' in response.content.decode()
