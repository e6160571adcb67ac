"""The sales demo data loaded by seed_demo."""

import io

from django.core.management import call_command
from django.db.models import Sum

from sales.models import Item, OpeningBalance, PrepaidLedgerEntry


def test_seed_demo_adds_sales_once(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", customers=60, stdout=io.StringIO())
    counts = (
        Item.objects.count(),
        OpeningBalance.objects.count(),
        PrepaidLedgerEntry.objects.count(),
    )

    call_command("seed_demo", customers=60, stdout=io.StringIO())

    assert counts[0] >= 9
    assert counts[1] > 0
    assert (
        Item.objects.count(),
        OpeningBalance.objects.count(),
        PrepaidLedgerEntry.objects.count(),
    ) == counts
    assert PrepaidLedgerEntry.objects.filter(kind="redemption").exists()


def test_seed_demo_balances_not_negative(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", customers=60, stdout=io.StringIO())

    per_lot = PrepaidLedgerEntry.objects.values("prepaid_line").annotate(
        left=Sum("quantity"), value=Sum("value")
    )

    assert all(row["left"] >= 0 and row["value"] >= 0 for row in per_lot)
