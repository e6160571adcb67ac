"""Django admin for the sales models, scoped to the current branch."""

import pytest
from django.utils import timezone

from branches.roles import ADMINISTRATOR
from conftest import client_for, make_customer, make_user
from sales.ledger import redeem
from sales.models import Appointment, DuePayment, OpeningBalance, PrepaidLedgerEntry
from sales.tests.conftest import open_balance


@pytest.fixture
def staff_a(branch_a):
    """Staff with every permission who is not a superuser, working at A."""
    user = make_user("staff_a", ADMINISTRATOR, [branch_a])
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def balances(branch_a, branch_b, branch_c, facial):
    people = {}
    for branch, name in [
        (branch_a, "Alpha Ann"),
        (branch_b, "Bravo Ben"),
        (branch_c, "Charlie Cy"),
    ]:
        customer = make_customer(branch, name)
        open_balance(customer, dues=["5.00"], prepaid=[(facial, 2, "20.00")])
        redeem(customer=customer, item=facial, quantity=1, branch=branch, user=None)
        DuePayment.objects.create(
            customer=customer, branch=branch, date=timezone.localdate(), amount=1
        )
        Appointment.objects.create(
            customer=customer, branch=branch, start=timezone.now(), item="Facial"
        )
        people[name] = customer
    return people


@pytest.mark.parametrize(
    "model", ["openingbalance", "prepaidledgerentry", "duepayment", "appointment"]
)
def test_changelist_scoped(staff_a, branch_a, balances, model):
    client = client_for(staff_a, branch_a)

    response = client.get(f"/admin/sales/{model}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Alpha Ann" in html
    assert "Bravo Ben" in html
    assert "Charlie Cy" not in html


def test_change_page_outside_scope_hidden(staff_a, branch_a, balances):
    client = client_for(staff_a, branch_a)
    hidden = OpeningBalance.objects.get(customer=balances["Charlie Cy"])

    response = client.get(f"/admin/sales/openingbalance/{hidden.pk}/change/")

    assert response.status_code in (302, 404)
    assert "Charlie Cy" not in response.content.decode()


def test_ledger_read_only_in_admin(staff_a, branch_a, balances):
    client = client_for(staff_a, branch_a)
    entry = PrepaidLedgerEntry.objects.filter(customer=balances["Alpha Ann"]).first()

    assert client.get("/admin/sales/prepaidledgerentry/add/").status_code == 403
    response = client.post(
        f"/admin/sales/prepaidledgerentry/{entry.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert PrepaidLedgerEntry.objects.filter(pk=entry.pk).exists()


def test_superuser_sees_everything(admin_user, branch_a, balances):
    client = client_for(admin_user, branch_a)

    html = client.get("/admin/sales/prepaidledgerentry/").content.decode()

    assert "Charlie Cy" in html


def test_change_page_inside_scope(staff_a, branch_a, balances):
    client = client_for(staff_a, branch_a)
    shared = OpeningBalance.objects.get(customer=balances["Bravo Ben"])

    response = client.get(f"/admin/sales/openingbalance/{shared.pk}/change/")

    assert response.status_code == 200
    assert "Bravo Ben" in response.content.decode()


@pytest.mark.parametrize("model", ["item", "itemcodesequence"])
def test_catalogue_admin_pages(staff_a, branch_a, facial, model):
    client = client_for(staff_a, branch_a)

    assert client.get(f"/admin/sales/{model}/").status_code == 200
    assert client.get(f"/admin/sales/{model}/add/").status_code == 200
