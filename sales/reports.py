"""The inter-branch redemption report: what branches settle between them.

When a branch redeems prepaid units that another branch sold, the selling
branch has received the money and the redeeming branch did the work. The report
sums, per pair of branches and for a period, the units redeemed net of
reversals and their value at the price the customer paid.
"""

from decimal import Decimal

from django.db.models import F, Q, Sum

from sales.models import ZERO, PrepaidLedgerEntry

Kind = PrepaidLedgerEntry.Kind
CENT = Decimal("0.01")


def inter_branch_redemptions(date_from, date_to, branches) -> list[dict]:
    """Rows of redeeming branch, selling branch, quantity and value.

    Only rows with a branch of `branches` on either side are counted, and
    pairs whose redemptions were all reversed are left out. Quantity and
    value are positive for units used. One query.
    """
    branch_ids = list(branches.values_list("pk", flat=True))
    rows = (
        PrepaidLedgerEntry.objects.filter(
            kind__in=[Kind.REDEMPTION, Kind.REVERSAL],
            date__gte=date_from,
            date__lte=date_to,
        )
        .exclude(branch=F("selling_branch"))
        .filter(Q(branch__in=branch_ids) | Q(selling_branch__in=branch_ids))
        .values("branch", "branch__name", "selling_branch", "selling_branch__name")
        .annotate(used=Sum("quantity"), used_value=Sum("value"))
        .order_by("branch__name", "selling_branch__name")
    )
    report = []
    for row in rows:
        quantity = -(row["used"] or 0)
        value = -(row["used_value"] or ZERO).quantize(CENT)
        if quantity == 0 and value == 0:
            continue
        report.append(
            {
                "redeeming_branch": row["branch__name"],
                "redeeming_branch_id": row["branch"],
                "selling_branch": row["selling_branch__name"],
                "selling_branch_id": row["selling_branch"],
                "quantity": quantity,
                "value": value,
            }
        )
    return report
