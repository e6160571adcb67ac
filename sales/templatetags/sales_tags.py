"""Template tags for the sales sections of the customer's view page."""

from dataclasses import dataclass
from decimal import Decimal

from django import template

from sales.balances import PrepaidBalance, customer_prepaid_summary, due_balance
from sales.ledger import redemption_allowed_at

register = template.Library()

LEDGER_ROWS_SHOWN = 100
PAYMENTS_SHOWN = 50


@dataclass
class CustomerSales:
    """What the customer's view page shows of the customer's money."""

    due_balance: Decimal
    prepaid: list[PrepaidBalance]
    prepaid_value: Decimal
    ledger: list
    payments: list
    opening_balances: list
    can_redeem_here: bool


@register.simple_tag(takes_context=True)
def customer_sales(context, customer):
    """Read the customer's balances, ledger and payments for the page.

    The customer comes from a view that looked it up through the current
    branch's visibility; a fixed number of queries whatever the history.
    """
    request = context["request"]
    prepaid = customer_prepaid_summary(customer)
    ledger = list(
        customer.prepaid_ledger.select_related(
            "item", "branch", "selling_branch", "created_by", "reversed_by"
        ).order_by("-date", "-pk")[:LEDGER_ROWS_SHOWN]
    )
    payments = list(
        customer.due_payments.select_related("branch", "created_by").order_by(
            "-date", "-pk"
        )[:PAYMENTS_SHOWN]
    )
    opening_balances = list(customer.opening_balances.select_related("branch"))
    branch = getattr(request, "branch", None)
    return CustomerSales(
        due_balance=due_balance(customer),
        prepaid=prepaid,
        prepaid_value=sum((balance.value for balance in prepaid), Decimal("0.00")),
        ledger=ledger,
        payments=payments,
        opening_balances=opening_balances,
        can_redeem_here=(
            branch is not None
            and customer.is_published
            and redemption_allowed_at(customer, branch)
        ),
    )
