"""Writes to the prepaid ledger and the due balance.

Every change takes a row lock on the customer first (PostgreSQL; SQLite
serialises writers when the transaction starts), then checks the balance
inside the lock, so two redemptions or payments at once cannot both pass
the check. The ledger is append-only: redemptions, reversals and
corrections of an opening balance add rows and never change old ones.

A prepaid line is a lot. Its units are worth `amount / quantity` each, and
the value left on a lot is always that unit value times the units left,
rounded half up to cents. A redemption's value is the drop in that figure,
so the values redeemed from a lot add up to exactly its amount and a
used-up lot is worth zero.
"""

import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from customers.models import Customer
from sales.balances import due_balance
from sales.models import ZERO, DuePayment, OpeningPrepaidLine, PrepaidLedgerEntry
from wess.templatetags.wess_tags import money

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")
Kind = PrepaidLedgerEntry.Kind


def lock_customer(customer) -> Customer:
    """Lock the customer's row until the transaction ends and return it fresh."""
    return (
        Customer.objects.select_for_update(of=("self",))
        .select_related("home_branch")
        .get(pk=customer.pk)
    )


def value_of(line: OpeningPrepaidLine, quantity: int) -> Decimal:
    """Return the value of `quantity` units of a lot, rounded half up to cents."""
    if line.quantity <= 0:
        return ZERO
    return (line.amount * quantity / line.quantity).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Lot:
    """A prepaid line with the units and value its ledger rows leave."""

    line: OpeningPrepaidLine
    quantity_left: int
    value_left: Decimal


def lots_of(customer, *, item=None) -> list[Lot]:
    """Return the customer's lots in the order redemptions draw from them.

    The oldest lot comes first. A lot's units and value left are the sums of
    its ledger rows of the item the line has now, because the rows of an item
    it had before cancel out.
    """
    lines = OpeningPrepaidLine.objects.filter(
        opening_balance__customer=customer, is_removed=False
    )
    if item is not None:
        lines = lines.filter(item=item)
    lines = list(lines.select_related("opening_balance__branch", "item").order_by("pk"))
    sums = {
        (row["prepaid_line"], row["item"]): row
        for row in PrepaidLedgerEntry.objects.filter(
            prepaid_line__in=[line.pk for line in lines]
        )
        .values("prepaid_line", "item")
        .annotate(quantity=Sum("quantity"), value=Sum("value"))
        .order_by()
    }
    lots = []
    for line in lines:
        row = sums.get((line.pk, line.item_id), {})
        lots.append(
            Lot(
                line=line,
                quantity_left=row.get("quantity") or 0,
                value_left=(row.get("value") or ZERO).quantize(CENT),
            )
        )
    return lots


def line_left(line: OpeningPrepaidLine) -> tuple[int, Decimal]:
    """Units and value left on a saved line, from its ledger rows."""
    totals = PrepaidLedgerEntry.objects.filter(
        prepaid_line=line, item_id=line.item_id
    ).aggregate(quantity=Sum("quantity"), value=Sum("value"))
    return totals["quantity"] or 0, (totals["value"] or ZERO).quantize(CENT)


def redemption_allowed_at(customer, branch) -> bool:
    """Prepaid items are redeemed at the home branch and the branches it
    shares its customers with."""
    home = customer.home_branch
    if branch.pk == home.pk:
        return True
    return home.shares_customers_with.filter(pk=branch.pk).exists()


def redeem(*, customer, item, quantity: int, branch, user, note="") -> list:
    """Use `quantity` units of the customer's prepaid `item` at `branch`.

    Draws from the oldest lots first; returns the ledger rows added, one per
    lot drawn from. Raises ValidationError when the branch may not redeem
    the customer's items or fewer units are left than asked for.
    """
    if quantity < 1:
        raise ValidationError(_("Redeem at least one unit."), code="quantity")

    with transaction.atomic():
        customer = lock_customer(customer)
        if not redemption_allowed_at(customer, branch):
            raise ValidationError(
                _(
                    "%(home)s does not share its customers with %(branch)s, so "
                    "%(customer)s's prepaid items cannot be redeemed here. "
                    "Redeem them at %(home)s or a branch it shares with."
                ),
                params={
                    "home": customer.home_branch.name,
                    "branch": branch.name,
                    "customer": customer.name,
                },
                code="not_shared",
            )

        lots = [lot for lot in lots_of(customer, item=item) if lot.quantity_left > 0]
        available = sum(lot.quantity_left for lot in lots)
        if quantity > available:
            raise ValidationError(
                ngettext(
                    "Only %(available)d unit of %(item)s is left; %(quantity)d "
                    "cannot be redeemed.",
                    "Only %(available)d units of %(item)s are left; %(quantity)d "
                    "cannot be redeemed.",
                    available,
                ),
                params={
                    "available": available,
                    "item": item.name,
                    "quantity": quantity,
                },
                code="insufficient",
            )

        entries = []
        remaining = quantity
        today = timezone.localdate()
        for lot in lots:
            if remaining == 0:
                break
            units = min(remaining, lot.quantity_left)
            value_after = value_of(lot.line, lot.quantity_left - units)
            entries.append(
                PrepaidLedgerEntry.objects.create(
                    customer=customer,
                    item=item,
                    prepaid_line=lot.line,
                    kind=Kind.REDEMPTION,
                    quantity=-units,
                    value=-(lot.value_left - value_after),
                    selling_branch=lot.line.opening_balance.branch,
                    branch=branch,
                    date=today,
                    note=note,
                    created_by=user,
                )
            )
            remaining -= units

    logger.info(
        "Redeemed %s of item %s for customer %s at branch %s (ledger rows %s)",
        quantity,
        item.pk,
        customer.pk,
        branch.pk,
        [entry.pk for entry in entries],
    )
    return entries


def reverse_redemption(entry, *, branch, user, note="") -> PrepaidLedgerEntry:
    """Give back the units of a redemption with a new, opposite row.

    Only the branch that redeemed may reverse, so the inter-branch figures
    of each pair of branches net out. A redemption is reversed once.
    """
    with transaction.atomic():
        lock_customer(entry.customer)
        entry = PrepaidLedgerEntry.objects.select_related("branch").get(pk=entry.pk)
        if entry.kind != Kind.REDEMPTION:
            raise ValidationError(_("Only a redemption can be reversed."))
        if PrepaidLedgerEntry.objects.filter(reverses=entry).exists():
            raise ValidationError(_("This redemption was already reversed."))
        if entry.branch_id != branch.pk:
            raise ValidationError(
                _("Only %(branch)s, where it was redeemed, can reverse it."),
                params={"branch": entry.branch.name},
            )
        reversal = PrepaidLedgerEntry.objects.create(
            customer_id=entry.customer_id,
            item_id=entry.item_id,
            prepaid_line_id=entry.prepaid_line_id,
            kind=Kind.REVERSAL,
            quantity=-entry.quantity,
            value=-entry.value,
            selling_branch_id=entry.selling_branch_id,
            branch=branch,
            reverses=entry,
            date=timezone.localdate(),
            note=note,
            created_by=user,
        )
    logger.info(
        "Reversed redemption %s with ledger row %s at branch %s",
        entry.pk,
        reversal.pk,
        branch.pk,
    )
    return reversal


def record_due_payment(*, customer, amount, date, branch, user, note=""):
    """Record a payment against the due balance, which never goes below zero."""
    with transaction.atomic():
        customer = lock_customer(customer)
        balance = due_balance(customer)
        if amount > balance:
            raise ValidationError(
                _(
                    "The payment of %(amount)s is more than the due balance of "
                    "%(balance)s. Enter at most %(balance)s."
                ),
                params={"amount": money(amount), "balance": money(balance)},
                code="overpayment",
            )
        payment = DuePayment.objects.create(
            customer=customer,
            amount=amount,
            date=date,
            branch=branch,
            note=note,
            created_by=user,
        )
    logger.info(
        "Recorded due payment %s for customer %s at branch %s",
        payment.pk,
        customer.pk,
        branch.pk,
    )
    return payment


def _entry(line, *, kind, quantity, value, item=None, branch, user, date, note=""):
    return PrepaidLedgerEntry(
        customer_id=line.opening_balance.customer_id,
        item=item or line.item,
        prepaid_line=line,
        kind=kind,
        quantity=quantity,
        value=value,
        selling_branch_id=line.opening_balance.branch_id,
        branch=branch,
        date=date,
        note=note,
        created_by=user,
    )


@dataclass
class LineChange:
    """One prepaid line of an opening balance being saved.

    `before` is the line as the database had it, or None for a new line.
    `line` is the line as it will be saved, or the line to remove.
    """

    line: OpeningPrepaidLine
    before: OpeningPrepaidLine | None = None
    removed: bool = False


def used_units(line: OpeningPrepaidLine) -> int:
    """Units of a saved line already redeemed (net of reversals)."""
    used = PrepaidLedgerEntry.objects.filter(
        prepaid_line=line, kind__in=[Kind.REDEMPTION, Kind.REVERSAL]
    ).aggregate(total=Sum("quantity"))["total"]
    return -(used or 0)


def post_line_changes(changes, *, branch, user, first_save: bool) -> list:
    """Add the ledger rows for the prepaid lines of an opening balance.

    On the first save each line adds an opening row. On later saves each
    change adds correction rows: a line may not drop below the units already
    redeemed from it, and a line with redemptions keeps its item. Raises
    ValidationError naming the line; the caller's transaction rolls back.
    Must run inside the caller's transaction, after the lines are saved.
    """
    entries = []
    today = timezone.localdate()
    for change in changes:
        line = change.line
        if first_save or change.before is None:
            entries.append(
                _entry(
                    line,
                    kind=Kind.OPENING if first_save else Kind.CORRECTION,
                    quantity=line.quantity,
                    value=line.amount,
                    branch=branch,
                    user=user,
                    date=line.opening_balance.date if first_save else today,
                    note="" if first_save else _("Line added"),
                )
            )
            continue
        entries.extend(_correct_line(change, branch=branch, user=user, date=today))
    PrepaidLedgerEntry.objects.bulk_create(entries)
    return entries


def _correct_line(change: LineChange, *, branch, user, date) -> list:
    line, before = change.line, change.before
    used = used_units(before)
    left, value_left = line_left(before)

    if change.removed or line.item_id != before.item_id:
        if used:
            raise ValidationError(
                ngettext(
                    "%(used)d unit of %(item)s on this line was already "
                    "redeemed, so the line cannot be removed or change its "
                    "item. Lower its quantity to %(used)d instead.",
                    "%(used)d units of %(item)s on this line were already "
                    "redeemed, so the line cannot be removed or change its "
                    "item. Lower its quantity to %(used)d instead.",
                    used,
                ),
                params={"used": used, "item": before.item.name},
                code="line_used",
            )
        rows = [
            _entry(
                line,
                kind=Kind.CORRECTION,
                quantity=-left,
                value=-value_left,
                item=before.item,
                branch=branch,
                user=user,
                date=date,
                note=_("Line removed") if change.removed else _("Item changed"),
            )
        ]
        if not change.removed:
            rows.append(
                _entry(
                    line,
                    kind=Kind.CORRECTION,
                    quantity=line.quantity,
                    value=line.amount,
                    branch=branch,
                    user=user,
                    date=date,
                    note=_("Item changed"),
                )
            )
        return rows

    if line.quantity < used:
        raise ValidationError(
            ngettext(
                "%(used)d unit of %(item)s was already redeemed; the quantity "
                "cannot be less than %(used)d.",
                "%(used)d units of %(item)s were already redeemed; the quantity "
                "cannot be less than %(used)d.",
                used,
            ),
            params={"used": used, "item": line.item.name},
            code="below_used",
        )
    new_left = line.quantity - used
    new_value = value_of(line, new_left)
    if new_left == left and new_value == value_left:
        return []
    return [
        _entry(
            line,
            kind=Kind.CORRECTION,
            quantity=new_left - left,
            value=new_value - value_left,
            branch=branch,
            user=user,
            date=date,
            note=_("Quantity or amount changed"),
        )
    ]
