"""Fixtures of the Customer List report tests."""

import pytest
from django.contrib.auth.models import Permission, User

from branches.models import StaffMembership
from conftest import PASSWORD, client_for


@pytest.fixture
def viewer_a(branch_a):
    """A user at branch A who may view the report but not print or export it."""
    user = User.objects.create_user("viewer_a", password=PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="reports", codename="view_customer_report"
        )
    )
    membership = StaffMembership.objects.create(user=user)
    membership.branches.set([branch_a])
    return user


@pytest.fixture
def viewer_client(viewer_a, branch_a):
    return client_for(viewer_a, branch_a)
