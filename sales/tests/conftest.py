"""Fixtures of the sales tests: items, a user at two branches, balances."""

from decimal import Decimal

import pytest

from branches.roles import FRONT_DESK
from conftest import make_customer, make_user
from sales.ledger import LineChange, post_line_changes
from sales.models import Item, OpeningBalance, OpeningDueLine, OpeningPrepaidLine


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash the personas' passwords with MD5: PBKDF2 costs about a second each,
    and these tests check sales rules, not password storage."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def facial(db):
    return Item.objects.create(code="FAC", name="Facial", price=Decimal("80.00"))


@pytest.fixture
def massage(db):
    return Item.objects.create(code="MAS", name="Massage", price=Decimal("120.00"))


@pytest.fixture
def frontdesk_ab(branch_a, branch_b):
    """A front-desk user who works at branches A and B."""
    return make_user("frontdesk_ab", FRONT_DESK, [branch_a, branch_b])


def open_balance(customer, branch=None, *, dues=(), prepaid=(), date="2026-01-05"):
    """Save an opening balance and its ledger rows as the form would.

    `dues` are amounts as strings; `prepaid` are (item, quantity, amount).
    """
    branch = branch or customer.home_branch
    balance = OpeningBalance.objects.create(customer=customer, branch=branch, date=date)
    for amount in dues:
        OpeningDueLine.objects.create(opening_balance=balance, amount=Decimal(amount))
    changes = [
        LineChange(
            line=OpeningPrepaidLine.objects.create(
                opening_balance=balance,
                item=item,
                quantity=quantity,
                amount=Decimal(amount),
            )
        )
        for item, quantity, amount in prepaid
    ]
    post_line_changes(changes, branch=branch, user=None, first_save=True)
    return balance


@pytest.fixture
def customer_with_facial(branch_b, facial):
    """A customer of branch B with 3 prepaid facials worth 100.00."""
    customer = make_customer(branch_b, "Nur Aisyah")
    open_balance(customer, prepaid=[(facial, 3, "100.00")])
    return customer
