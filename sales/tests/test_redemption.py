"""Redemptions, reversals and rule 2: where prepaid items may be used."""

import threading
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection

from conftest import client_for, make_customer
from sales.balances import customer_prepaid_summary
from sales.ledger import redeem, reverse_redemption
from sales.models import PrepaidLedgerEntry
from sales.tests.conftest import open_balance
from sales.tests.forms import rendered_form

Kind = PrepaidLedgerEntry.Kind


def left_of(customer, item):
    for balance in customer_prepaid_summary(customer):
        if balance.item == item:
            return balance.quantity, balance.value
    return 0, Decimal("0.00")


def redeem_url(customer):
    return f"/sales/customers/{customer.pk}/redeem/"


def test_redeem_at_home_branch(user_b, branch_b, customer_with_facial, facial):
    entries = redeem(
        customer=customer_with_facial,
        item=facial,
        quantity=1,
        branch=branch_b,
        user=user_b,
    )

    assert len(entries) == 1
    entry = entries[0]
    assert (entry.quantity, entry.value) == (-1, Decimal("-33.33"))
    assert entry.selling_branch == branch_b
    assert entry.branch == branch_b
    assert entry.created_by == user_b
    assert left_of(customer_with_facial, facial) == (2, Decimal("66.67"))


def test_redeemed_values_add_up_exactly(branch_b, customer_with_facial, facial):
    values = []
    for _ in range(3):
        [entry] = redeem(
            customer=customer_with_facial,
            item=facial,
            quantity=1,
            branch=branch_b,
            user=None,
        )
        values.append(entry.value)

    assert values == [Decimal("-33.33"), Decimal("-33.34"), Decimal("-33.33")]
    assert sum(values) == Decimal("-100.00")
    assert left_of(customer_with_facial, facial) == (0, Decimal("0.00"))


def test_redeem_at_sharing_branch_records_both(
    branch_a, branch_b, customer_with_facial, facial
):
    [entry] = redeem(
        customer=customer_with_facial,
        item=facial,
        quantity=2,
        branch=branch_a,
        user=None,
    )

    assert entry.selling_branch == branch_b
    assert entry.branch == branch_a
    assert left_of(customer_with_facial, facial)[0] == 1


def test_redeem_at_non_sharing_branch_refused(
    branch_b, branch_c, customer_with_facial, facial
):
    with pytest.raises(ValidationError) as raised:
        redeem(
            customer=customer_with_facial,
            item=facial,
            quantity=1,
            branch=branch_c,
            user=None,
        )

    assert raised.value.messages == [
        "Bravo does not share its customers with Charlie, so Nur Aisyah's prepaid "
        "items cannot be redeemed here. Redeem them at Bravo or a branch it shares "
        "with."
    ]
    assert left_of(customer_with_facial, facial)[0] == 3


def test_sharing_is_one_way(branch_a, branch_b, facial):
    # B shares with A; A does not share with B.
    customer = make_customer(branch_a, "Alpha Home")
    open_balance(customer, prepaid=[(facial, 2, "20.00")])

    with pytest.raises(ValidationError) as raised:
        redeem(customer=customer, item=facial, quantity=1, branch=branch_b, user=None)

    assert raised.value.code == "not_shared"


def test_redeem_more_than_left_refused(branch_b, customer_with_facial, facial):
    with pytest.raises(ValidationError) as raised:
        redeem(
            customer=customer_with_facial,
            item=facial,
            quantity=4,
            branch=branch_b,
            user=None,
        )

    assert raised.value.messages == [
        "Only 3 units of Facial are left; 4 cannot be redeemed."
    ]
    assert not PrepaidLedgerEntry.objects.filter(kind=Kind.REDEMPTION).exists()


def test_redeem_draws_oldest_lot_first(branch_b, facial):
    customer = make_customer(branch_b)
    open_balance(
        customer, branch_b, prepaid=[(facial, 1, "10.00"), (facial, 2, "50.00")]
    )

    entries = redeem(
        customer=customer, item=facial, quantity=2, branch=branch_b, user=None
    )

    assert [(e.quantity, e.value) for e in entries] == [
        (-1, Decimal("-10.00")),
        (-1, Decimal("-25.00")),
    ]
    assert left_of(customer, facial) == (1, Decimal("25.00"))


def test_reversal_adds_opposite_row(branch_b, customer_with_facial, facial):
    [entry] = redeem(
        customer=customer_with_facial,
        item=facial,
        quantity=1,
        branch=branch_b,
        user=None,
    )

    reversal = reverse_redemption(entry, branch=branch_b, user=None)

    entry.refresh_from_db()
    assert (entry.quantity, entry.value) == (-1, Decimal("-33.33"))
    assert (reversal.quantity, reversal.value) == (1, Decimal("33.33"))
    assert reversal.reverses == entry
    assert reversal.selling_branch == branch_b
    assert left_of(customer_with_facial, facial) == (3, Decimal("100.00"))


def test_reversal_only_once(branch_b, customer_with_facial, facial):
    [entry] = redeem(
        customer=customer_with_facial,
        item=facial,
        quantity=1,
        branch=branch_b,
        user=None,
    )
    reverse_redemption(entry, branch=branch_b, user=None)

    with pytest.raises(ValidationError) as raised:
        reverse_redemption(entry, branch=branch_b, user=None)

    assert raised.value.messages == ["This redemption was already reversed."]


def test_reversal_at_other_branch_refused(
    branch_a, branch_b, customer_with_facial, facial
):
    [entry] = redeem(
        customer=customer_with_facial,
        item=facial,
        quantity=1,
        branch=branch_a,
        user=None,
    )

    with pytest.raises(ValidationError) as raised:
        reverse_redemption(entry, branch=branch_b, user=None)

    assert raised.value.messages == [
        "Only Alpha, where it was redeemed, can reverse it."
    ]


def test_opening_row_cannot_be_reversed(branch_b, customer_with_facial):
    opening = PrepaidLedgerEntry.objects.get(kind=Kind.OPENING)

    with pytest.raises(ValidationError):
        reverse_redemption(opening, branch=branch_b, user=None)


# Screens ---------------------------------------------------------------------


def test_redeem_page_posts_rendered_form(
    frontdesk_client, customer_with_facial, facial
):
    response = frontdesk_client.get(redeem_url(customer_with_facial))
    data = rendered_form(response, "redeem-form")
    data.update(item=str(facial.pk), quantity="1")

    response = frontdesk_client.post(redeem_url(customer_with_facial), data)

    assert response.status_code == 302
    assert response.url == f"/customers/{customer_with_facial.pk}/"
    entry = PrepaidLedgerEntry.objects.get(kind=Kind.REDEMPTION)
    assert entry.branch.code == "A"
    assert entry.selling_branch.code == "B"


def test_redeem_page_too_many_shows_message(
    frontdesk_client, customer_with_facial, facial
):
    response = frontdesk_client.post(
        redeem_url(customer_with_facial), {"item": facial.pk, "quantity": "5"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["quantity"] == [
        "Only 3 units of Facial are left; 5 cannot be redeemed."
    ]


@pytest.mark.parametrize("quantity", ["0", "-1", "1.5", "abc", "99999999999"])
def test_redeem_bad_quantity_no_500(
    frontdesk_client, customer_with_facial, facial, quantity
):
    response = frontdesk_client.post(
        redeem_url(customer_with_facial), {"item": facial.pk, "quantity": quantity}
    )

    assert response.status_code == 200
    assert "quantity" in response.context["form"].errors


def test_redeem_url_outside_visibility_404(frontdesk_client, branch_c, facial):
    outsider = make_customer(branch_c, "Charlie Only")
    open_balance(outsider, prepaid=[(facial, 1, "5.00")])

    assert frontdesk_client.get(redeem_url(outsider)).status_code == 404
    response = frontdesk_client.post(
        redeem_url(outsider), {"item": facial.pk, "quantity": "1"}
    )
    assert response.status_code == 404
    assert not PrepaidLedgerEntry.objects.filter(kind=Kind.REDEMPTION).exists()


def test_redeem_url_unpublished_404(frontdesk_client, branch_a, facial):
    hidden = make_customer(branch_a, "Lim Hidden", is_published=False)
    open_balance(hidden, prepaid=[(facial, 1, "5.00")])

    assert frontdesk_client.get(redeem_url(hidden)).status_code == 404


def test_redeem_needs_permission(user_b, branch_b, customer_with_facial):
    user_b.groups.clear()
    user_b.user_permissions.add(Permission.objects.get(codename="view_customer"))
    client = client_for(user_b, branch_b)

    assert client.get(redeem_url(customer_with_facial)).status_code == 403
    assert client.get("/sales/redeem/").status_code == 403


def test_general_form_rejects_non_shared_customer(frontdesk_client, branch_c, facial):
    outsider = make_customer(branch_c, "Charlie Only")
    open_balance(outsider, prepaid=[(facial, 1, "5.00")])

    response = frontdesk_client.post(
        "/sales/redeem/",
        {"customer": outsider.pk, "item": facial.pk, "quantity": "1"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["customer"] == [
        "Prepaid items are redeemed only at the customer's home branch and the "
        "branches it shares its customers with; this customer is not available "
        "at Alpha."
    ]
    assert not PrepaidLedgerEntry.objects.filter(kind=Kind.REDEMPTION).exists()


def test_general_form_rejects_unpublished(frontdesk_client, branch_a, facial):
    hidden = make_customer(branch_a, "Lim Hidden", is_published=False)
    open_balance(hidden, prepaid=[(facial, 1, "5.00")])

    response = frontdesk_client.post(
        "/sales/redeem/", {"customer": hidden.pk, "item": facial.pk, "quantity": "1"}
    )

    assert response.context["form"].errors["customer"] == [
        "Lim Hidden is unpublished and cannot be chosen. Publish the customer first."
    ]


def test_general_form_redeems(frontdesk_client, customer_with_facial, facial):
    response = frontdesk_client.get("/sales/redeem/")
    data = rendered_form(response, "redeem-form")
    data.update(customer=str(customer_with_facial.pk), item=str(facial.pk))

    response = frontdesk_client.post("/sales/redeem/", data)

    assert response.status_code == 302
    assert left_of(customer_with_facial, facial)[0] == 2


def test_redeem_page_offers_items_left(
    frontdesk_client, customer_with_facial, facial, massage
):
    open_balance(
        make_customer(customer_with_facial.home_branch, "Other"),
        prepaid=[(massage, 1, "9.00")],
    )

    response = frontdesk_client.get(redeem_url(customer_with_facial))

    assert list(response.context["form"].fields["item"].queryset) == [facial]


def test_reverse_button_flow(frontdesk_client, customer_with_facial, facial):
    frontdesk_client.post(
        redeem_url(customer_with_facial), {"item": facial.pk, "quantity": "1"}
    )
    entry = PrepaidLedgerEntry.objects.get(kind=Kind.REDEMPTION)
    page = frontdesk_client.get(f"/customers/{customer_with_facial.pk}/")
    assert f"/sales/ledger/{entry.pk}/reverse/" in page.content.decode()

    response = frontdesk_client.post(f"/sales/ledger/{entry.pk}/reverse/")

    assert response.status_code == 302
    assert left_of(customer_with_facial, facial)[0] == 3


def test_reverse_outside_visibility_404(
    outsider_c, branch_c, customer_with_facial, facial
):
    [entry] = redeem(
        customer=customer_with_facial,
        item=facial,
        quantity=1,
        branch=customer_with_facial.home_branch,
        user=None,
    )
    client = client_for(outsider_c, branch_c)

    assert client.post(f"/sales/ledger/{entry.pk}/reverse/").status_code == 404
    assert not PrepaidLedgerEntry.objects.filter(kind=Kind.REVERSAL).exists()


def test_reverse_needs_post(frontdesk_client, customer_with_facial):
    entry = PrepaidLedgerEntry.objects.get()

    assert frontdesk_client.get(f"/sales/ledger/{entry.pk}/reverse/").status_code == 405


def test_customer_page_shows_ledger(
    frontdesk_client, frontdesk_a, branch_a, customer_with_facial, facial
):
    redeem(
        customer=customer_with_facial,
        item=facial,
        quantity=1,
        branch=branch_a,
        user=frontdesk_a,
    )

    html = frontdesk_client.get(
        f"/customers/{customer_with_facial.pk}/"
    ).content.decode()

    assert 'data-kind="opening"' in html
    assert 'data-kind="redemption"' in html
    assert "frontdesk_a" in html
    assert 'class="text-end prepaid-quantity">2<' in html
    assert "SGD 66.67" in html


# Concurrency -------------------------------------------------------------------


@pytest.mark.postgres
def test_two_redeem_last_unit_at_once(transactional_db, branch_b, facial):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL; set DATABASE_URL to run this test.")
    customer = make_customer(branch_b, "Last Unit")
    open_balance(customer, prepaid=[(facial, 1, "50.00")])
    barrier = threading.Barrier(2)
    outcomes = []

    def redeem_last():
        try:
            barrier.wait(timeout=10)
            redeem(
                customer=customer, item=facial, quantity=1, branch=branch_b, user=None
            )
            outcomes.append("redeemed")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=redeem_last) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["insufficient", "redeemed"]
    assert left_of(customer, facial) == (0, Decimal("0.00"))
    assert PrepaidLedgerEntry.objects.filter(kind=Kind.REDEMPTION).count() == 1
