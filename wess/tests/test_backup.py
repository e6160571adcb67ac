"""Demo data survives a dumpdata / loaddata round trip unchanged."""

import io

from django.apps import apps
from django.core.management import call_command
from django.db.models import Sum

from customers.models import Customer
from sales.balances import annotate_balances

# Rows Django and the libraries recreate by themselves, or that hold no
# business data, are left out of the dump.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    # An unmanaged model without a table: it only carries permissions.
    "reports.customerreport",
]


def is_dumped(model):
    meta = model._meta
    return meta.managed and not (
        meta.app_label in EXCLUDED or meta.label_lower in EXCLUDED
    )


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if is_dumped(model)
    }


def balance_totals():
    totals = annotate_balances(Customer.objects.all()).aggregate(
        due=Sum("due_balance"), prepaid=Sum("prepaid_balance")
    )
    return totals["due"], totals["prepaid"]


def test_demo_data_round_trip(transactional_db, tmp_path):
    call_command("seed_demo", customers=300, stdout=io.StringIO())
    counts, balances = row_counts(), balance_totals()
    dump = tmp_path / "backup.json"
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        *[f"--exclude={label}" for label in EXCLUDED],
        output=str(dump),
        stdout=io.StringIO(),
    )

    call_command("flush", "--no-input", stdout=io.StringIO())
    assert Customer.objects.count() == 0
    call_command("loaddata", str(dump), stdout=io.StringIO())

    assert row_counts() == counts
    assert balance_totals() == balances
    assert counts["customers.Customer"] == 300
    assert balances[0] > 0
