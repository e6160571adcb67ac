"""Demo data of the sales app, loaded by `seed_demo`.

Running it again adds nothing: items are found by code, and customers who
already have an opening balance are skipped.
"""

import datetime
import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from customers.models import Customer
from sales.ledger import LineChange, post_line_changes, record_due_payment, redeem
from sales.models import (
    Item,
    OpeningBalance,
    OpeningDueLine,
    OpeningPrepaidLine,
)

logger = logging.getLogger(__name__)

# code, name, kind, price of one session or unit
ITEMS = [
    ("SV-FACIAL", "Facial - Hydrating", Item.Kind.SERVICE, "128.00"),
    ("SV-AROMA", "Aromatherapy massage", Item.Kind.SERVICE, "150.00"),
    ("SV-SCRUB", "Body scrub", Item.Kind.SERVICE, "98.00"),
    ("SV-WRAP", "Slimming wrap", Item.Kind.SERVICE, "180.00"),
    ("SV-REFLEX", "Foot reflexology", Item.Kind.SERVICE, "68.00"),
    ("PR-SERUM", "Vitamin C serum 30 ml", Item.Kind.PRODUCT, "89.90"),
    ("PR-MASK", "Sheet mask, box of 10", Item.Kind.PRODUCT, "45.00"),
    ("PK-FACIAL10", "Facial package, 10 sessions", Item.Kind.PACKAGE, "1080.00"),
    ("PK-SLIM12", "Slimming package, 12 sessions", Item.Kind.PACKAGE, "1888.00"),
]
OPENING_BALANCES = 120
REFERENCE_START = 5001


def create_items():
    items = []
    for code, name, kind, price in ITEMS:
        item, _ = Item.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "price": Decimal(price)}
        )
        items.append(item)
    return items


def seed_sales_demo(rng, branches, stdout):
    """Add demo items, opening balances, redemptions and due payments."""
    items = create_items()
    services = [item for item in items if item.kind != Item.Kind.PRODUCT]
    customers = list(
        Customer.objects.filter(code__startswith="D", is_published=True)
        .exclude(opening_balances__isnull=False)
        .select_related("home_branch")
        .order_by("pk")[:OPENING_BALANCES]
    )
    today = timezone.localdate()
    created = redemptions = 0
    with transaction.atomic():
        for serial, customer in enumerate(customers):
            balance = OpeningBalance.objects.create(
                customer=customer,
                branch=customer.home_branch,
                date=today - datetime.timedelta(days=rng.randrange(30, 90)),
                reference=f"OLD-{REFERENCE_START + serial}",
            )
            for _ in range(rng.randrange(0, 3)):
                OpeningDueLine.objects.create(
                    opening_balance=balance,
                    amount=Decimal(rng.randrange(1000, 50000)) / 100,
                    note=rng.choice(["Balance of package", "Unpaid product", ""]),
                )
            changes = []
            for item in rng.sample(services, rng.randrange(1, 3)):
                quantity = rng.randrange(1, 11)
                changes.append(
                    LineChange(
                        line=OpeningPrepaidLine.objects.create(
                            opening_balance=balance,
                            item=item,
                            quantity=quantity,
                            amount=(item.price * quantity * Decimal("0.9")).quantize(
                                Decimal("0.01")
                            ),
                        )
                    )
                )
            post_line_changes(
                changes, branch=balance.branch, user=None, first_save=True
            )
            created += 1
            redemptions += redeem_some(rng, customer, changes)
            pay_some(rng, customer, balance)
    stdout.write(
        f"Sales demo: {len(items)} items, {created} new opening balances, "
        f"{redemptions} redemptions."
    )


def redeem_some(rng, customer, changes) -> int:
    """Redeem a unit of some customers' first item, at home or a sharing branch."""
    if rng.random() < 0.6:
        return 0
    sharing = list(customer.home_branch.shares_customers_with.all())
    branch = rng.choice([customer.home_branch, *sharing])
    redeem(
        customer=customer,
        item=changes[0].line.item,
        quantity=1,
        branch=branch,
        user=None,
    )
    return 1


def pay_some(rng, customer, balance):
    due = sum(line.amount for line in balance.due_lines.all())
    if due and rng.random() < 0.3:
        record_due_payment(
            customer=customer,
            amount=(due / 2).quantize(Decimal("0.01")),
            date=timezone.localdate(),
            branch=balance.branch,
            user=None,
            note="Part payment",
        )
