"""A customer's due balance and prepaid balance, read from the database.

The due balance is the sum of the opening due lines less the due payments.
The prepaid balance is the value of the prepaid units not yet used, which is
the sum of the prepaid ledger's `value` column. Both are computed in SQL
subqueries, so annotating a listing of any length adds no query per row.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from sales.models import (
    MONEY_DECIMAL_PLACES,
    MONEY_MAX_DIGITS,
    ZERO,
    DuePayment,
    Item,
    OpeningDueLine,
    PrepaidLedgerEntry,
)

CENT = Decimal("0.01")


def money_output():
    return DecimalField(
        max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES
    )


def _quantize_cents(value, expression, connection):
    return None if value is None else value.quantize(CENT)


class MoneyExpression(ExpressionWrapper):
    """An amount computed in SQL, returned as a Decimal with two places.

    SQLite sums decimals as floating point and Django returns such results
    unrounded (0.300000000000000), so the value is rounded to cents here.
    """

    def __init__(self, expression):
        super().__init__(expression, output_field=money_output())

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), _quantize_cents]


def _sum_for_customer(queryset, customer_path: str, column: str):
    """Return a subquery summing `column` over the outer customer's rows."""
    totals = (
        queryset.filter(**{customer_path: OuterRef("pk")})
        .order_by()
        .values(customer_path)
        .annotate(total=Sum(column))
        .values("total")
    )
    return Coalesce(
        Subquery(totals, output_field=money_output()),
        Value(ZERO),
        output_field=money_output(),
    )


def due_balance_expression():
    """Opening due lines less due payments of the outer customer."""
    return MoneyExpression(
        _sum_for_customer(
            OpeningDueLine.objects.all(), "opening_balance__customer", "amount"
        )
        - _sum_for_customer(DuePayment.objects.all(), "customer", "amount")
    )


def prepaid_balance_expression():
    """Value of the outer customer's unused prepaid units."""
    return MoneyExpression(
        _sum_for_customer(PrepaidLedgerEntry.objects.all(), "customer", "value")
    )


def annotate_balances(queryset):
    """Annotate a Customer queryset with `due_balance` and `prepaid_balance`.

    Both are Decimals with two places, 0.00 for a customer with none. Filter
    on them as on any annotation, for example `due_balance__gt=0`.
    """
    return queryset.annotate(
        due_balance=due_balance_expression(),
        prepaid_balance=prepaid_balance_expression(),
    )


def due_balance(customer) -> Decimal:
    """Return the customer's due balance, read from the database."""
    due = OpeningDueLine.objects.filter(opening_balance__customer=customer).aggregate(
        total=Sum("amount")
    )["total"]
    paid = DuePayment.objects.filter(customer=customer).aggregate(total=Sum("amount"))[
        "total"
    ]
    return ((due or ZERO) - (paid or ZERO)).quantize(CENT)


@dataclass
class PrepaidBalance:
    """The quantity and value left of one item for one customer."""

    item: Item
    quantity: int
    value: Decimal


def customer_prepaid_summary(customer) -> list[PrepaidBalance]:
    """Per item, the customer's remaining prepaid quantity and its value.

    Items used up (quantity 0 and value 0) are left out. Two queries.
    """
    rows = (
        PrepaidLedgerEntry.objects.filter(customer=customer)
        .values("item")
        .annotate(quantity=Sum("quantity"), value=Sum("value"))
        .order_by()
    )
    totals = {
        row["item"]: (row["quantity"] or 0, (row["value"] or ZERO).quantize(CENT))
        for row in rows
    }
    items = Item.objects.in_bulk([pk for pk, (q, v) in totals.items() if q or v])
    summary = [
        PrepaidBalance(item=items[pk], quantity=totals[pk][0], value=totals[pk][1])
        for pk in items
    ]
    summary.sort(key=lambda balance: (balance.item.name, balance.item.pk))
    return summary
