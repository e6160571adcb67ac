"""The audit trail records who changed what, when and from which branch."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.history import object_history
from conftest import client_for, make_customer
from customers.models import Customer, CustomerGroup, Programme
from customers.tests.test_form import form_data
from sales.models import OpeningBalance


def test_create_and_change_recorded_with_branch(
    frontdesk_client, frontdesk_a, branch_a
):
    frontdesk_client.post("/customers/new/", form_data(branch_a, name="First Name"))
    customer = Customer.objects.get()
    frontdesk_client.post(
        f"/customers/{customer.pk}/edit/",
        form_data(branch_a, code=customer.code, name="Second Name"),
    )

    created, changed = customer.history.order_by("history_date")
    assert created.history_type == "+"
    assert changed.history_type == "~"
    assert changed.history_user == frontdesk_a
    assert changed.history_branch == branch_a
    assert changed.name == "Second Name"


def test_history_tab_shows_field_change(frontdesk_client, branch_a):
    frontdesk_client.post("/customers/new/", form_data(branch_a, name="Old Name"))
    customer = Customer.objects.get()
    frontdesk_client.post(
        f"/customers/{customer.pk}/edit/",
        form_data(branch_a, code=customer.code, name="New Name"),
    )

    html = frontdesk_client.get(f"/customers/{customer.pk}/").content.decode()

    history = html.split('id="pane-history"')[1]
    assert "Old Name → New Name" in history
    assert "frontdesk_a" in history
    assert "Alpha" in history


def test_bulk_publish_recorded(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Bulk Person")

    frontdesk_client.post(
        "/customers/bulk/", {"action": "unpublish", "pk": [customer.pk]}
    )

    latest = customer.history.latest()
    assert latest.is_published is False
    assert latest.history_branch == branch_a


def test_toggle_recorded(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Toggle Person")

    frontdesk_client.post(f"/customers/{customer.pk}/toggle-published/")

    assert customer.history.latest().is_published is False


def test_deleted_customer_state_kept_for_admin(frontdesk_client, admin_user, branch_a):
    customer = make_customer(branch_a, "Gone Person", mobile="91234567")
    frontdesk_client.post(
        "/customers/bulk/", {"action": "delete", "pk": [customer.pk], "confirm": "yes"}
    )
    assert not Customer.objects.filter(pk=customer.pk).exists()

    last = Customer.history.filter(id=customer.pk).latest()
    assert last.history_type == "-"
    assert last.name == "Gone Person"
    admin_page = client_for(admin_user, branch_a).get(
        "/admin/audit/historicalcustomer/", {"q": "Gone"}
    )
    assert "Gone Person" in admin_page.content.decode()


def test_history_admin_hidden_from_staff(frontdesk_a, branch_a):
    frontdesk_a.is_staff = True
    frontdesk_a.save()

    response = client_for(frontdesk_a, branch_a).get("/admin/audit/historicalcustomer/")

    assert response.status_code == 403


def test_branch_preference_recorded(manager_client, manager_a, branch_a, branch_c):
    manager_client.post(
        f"/branches/{branch_a.pk}/edit/",
        {"name": "Alpha", "shares_customers_with": [branch_c.pk], "action": "save"},
    )

    latest = branch_a.history.latest()
    shared = [row.to_branch_id for row in latest.shares_customers_with.all()]
    assert latest.history_user == manager_a
    assert shared == [branch_c.pk]


def test_other_records_have_history(branch_a, frontdesk_a):
    customer = make_customer(branch_a, "Balance Person")
    balance = OpeningBalance.objects.create(
        customer=customer,
        branch=branch_a,
        date=timezone.localdate() - datetime.timedelta(days=1),
    )
    programme = Programme.objects.create(name="Slimming")
    programme.name = "Slimming 2"
    programme.save()

    assert balance.history.count() == 1
    assert [row.name for row in programme.history.order_by("history_date")] == [
        "Slimming",
        "Slimming 2",
    ]


def test_history_reads_related_names_once(branch_a, branch_b, frontdesk_a):
    gold = CustomerGroup.objects.create(name="Gold")
    silver = CustomerGroup.objects.create(name="Silver")
    customer = make_customer(branch_a, "Group Hopper")
    for number in range(10):
        customer.group = gold if number % 2 else silver
        customer.home_branch = branch_b if number % 2 else branch_a
        customer.save()

    with CaptureQueriesContext(connection) as captured:
        entries = object_history(customer)

    # The history rows, then the groups and the branches they name.
    assert len(captured.captured_queries) == 3
    changes = {(c.label, c.old, c.new) for entry in entries for c in entry.changes}
    assert ("customer group", "Silver", "Gold") in changes
    assert ("branch", branch_a.name, branch_b.name) in changes
