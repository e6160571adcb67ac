"""Deleting a customer whom sales rows refer to is blocked."""

import pytest
from django.db.models import ProtectedError
from django.utils import timezone

from conftest import make_customer
from customers.models import Customer
from sales.ledger import record_due_payment, redeem
from sales.models import Appointment, DuePayment, OpeningBalance, PrepaidLedgerEntry
from sales.tests.conftest import open_balance


def test_every_customer_fk_protects():
    for model in (Appointment, OpeningBalance, PrepaidLedgerEntry, DuePayment):
        field = model._meta.get_field("customer")
        assert field.remote_field.on_delete.__name__ == "PROTECT", model


def test_delete_blocked_lists_blockers(frontdesk_client, branch_a, facial):
    customer = make_customer(branch_a, "Tan Mei Ling")
    open_balance(customer, dues=["30.00"], prepaid=[(facial, 3, "90.00")])
    redeem(customer=customer, item=facial, quantity=1, branch=branch_a, user=None)
    record_due_payment(
        customer=customer,
        amount=10,
        date=timezone.localdate(),
        branch=branch_a,
        user=None,
    )
    Appointment.objects.create(
        customer=customer, branch=branch_a, start=timezone.now(), item="Facial"
    )

    response = frontdesk_client.post(
        "/customers/bulk/", {"action": "delete", "pk": [customer.pk], "confirm": "yes"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert Customer.objects.filter(pk=customer.pk).exists()
    assert "Cannot delete the following record(s):" in html
    assert "1 opening balance" in html
    assert "2 prepaid ledger rows" in html
    assert "1 due payment" in html
    assert "1 appointment" in html


def test_delete_with_only_opening_balance_blocked(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Dues Only")
    open_balance(customer, dues=["5.00"])

    response = frontdesk_client.post(
        "/customers/bulk/", {"action": "delete", "pk": [customer.pk], "confirm": "yes"}
    )

    assert Customer.objects.filter(pk=customer.pk).exists()
    assert "opening balance" in response.content.decode()


def test_database_protects_too(branch_a):
    customer = make_customer(branch_a)
    open_balance(customer, dues=["5.00"])

    with pytest.raises(ProtectedError):
        customer.delete()
