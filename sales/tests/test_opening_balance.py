"""Customer Opening Balance: the form, its lines, the ledger and the listing."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import client_for, make_customer
from sales.balances import customer_prepaid_summary, due_balance
from sales.ledger import record_due_payment, redeem
from sales.models import (
    OpeningBalance,
    OpeningDueLine,
    OpeningPrepaidLine,
    PrepaidLedgerEntry,
)
from sales.tests.conftest import open_balance
from sales.tests.forms import rendered_form

NEW_URL = "/sales/opening-balances/new/"
FORM_CLASS = "opening-balance-form"
Kind = PrepaidLedgerEntry.Kind


def add_line(client, url, data, kind, **values):
    """Press Add on the entry row of `kind` without JavaScript."""
    for name, value in values.items():
        data[f"{kind}_entry-{name}"] = value
    response = client.post(url, {**data, "add": kind})
    assert response.status_code == 200
    return response, rendered_form(response, FORM_CLASS)


def enter_balance(client, customer, dues=(), prepaid=(), url=NEW_URL):
    """Open the form, choose the customer, add each line with Add."""
    data = rendered_form(client.get(url), FORM_CLASS)
    if customer is not None:
        data["customer"] = str(customer.pk)
    for amount, note in dues:
        _, data = add_line(client, url, data, "due", amount=amount, note=note)
    for item, quantity, amount in prepaid:
        _, data = add_line(
            client,
            url,
            data,
            "prepaid",
            item=str(item.pk),
            quantity=quantity,
            amount=amount,
        )
    return data


def test_new_form_renders_picker(frontdesk_client):
    response = frontdesk_client.get(NEW_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "data-customer-picker" in html
    assert 'data-source="/customers/autocomplete/"' in html


def test_save_writes_balance_lines_ledger(frontdesk_client, branch_a, facial, massage):
    customer = make_customer(branch_a, "Tan Mei Ling")
    data = enter_balance(
        frontdesk_client,
        customer,
        dues=[("0.10", "Old invoice"), ("0.20", "")],
        prepaid=[(facial, "3", "100.00"), (massage, "2", "240.00")],
    )

    response = frontdesk_client.post(NEW_URL, {**data, "action": "save"})

    assert response.status_code == 302
    balance = OpeningBalance.objects.get()
    assert balance.branch == branch_a
    assert balance.due_lines.count() == 2
    assert balance.prepaid_lines.count() == 2
    assert due_balance(customer) == Decimal("0.30")
    rows = PrepaidLedgerEntry.objects.filter(customer=customer, kind=Kind.OPENING)
    assert sorted(rows.values_list("quantity", "value")) == [
        (2, Decimal("240.00")),
        (3, Decimal("100.00")),
    ]


def test_due_lines_total_exactly(frontdesk_client, branch_a):
    customer = make_customer(branch_a)
    data = enter_balance(frontdesk_client, customer, dues=[("0.10", ""), ("0.20", "")])

    response = frontdesk_client.post(NEW_URL, {**data, "add": "due"})

    assert response.context["due_total"] == Decimal("0.30")
    assert 'id="due-total">SGD 0.30<' in response.content.decode()


def test_customer_page_shows_totals(frontdesk_client, branch_a, facial, massage):
    customer = make_customer(branch_a)
    data = enter_balance(
        frontdesk_client,
        customer,
        dues=[("0.10", ""), ("0.20", "")],
        prepaid=[(facial, "3", "100.00"), (massage, "2", "240.00")],
    )
    frontdesk_client.post(NEW_URL, {**data, "action": "save"})

    html = frontdesk_client.get(f"/customers/{customer.pk}/").content.decode()

    assert 'class="due-balance" data-amount="0.30">SGD 0.30<' in html
    assert ">SGD 340.00<" in html
    assert ">SGD 100.00<" in html
    assert ">SGD 240.00<" in html


def test_add_keeps_typed_values(frontdesk_client, branch_a, facial):
    customer = make_customer(branch_a)
    data = rendered_form(frontdesk_client.get(NEW_URL), FORM_CLASS)
    data.update(customer=str(customer.pk), reference="OLD-77", remarks="Paper card")

    response, data = add_line(
        frontdesk_client, NEW_URL, data, "due", amount="12.50", note="Lotion"
    )

    assert data["customer"] == str(customer.pk)
    assert data["reference"] == "OLD-77"
    assert data["remarks"] == "Paper card"
    assert data["due-TOTAL_FORMS"] == "1"
    assert data["due-0-amount"] == "12.50"
    assert data["due-0-note"] == "Lotion"
    assert data["due_entry-amount"] == ""
    assert "Choose a customer" not in response.content.decode()


def test_add_before_customer_is_quiet(frontdesk_client):
    data = rendered_form(frontdesk_client.get(NEW_URL), FORM_CLASS)

    response, data = add_line(frontdesk_client, NEW_URL, data, "due", amount="5")

    assert data["due-0-amount"] == "5"
    assert "Choose a customer." not in response.content.decode()


def test_add_empty_entry_shows_error(frontdesk_client):
    data = rendered_form(frontdesk_client.get(NEW_URL), FORM_CLASS)

    response = frontdesk_client.post(NEW_URL, {**data, "add": "due"})

    assert "Fill in this line first." in response.content.decode()


def test_remove_line_before_saving(frontdesk_client, branch_a):
    customer = make_customer(branch_a)
    data = enter_balance(
        frontdesk_client, customer, dues=[("10.00", "keep"), ("99.00", "drop")]
    )

    response = frontdesk_client.post(NEW_URL, {**data, "remove": "due-1"})
    data = rendered_form(response, FORM_CLASS)
    assert response.context["due_total"] == Decimal("10.00")
    frontdesk_client.post(NEW_URL, {**data, "action": "save"})

    assert list(OpeningDueLine.objects.values_list("note", flat=True)) == ["keep"]


def test_enter_adds_typed_line(frontdesk_client, branch_a):
    data = rendered_form(frontdesk_client.get(NEW_URL), FORM_CLASS)
    data["due_entry-amount"] = "7.25"

    response = frontdesk_client.post(NEW_URL, {**data, "refresh": "1"})

    assert rendered_form(response, FORM_CLASS)["due-0-amount"] == "7.25"
    assert not OpeningBalance.objects.exists()


def test_save_adds_line_left_on_entry_row(frontdesk_client, branch_a):
    customer = make_customer(branch_a)
    data = enter_balance(frontdesk_client, customer, dues=[("1.00", "")])
    data["due_entry-amount"] = "2.00"

    frontdesk_client.post(NEW_URL, {**data, "action": "save"})

    assert due_balance(customer) == Decimal("3.00")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5.00", "Enter an amount more than zero."),
        ("1.234", "Enter at most 2 decimal places, for example 12.50."),
        ("10000000000.00", "Enter an amount below 10,000,000,000."),
        ("12,50", "Enter an amount such as 12.50."),
        ("NaN", "Enter an amount such as 12.50."),
    ],
)
def test_bad_due_amount_on_entry_row(frontdesk_client, branch_a, amount, message):
    data = rendered_form(frontdesk_client.get(NEW_URL), FORM_CLASS)
    data["due_entry-amount"] = amount

    response = frontdesk_client.post(NEW_URL, {**data, "add": "due"})

    assert response.status_code == 200
    assert response.context["due_entry"].errors["amount"] == [message]
    assert f'value="{amount}"' in response.content.decode()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5.00", "Enter an amount more than zero."),
        ("1.234", "Enter at most 2 decimal places, for example 12.50."),
        ("99999999999.99", "Enter an amount below 10,000,000,000."),
    ],
)
def test_bad_due_amount_on_saved_row(frontdesk_client, branch_a, amount, message):
    customer = make_customer(branch_a)
    data = enter_balance(frontdesk_client, customer, dues=[("1.00", "")])
    data["due-0-amount"] = amount

    response = frontdesk_client.post(NEW_URL, {**data, "action": "save"})

    assert response.status_code == 200
    assert response.context["due_formset"].forms[0].errors["amount"] == [message]
    assert not OpeningBalance.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "-1", "The amount cannot be negative."),
        ("amount", "0.001", "Enter at most 2 decimal places, for example 12.50."),
        ("quantity", "0", "Enter a quantity of at least 1."),
        ("quantity", "2.5", "Enter a whole number."),
    ],
)
def test_bad_prepaid_entry(frontdesk_client, facial, field, value, message):
    data = rendered_form(frontdesk_client.get(NEW_URL), FORM_CLASS)
    data.update(
        {
            "prepaid_entry-item": str(facial.pk),
            "prepaid_entry-quantity": "1",
            "prepaid_entry-amount": "10",
        }
    )
    data[f"prepaid_entry-{field}"] = value

    response = frontdesk_client.post(NEW_URL, {**data, "add": "prepaid"})

    assert response.context["prepaid_entry"].errors[field] == [message]


def test_free_prepaid_sessions_allowed(frontdesk_client, branch_a, facial):
    customer = make_customer(branch_a)
    data = enter_balance(frontdesk_client, customer, prepaid=[(facial, "2", "0")])

    frontdesk_client.post(NEW_URL, {**data, "action": "save"})

    assert customer_prepaid_summary(customer)[0].quantity == 2


def test_tampered_management_form_no_500(frontdesk_client, branch_a):
    customer = make_customer(branch_a)
    data = enter_balance(frontdesk_client, customer, dues=[("1.00", "")])
    data["due-TOTAL_FORMS"] = "abc"

    for extra in ({"action": "save"}, {"add": "due", "due_entry-amount": "2"}):
        response = frontdesk_client.post(NEW_URL, {**data, **extra})
        assert response.status_code == 200
    assert not OpeningBalance.objects.exists()


def test_unpublished_customer_rejected(frontdesk_client, branch_a):
    hidden = make_customer(branch_a, "Lim Hidden", is_published=False)
    data = enter_balance(frontdesk_client, hidden, dues=[("5.00", "")])

    response = frontdesk_client.post(NEW_URL, {**data, "action": "save"})

    assert response.status_code == 200
    assert response.context["form"].errors["customer"] == [
        "Lim Hidden is unpublished and cannot be chosen. Publish the customer first."
    ]
    assert not OpeningBalance.objects.exists()


def test_invisible_customer_rejected(frontdesk_client, branch_c):
    outsider = make_customer(branch_c, "Charlie Only")
    data = enter_balance(frontdesk_client, outsider, dues=[("5.00", "")])

    response = frontdesk_client.post(NEW_URL, {**data, "action": "save"})

    errors = response.context["form"].errors["customer"]
    assert errors == [
        "This customer is not available at this branch. Choose a customer from "
        "the list."
    ]
    assert "Charlie Only" not in response.content.decode()
    assert not OpeningBalance.objects.exists()


def test_typed_name_finds_customer_without_js(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Siti Rahmah")
    make_customer(branch_a, "Siti Hidden", is_published=False)
    data = enter_balance(frontdesk_client, None, dues=[("5.00", "")])
    data.update(customer="", customer_search="siti")

    frontdesk_client.post(NEW_URL, {**data, "action": "save"})

    assert OpeningBalance.objects.get().customer == customer


def test_typed_name_ambiguous(frontdesk_client, branch_a):
    make_customer(branch_a, "Siti Rahmah")
    make_customer(branch_a, "Siti Aminah")
    data = enter_balance(frontdesk_client, None, dues=[("5.00", "")])
    data.update(customer="", customer_search="siti")

    response = frontdesk_client.post(NEW_URL, {**data, "action": "save"})

    assert response.context["form"].errors["customer"] == [
        "2 customers match “siti”. Type more of the name, code or phone number, "
        "or pick one from the list."
    ]
    assert 'value="siti"' in response.content.decode()


def test_typed_name_ignores_unpublished(frontdesk_client, branch_a):
    make_customer(branch_a, "Siti Hidden", is_published=False)
    data = enter_balance(frontdesk_client, None, dues=[("5.00", "")])
    data.update(customer="", customer_search="Siti Hidden")

    response = frontdesk_client.post(NEW_URL, {**data, "action": "save"})

    assert response.context["form"].errors["customer"] == [
        "No published customer matches “Siti Hidden”."
    ]


def test_second_balance_same_branch_rejected(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Tan Mei Ling")
    open_balance(customer, dues=["1.00"])
    data = enter_balance(frontdesk_client, customer, dues=[("5.00", "")])

    response = frontdesk_client.post(NEW_URL, {**data, "action": "save"})

    assert response.context["form"].errors["customer"] == [
        "Tan Mei Ling already has an opening balance at Alpha. Edit that one instead."
    ]
    assert OpeningBalance.objects.count() == 1


def test_save_actions_redirect(frontdesk_client, branch_a):
    first = make_customer(branch_a, "First")
    second = make_customer(branch_a, "Second")
    third = make_customer(branch_a, "Third")
    expected = {
        first: ("save", "/sales/opening-balances/"),
        second: ("save_next", NEW_URL),
    }
    for customer, (action, url) in expected.items():
        data = enter_balance(frontdesk_client, customer, dues=[("1.00", "")])
        response = frontdesk_client.post(NEW_URL, {**data, "action": action})
        assert response.url == url

    data = enter_balance(frontdesk_client, third, dues=[("1.00", "")])
    response = frontdesk_client.post(NEW_URL, {**data, "action": "apply"})
    balance = OpeningBalance.objects.get(customer=third)
    assert response.url == f"/sales/opening-balances/{balance.pk}/edit/"


def test_success_message_names_customer(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Tan Mei Ling", code="C-77")
    data = enter_balance(frontdesk_client, customer, dues=[("1.00", "")])

    response = frontdesk_client.post(NEW_URL, {**data, "action": "save"}, follow=True)

    assert "The opening balance of Tan Mei Ling (C-77) was saved." in (
        response.content.decode()
    )


# Editing ---------------------------------------------------------------------


def edit_url(balance):
    return f"/sales/opening-balances/{balance.pk}/edit/"


def test_edit_adds_correction_rows(frontdesk_client, branch_a, facial):
    customer = make_customer(branch_a)
    balance = open_balance(customer, prepaid=[(facial, 3, "90.00")])
    opening = PrepaidLedgerEntry.objects.get()
    data = rendered_form(frontdesk_client.get(edit_url(balance)), FORM_CLASS)
    data.update({"prepaid-0-quantity": "5", "prepaid-0-amount": "150.00"})

    response = frontdesk_client.post(edit_url(balance), {**data, "action": "save"})

    assert response.status_code == 302
    opening.refresh_from_db()
    assert (opening.quantity, opening.value) == (3, Decimal("90.00"))
    correction = PrepaidLedgerEntry.objects.get(kind=Kind.CORRECTION)
    assert (correction.quantity, correction.value) == (2, Decimal("60.00"))
    summary = customer_prepaid_summary(customer)
    assert (summary[0].quantity, summary[0].value) == (5, Decimal("150.00"))


def test_edit_unchanged_adds_no_rows(frontdesk_client, branch_a, facial):
    balance = open_balance(make_customer(branch_a), prepaid=[(facial, 3, "90.00")])
    data = rendered_form(frontdesk_client.get(edit_url(balance)), FORM_CLASS)

    frontdesk_client.post(edit_url(balance), {**data, "action": "save"})

    assert PrepaidLedgerEntry.objects.count() == 1


def test_edit_keeps_redeemed_value(frontdesk_client, frontdesk_a, branch_a, facial):
    customer = make_customer(branch_a)
    balance = open_balance(customer, prepaid=[(facial, 4, "100.00")])
    redeem(customer=customer, item=facial, quantity=1, branch=branch_a, user=None)
    data = rendered_form(frontdesk_client.get(edit_url(balance)), FORM_CLASS)
    data["prepaid-0-amount"] = "200.00"

    frontdesk_client.post(edit_url(balance), {**data, "action": "save"})

    summary = customer_prepaid_summary(customer)
    assert (summary[0].quantity, summary[0].value) == (3, Decimal("150.00"))


def test_edit_below_redeemed_rejected(frontdesk_client, branch_a, facial):
    customer = make_customer(branch_a)
    balance = open_balance(customer, prepaid=[(facial, 3, "90.00")])
    redeem(customer=customer, item=facial, quantity=2, branch=branch_a, user=None)
    data = rendered_form(frontdesk_client.get(edit_url(balance)), FORM_CLASS)
    data["prepaid-0-quantity"] = "1"

    response = frontdesk_client.post(edit_url(balance), {**data, "action": "save"})

    assert response.context["prepaid_formset"].forms[0].errors["quantity"] == [
        "2 units were already redeemed; enter at least 2."
    ]
    assert not PrepaidLedgerEntry.objects.filter(kind=Kind.CORRECTION).exists()


def test_edit_redeemed_line_has_no_remove(frontdesk_client, branch_a, facial):
    customer = make_customer(branch_a)
    balance = open_balance(customer, prepaid=[(facial, 3, "90.00")])
    redeem(customer=customer, item=facial, quantity=1, branch=branch_a, user=None)

    response = frontdesk_client.get(edit_url(balance))
    data = rendered_form(response, FORM_CLASS)
    data["prepaid-0-DELETE"] = "on"
    html = response.content.decode()
    response = frontdesk_client.post(edit_url(balance), {**data, "action": "save"})

    assert "1 redeemed" in html
    assert 'value="prepaid-0"' not in html
    assert response.status_code == 200
    assert OpeningPrepaidLine.objects.get().is_removed is False


def test_edit_remove_line_adds_negative_row(frontdesk_client, branch_a, facial):
    customer = make_customer(branch_a)
    balance = open_balance(customer, prepaid=[(facial, 3, "90.00")])
    data = rendered_form(frontdesk_client.get(edit_url(balance)), FORM_CLASS)
    data = rendered_form(
        frontdesk_client.post(edit_url(balance), {**data, "remove": "prepaid-0"}),
        FORM_CLASS,
    )

    frontdesk_client.post(edit_url(balance), {**data, "action": "save"})

    line = OpeningPrepaidLine.objects.get()
    assert line.is_removed is True
    correction = PrepaidLedgerEntry.objects.get(kind=Kind.CORRECTION)
    assert (correction.quantity, correction.value) == (-3, Decimal("-90.00"))
    assert customer_prepaid_summary(customer) == []


def test_edit_change_item_moves_units(frontdesk_client, branch_a, facial, massage):
    customer = make_customer(branch_a)
    balance = open_balance(customer, prepaid=[(facial, 3, "90.00")])
    data = rendered_form(frontdesk_client.get(edit_url(balance)), FORM_CLASS)
    data["prepaid-0-item"] = str(massage.pk)

    frontdesk_client.post(edit_url(balance), {**data, "action": "save"})

    summary = customer_prepaid_summary(customer)
    assert [(s.item, s.quantity, s.value) for s in summary] == [
        (massage, 3, Decimal("90.00"))
    ]
    assert PrepaidLedgerEntry.objects.count() == 3


def test_edit_adds_new_line(frontdesk_client, branch_a, facial, massage):
    customer = make_customer(branch_a)
    balance = open_balance(customer, prepaid=[(facial, 3, "90.00")])
    data = enter_balance(
        frontdesk_client, None, prepaid=[(massage, "1", "50.00")], url=edit_url(balance)
    )

    frontdesk_client.post(edit_url(balance), {**data, "action": "save"})

    added = PrepaidLedgerEntry.objects.get(kind=Kind.CORRECTION)
    assert (added.item, added.quantity, added.value) == (massage, 1, Decimal("50.00"))


def test_edit_due_below_paid_rejected(frontdesk_client, frontdesk_a, branch_a):
    customer = make_customer(branch_a)
    balance = open_balance(customer, dues=["50.00"])
    record_due_payment(
        customer=customer,
        amount=Decimal("40.00"),
        date="2026-01-06",
        branch=branch_a,
        user=frontdesk_a,
    )
    data = rendered_form(frontdesk_client.get(edit_url(balance)), FORM_CLASS)
    data["due-0-amount"] = "30.00"

    response = frontdesk_client.post(edit_url(balance), {**data, "action": "save"})

    assert response.status_code == 200
    assert "total less than the customer has already paid" in (
        response.content.decode()
    )
    assert OpeningDueLine.objects.get().amount == Decimal("50.00")


def test_edit_other_branch_balance_404(frontdesk_client, branch_b, facial):
    balance = open_balance(make_customer(branch_b), prepaid=[(facial, 1, "9.00")])

    assert frontdesk_client.get(edit_url(balance)).status_code == 404


def test_edit_invisible_balance_404(frontdesk_client, branch_c, facial):
    balance = open_balance(make_customer(branch_c), prepaid=[(facial, 1, "9.00")])

    assert frontdesk_client.get(edit_url(balance)).status_code == 404


def test_new_needs_permission(user_b, branch_b, db):
    from django.contrib.auth.models import Permission

    user_b.groups.clear()
    user_b.user_permissions.add(Permission.objects.get(codename="view_openingbalance"))
    client = client_for(user_b, branch_b)

    assert client.get(NEW_URL).status_code == 403
    assert client.get("/sales/opening-balances/").status_code == 200


# Listing ---------------------------------------------------------------------


def test_listing_shows_visible_only(frontdesk_client, branch_a, branch_b, branch_c):
    open_balance(make_customer(branch_a, "Alpha Person"), dues=["1.00"])
    open_balance(make_customer(branch_b, "Bravo Person"), dues=["2.00"])
    open_balance(make_customer(branch_c, "Charlie Person"), dues=["3.00"])

    response = frontdesk_client.get("/sales/opening-balances/")

    names = [row.record.customer.name for row in response.context["table"].rows]
    assert sorted(names) == ["Alpha Person", "Bravo Person"]


def test_listing_totals_and_search(frontdesk_client, branch_a, facial):
    open_balance(
        make_customer(branch_a, "Tan Mei Ling", code="TML-1"),
        dues=["0.10", "0.20"],
        prepaid=[(facial, 2, "160.00")],
    )
    open_balance(make_customer(branch_a, "Lim Ah Kow"), dues=["5.00"])

    response = frontdesk_client.get("/sales/opening-balances/", {"code": "tml"})

    rows = list(response.context["table"].rows)
    assert len(rows) == 1
    assert rows[0].record.due_total == Decimal("0.30")
    assert rows[0].record.prepaid_total == Decimal("160.00")
    html = response.content.decode()
    assert "SGD 0.30" in html
    assert "SGD 160.00" in html


@pytest.mark.parametrize(
    "query",
    [
        {"sort": "due_total"},
        {"sort": "-prepaid_total"},
        {"sort": "nonsense"},
        {"date": "not-a-date"},
        {"branch": "999999"},
        {"page": "999"},
        {"customer": "x" * 500},
    ],
)
def test_listing_bad_params_no_500(frontdesk_client, branch_a, query):
    open_balance(make_customer(branch_a), dues=["1.00"])

    assert frontdesk_client.get("/sales/opening-balances/", query).status_code == 200


def test_listing_query_count_flat(frontdesk_client, branch_a, facial):
    open_balance(make_customer(branch_a, "One"), dues=["1.00"])
    # The first request saves the session; count from the second one.
    frontdesk_client.get("/sales/opening-balances/")
    with CaptureQueriesContext(connection) as few:
        frontdesk_client.get("/sales/opening-balances/")
    for index in range(6):
        open_balance(
            make_customer(branch_a, f"More {index}"),
            dues=["1.00"],
            prepaid=[(facial, 1, "2.00")],
        )

    with CaptureQueriesContext(connection) as many:
        frontdesk_client.get("/sales/opening-balances/")

    assert len(many) == len(few)


def test_picker_source_offers_selectable_only(frontdesk_client, branch_a, branch_c):
    make_customer(branch_a, "Nur Shown")
    make_customer(branch_a, "Nur Hidden", is_published=False)
    make_customer(branch_c, "Nur Elsewhere")
    page = frontdesk_client.get(NEW_URL).content.decode()
    source = page.split('data-source="', 1)[1].split('"', 1)[0]

    response = frontdesk_client.get(source, {"q": "nur"})

    texts = [result["text"] for result in response.json()["results"]]
    assert len(texts) == 1
    assert texts[0].startswith("Nur Shown")


def test_chosen_customer_label_kept_on_error(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Tan Mei Ling", code="TML-9")
    data = enter_balance(frontdesk_client, customer, dues=[("1.00", "")])
    data.update(customer_search="", date="not-a-date")

    response = frontdesk_client.post(NEW_URL, {**data, "action": "save"})

    form = rendered_form(response, FORM_CLASS)
    assert form["customer"] == str(customer.pk)
    assert form["customer_search"] == "Tan Mei Ling (TML-9)"
    assert form["date"] == "not-a-date"


def test_balance_without_lines_rejected(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "No Lines")

    response = frontdesk_client.post(
        "/sales/opening-balances/new/",
        {
            "customer": customer.pk,
            "date": "2026-01-05",
            "due-TOTAL_FORMS": "0",
            "due-INITIAL_FORMS": "0",
            "prepaid-TOTAL_FORMS": "0",
            "prepaid-INITIAL_FORMS": "0",
            "action": "save",
        },
    )

    assert response.status_code == 200
    assert "Add at least one due line" in response.content.decode()
    assert not OpeningBalance.objects.exists()
