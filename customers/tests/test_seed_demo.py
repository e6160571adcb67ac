"""seed_demo loads realistic data and can run twice."""

import io

from django.contrib.auth.models import User
from django.core.management import call_command

from branches.models import Branch
from customers.models import Customer, CustomerGroup
from sales.models import Appointment


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo", customers=300, stdout=io.StringIO())
    counts = (Customer.objects.count(), Appointment.objects.count())
    call_command("seed_demo", customers=300, stdout=io.StringIO())

    assert (Customer.objects.count(), Appointment.objects.count()) == counts
    assert counts[0] == 300
    assert Branch.objects.count() >= 3
    assert CustomerGroup.objects.count() >= 5
    assert set(User.objects.values_list("username", flat=True)) >= {
        "admin",
        "manager",
        "frontdesk",
    }


def test_seed_demo_data_looks_real(db):
    call_command("seed_demo", customers=500, stdout=io.StringIO())

    names = list(Customer.objects.values_list("name", flat=True))
    mobiles = list(Customer.objects.values_list("mobile", flat=True))
    unpublished = Customer.objects.filter(is_published=False).count()
    assert any(" binti " in name or " bin " in name for name in names)
    assert any(" d/o " in name or " s/o " in name for name in names)
    assert any(not name.isascii() for name in names)
    assert any(mobile.startswith("+65 ") for mobile in mobiles)
    assert any(mobile.startswith("+60 ") for mobile in mobiles)
    assert 20 <= unpublished <= 80
    assert Customer.objects.filter(mobile_digits="").count() == 0
    assert (
        Branch.objects.get(code="TAM").shares_customers_with.filter(code="ORC").exists()
    )
