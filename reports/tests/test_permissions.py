"""Viewing and exporting the report are separate permissions."""

import pytest
from django.contrib.auth.models import Permission, User

from branches.models import StaffMembership
from conftest import PASSWORD, client_for, make_customer
from reports.tests.helpers import REPORT_URL, get_report


@pytest.fixture
def clerk_a(branch_a):
    """A user at A who may view customers but not the report."""
    user = User.objects.create_user("clerk_a", password=PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="customers", codename="view_customer"
        )
    )
    membership = StaffMembership.objects.create(user=user)
    membership.branches.set([branch_a])
    return user


def test_anonymous_goes_to_login(client, branch_a):
    response = client.get(REPORT_URL, {"format": "csv"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("output", [None, "html", "pdf", "xlsx", "csv"])
def test_no_report_permission_is_forbidden(clerk_a, branch_a, output):
    make_customer(branch_a)
    client = client_for(clerk_a, branch_a)
    params = {"format": output} if output else {}

    response = client.get(REPORT_URL, params)

    assert response.status_code == 403


def test_viewer_sees_preview(viewer_client, branch_a):
    make_customer(branch_a, "Siti")

    response = get_report(viewer_client)

    assert response.status_code == 200
    assert "Siti" in response.content.decode()


@pytest.mark.parametrize("output", ["pdf", "xlsx", "csv"])
def test_viewer_cannot_export(viewer_client, branch_a, output):
    make_customer(branch_a, "Siti")

    response = get_report(viewer_client, format=output)

    assert response.status_code == 403
    assert b"Siti" not in response.content


def test_viewer_has_no_export_buttons(viewer_client):
    page = viewer_client.get(REPORT_URL).content.decode()

    assert 'value="html"' in page
    assert 'value="pdf"' not in page
    assert 'value="xlsx"' not in page
    assert 'value="csv"' not in page


def test_front_desk_has_export_buttons(frontdesk_client):
    page = frontdesk_client.get(REPORT_URL).content.decode()

    for output in ["pdf", "xlsx", "csv"]:
        assert f'name="format" value="{output}"' in page


def test_manager_may_export(manager_client, branch_a):
    make_customer(branch_a)

    response = get_report(manager_client, format="csv")

    assert response.status_code == 200


def test_nav_has_report_menu(frontdesk_client):
    page = frontdesk_client.get("/customers/").content.decode()

    assert 'href="/reports/customers/"' in page
    assert "Customer List" in page


def test_nav_hides_report_without_permission(clerk_a, branch_a):
    page = client_for(clerk_a, branch_a).get("/customers/").content.decode()

    assert 'href="/reports/customers/"' not in page
