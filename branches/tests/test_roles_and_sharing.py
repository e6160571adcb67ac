"""Roles, branch preferences, the branch switcher and admin scoping."""

import pytest

from branches.current import SESSION_KEY
from branches.roles import FRONT_DESK
from conftest import client_for, make_customer, make_user
from customers.models import Customer


def listed(client, **params):
    response = client.get("/customers/", params)
    return {row.record.name for row in response.context["table"].paginated_rows}


@pytest.mark.parametrize(
    "url",
    ["/branches/{a}/edit/", "/customers/code-sequence/", "/customers/groups/new/"],
)
def test_front_desk_refused_manager_screens(frontdesk_client, branch_a, url):
    response = frontdesk_client.get(url.format(a=branch_a.pk))

    assert response.status_code == 403


def test_front_desk_refused_sequence_post(frontdesk_client):
    response = frontdesk_client.post(
        "/customers/code-sequence/", {"prefix": "X", "digits": 4, "next_number": 1}
    )

    assert response.status_code == 403


def test_manager_edits_own_branch(manager_client, branch_a):
    assert manager_client.get(f"/branches/{branch_a.pk}/edit/").status_code == 200
    assert manager_client.get("/customers/code-sequence/").status_code == 200


def test_manager_refused_other_branch(manager_client, branch_c):
    get = manager_client.get(f"/branches/{branch_c.pk}/edit/")
    post = manager_client.post(
        f"/branches/{branch_c.pk}/edit/", {"name": "Taken Over", "action": "save"}
    )

    assert get.status_code == 403
    assert post.status_code == 403
    branch_c.refresh_from_db()
    assert branch_c.name == "Charlie"


def test_administrator_edits_any_branch(admin_user, branch_a, branch_c):
    client = client_for(admin_user, branch_a)

    assert client.get(f"/branches/{branch_c.pk}/edit/").status_code == 200
    assert client.get("/customers/code-sequence/").status_code == 200


def test_screens_hide_manager_links(frontdesk_client):
    html = frontdesk_client.get("/customers/").content.decode()

    assert "/customers/code-sequence/" not in html
    assert "/branches/" not in html.replace("/branches/switch/", "")


def test_sharing_takes_effect_next_request(manager_a, branch_a, branch_c):
    make_customer(branch_a, "Alpha Customer")
    c_user = make_user("desk_c", FRONT_DESK, [branch_c])
    at_c = client_for(c_user, branch_c)
    manager = client_for(manager_a, branch_a)
    assert "Alpha Customer" not in listed(at_c)

    manager.post(
        f"/branches/{branch_a.pk}/edit/",
        {"name": "Alpha", "shares_customers_with": [branch_c.pk], "action": "save"},
    )
    assert "Alpha Customer" in listed(at_c)

    manager.post(f"/branches/{branch_a.pk}/edit/", {"name": "Alpha", "action": "save"})
    assert "Alpha Customer" not in listed(at_c)


def test_sharing_is_one_way(frontdesk_a, user_b, branch_a, branch_b):
    make_customer(branch_a, "Alpha Customer")
    make_customer(branch_b, "Bravo Customer")

    at_a = listed(client_for(frontdesk_a, branch_a))
    at_b = listed(client_for(user_b, branch_b))

    assert at_a == {"Alpha Customer", "Bravo Customer"}
    assert at_b == {"Bravo Customer"}


def test_branch_page_shows_both_directions(manager_client, branch_a, branch_b):
    html = manager_client.get(f"/branches/{branch_a.pk}/edit/").content.decode()

    assert "Receives customers from" in html
    receives = html.split('class="col-sm-8 receives-from">')[1].split("</dd>")[0]
    assert "Bravo" in receives


def test_switcher_offers_only_member_branches(frontdesk_client, branch_a, branch_c):
    html = frontdesk_client.get("/customers/").content.decode()
    switcher = html.split('id="branch-switcher"')[1].split("</select>")[0]

    assert "Alpha" in switcher
    assert "Charlie" not in switcher


def test_switch_to_outside_branch_refused(frontdesk_client, branch_a, branch_c):
    response = frontdesk_client.post("/branches/switch/", {"branch": branch_c.pk})

    assert response.status_code == 403
    assert frontdesk_client.session[SESSION_KEY] == branch_a.pk


def test_switch_to_member_branch(branch_a, branch_b):
    user = make_user("two_branches", FRONT_DESK, [branch_a, branch_b])
    client = client_for(user, branch_a)

    response = client.post(
        "/branches/switch/", {"branch": branch_b.pk, "next": "/customers/"}
    )

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == branch_b.pk


def test_removed_membership_moves_session(frontdesk_a, branch_a, branch_b):
    """A session on a branch the user no longer works at falls back."""
    make_customer(branch_b, "Bravo Only")
    client = client_for(frontdesk_a, branch_a)
    session = client.session
    session[SESSION_KEY] = branch_b.pk
    session.save()

    client.get("/customers/")

    assert client.session[SESSION_KEY] == branch_a.pk


def test_staff_admin_lists_only_visible(branch_a, branch_b, branch_c):
    staff = make_user("staff_a", FRONT_DESK, [branch_a])
    staff.is_staff = True
    staff.save()
    own = make_customer(branch_a, "Admin Own")
    shared = make_customer(branch_b, "Admin Shared")
    hidden = make_customer(branch_c, "Admin Hidden")
    client = client_for(staff, branch_a)

    changelist = client.get("/admin/customers/customer/").content.decode()
    assert "Admin Own" in changelist
    assert "Admin Shared" in changelist
    assert "Admin Hidden" not in changelist
    assert client.get(f"/admin/customers/customer/{hidden.pk}/change/").status_code in (
        302,
        404,
    )
    assert client.get(f"/admin/customers/customer/{own.pk}/change/").status_code == 200
    delete = client.post(
        f"/admin/customers/customer/{hidden.pk}/delete/", {"post": "yes"}
    )
    assert delete.status_code in (302, 404)
    assert Customer.objects.filter(pk=hidden.pk).exists()
    autocomplete = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "sales",
            "model_name": "appointment",
            "field_name": "customer",
            "term": "Admin",
        },
    ).json()
    ids = {int(result["id"]) for result in autocomplete["results"]}
    assert ids == {own.pk, shared.pk}
