"""Due payments: the due balance never goes below zero."""

from decimal import Decimal

import pytest

from conftest import client_for, make_customer
from sales.balances import due_balance
from sales.models import DuePayment
from sales.tests.conftest import open_balance
from sales.tests.forms import rendered_form


def payment_url(customer):
    return f"/sales/customers/{customer.pk}/payments/new/"


@pytest.fixture
def owing(branch_a):
    customer = make_customer(branch_a, "Wong Li Hua")
    open_balance(customer, dues=["0.10", "0.20", "50.00"])
    return customer


def test_payment_reduces_due(frontdesk_client, owing):
    data = rendered_form(frontdesk_client.get(payment_url(owing)), "due-payment-form")
    data["amount"] = "20.15"

    response = frontdesk_client.post(payment_url(owing), data)

    assert response.status_code == 302
    assert due_balance(owing) == Decimal("30.15")
    payment = DuePayment.objects.get()
    assert payment.branch.code == "A"
    assert payment.created_by.username == "frontdesk_a"


def test_pay_exact_balance_leaves_zero(frontdesk_client, owing):
    frontdesk_client.post(payment_url(owing), {"amount": "50.30", "date": "2026-01-10"})

    assert due_balance(owing) == Decimal("0.00")


def test_overpayment_refused(frontdesk_client, owing):
    response = frontdesk_client.post(
        payment_url(owing), {"amount": "50.31", "date": "2026-01-10"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [
        "The payment of SGD 50.31 is more than the due balance of SGD 50.30. "
        "Enter at most SGD 50.30."
    ]
    assert not DuePayment.objects.exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1.00", "Enter an amount more than zero."),
        ("0", "Enter an amount more than zero."),
        ("1.005", "Enter at most 2 decimal places, for example 12.50."),
        ("12345678901.00", "Enter an amount below 10,000,000,000."),
        ("", "This field is required."),
    ],
)
def test_bad_amount_next_to_field(frontdesk_client, owing, amount, message):
    response = frontdesk_client.post(
        payment_url(owing), {"amount": amount, "date": "2026-01-10"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [message]
    assert f'value="{amount}"' in response.content.decode() or not amount


def test_future_date_refused(frontdesk_client, owing):
    response = frontdesk_client.post(
        payment_url(owing), {"amount": "1.00", "date": "2999-01-01"}
    )

    assert response.context["form"].errors["date"] == [
        "The date cannot be in the future."
    ]


def test_payment_url_outside_visibility_404(outsider_c, branch_c, owing):
    client = client_for(outsider_c, branch_c)

    response = client.post(payment_url(owing), {"amount": "1", "date": "2026-01-10"})

    assert response.status_code == 404
    assert not DuePayment.objects.exists()


def test_payment_shown_on_customer_page(frontdesk_client, owing):
    frontdesk_client.post(payment_url(owing), {"amount": "10.00", "date": "2026-01-10"})

    html = frontdesk_client.get(f"/customers/{owing.pk}/").content.decode()

    assert 'class="due-balance" data-amount="40.30">SGD 40.30<' in html
    assert "2026-01-10" in html
