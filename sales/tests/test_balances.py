from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_customer
from customers.models import Customer
from sales.balances import annotate_balances, customer_prepaid_summary, due_balance
from sales.models import (
    DuePayment,
    Item,
    OpeningBalance,
    OpeningDueLine,
    OpeningPrepaidLine,
    PrepaidLedgerEntry,
)


def open_balance(customer, branch, dues=(), prepaid=()):
    balance = OpeningBalance.objects.create(
        customer=customer, branch=branch, date="2026-01-05"
    )
    for amount in dues:
        OpeningDueLine.objects.create(opening_balance=balance, amount=Decimal(amount))
    for item, quantity, amount in prepaid:
        line = OpeningPrepaidLine.objects.create(
            opening_balance=balance,
            item=item,
            quantity=quantity,
            amount=Decimal(amount),
        )
        PrepaidLedgerEntry.objects.create(
            customer=customer,
            item=item,
            prepaid_line=line,
            kind=PrepaidLedgerEntry.Kind.OPENING,
            quantity=quantity,
            value=Decimal(amount),
            selling_branch=branch,
            branch=branch,
            date=balance.date,
        )
    return balance


@pytest.fixture
def facial(db):
    return Item.objects.create(code="F1", name="Facial", price=Decimal("80.00"))


def test_annotate_balances_zero_without_rows(branch_a):
    make_customer(branch_a)

    customer = annotate_balances(Customer.objects.all()).get()

    assert customer.due_balance == Decimal("0.00")
    assert customer.prepaid_balance == Decimal("0.00")


def test_annotate_balances_sums_exactly(branch_a, facial):
    customer = make_customer(branch_a)
    open_balance(
        customer, branch_a, dues=["0.10", "0.20"], prepaid=[(facial, 3, "100.00")]
    )
    DuePayment.objects.create(
        customer=customer, branch=branch_a, date="2026-01-06", amount=Decimal("0.05")
    )

    annotated = annotate_balances(Customer.objects.all()).get()

    assert annotated.due_balance == Decimal("0.25")
    assert str(annotated.due_balance) == "0.25"
    assert str(annotated.prepaid_balance) == "100.00"
    assert annotated.prepaid_balance == Decimal("100.00")
    assert due_balance(customer) == Decimal("0.25")


def test_annotate_balances_filters(branch_a, facial):
    owing = make_customer(branch_a, "Owing")
    make_customer(branch_a, "Clear")
    open_balance(owing, branch_a, dues=["12.50"])

    names = list(
        annotate_balances(Customer.objects.all())
        .filter(due_balance__gt=0)
        .values_list("name", flat=True)
    )

    assert names == ["Owing"]


def test_annotate_balances_one_query(branch_a, facial):
    for index in range(5):
        customer = make_customer(branch_a, f"C{index}")
        open_balance(customer, branch_a, dues=["1.00"], prepaid=[(facial, 1, "5.00")])

    with CaptureQueriesContext(connection) as queries:
        rows = list(annotate_balances(Customer.objects.all()))

    assert len(queries) == 1
    assert all(row.prepaid_balance == Decimal("5.00") for row in rows)


def test_prepaid_summary_per_item(branch_a, facial):
    customer = make_customer(branch_a)
    open_balance(customer, branch_a, prepaid=[(facial, 3, "100.00")])

    summary = customer_prepaid_summary(customer)

    assert [(s.item, s.quantity, s.value) for s in summary] == [
        (facial, 3, Decimal("100.00"))
    ]
