"""Per-branch code sequences next to the global one."""

from branches.roles import BRANCH_MANAGER
from conftest import client_for, make_user
from customers.models import CodeSequence, Customer
from customers.tests.test_form import form_data


def test_branch_sequences_count_separately(branch_a, branch_c):
    manager = make_user("manager_ac", BRANCH_MANAGER, [branch_a, branch_c])
    client = client_for(manager, branch_a)
    for branch, start in [(branch_a, 123), (branch_c, 7)]:
        response = client.post(
            "/customers/code-sequence/",
            {
                "branch": branch.pk,
                "prefix": "{branch}-",
                "digits": 6,
                "next_number": start,
            },
        )
        assert response.status_code == 302

    for branch, name in [(branch_a, "First A"), (branch_a, "Second A")]:
        client.post("/customers/new/", form_data(branch, name=name, mobile=""))
    at_c = client_for(manager, branch_c)
    at_c.post("/customers/new/", form_data(branch_c, name="First C", mobile=""))

    codes = dict(Customer.objects.values_list("name", "code"))
    assert codes == {
        "First A": "A-000123",
        "Second A": "A-000124",
        "First C": "C-000007",
    }


def test_branch_without_sequence_uses_global(frontdesk_client, branch_a, branch_c):
    CodeSequence.objects.create(branch=branch_c, prefix="{branch}-", digits=4)

    frontdesk_client.post("/customers/new/", form_data(branch_a, mobile=""))

    assert Customer.objects.get().code == "C000001"


def test_second_sequence_for_branch_rejected(manager_client, branch_a):
    CodeSequence.objects.create(branch=branch_a, prefix="X", digits=4)

    response = manager_client.post(
        "/customers/code-sequence/",
        {"branch": branch_a.pk, "prefix": "Y", "digits": 4, "next_number": 1},
    )

    assert response.status_code == 200
    assert "already has a code sequence" in response.content.decode()


def test_bad_prefix_placeholder_rejected(manager_client):
    response = manager_client.post(
        "/customers/code-sequence/",
        {"branch": "", "prefix": "{unknown}", "digits": 4, "next_number": 1},
    )

    assert response.status_code == 200
    assert "may appear in braces" in response.content.decode()


def test_manager_cannot_edit_other_branch_sequence(manager_client, branch_a, branch_c):
    theirs = CodeSequence.objects.create(branch=branch_c, prefix="C-", digits=4)

    create = manager_client.post(
        "/customers/code-sequence/",
        {"branch": branch_c.pk, "prefix": "HACKED-", "digits": 3, "next_number": 1},
    )
    edit = manager_client.get("/customers/code-sequence/", {"id": theirs.pk})

    assert create.status_code == 200
    assert "branch" in create.context["form"].errors
    assert edit.status_code == 403
    assert not CodeSequence.objects.filter(prefix="HACKED-").exists()


def test_manager_cannot_edit_global_sequence(manager_client):
    global_sequence = CodeSequence.objects.get(branch=None)

    response = manager_client.get(
        "/customers/code-sequence/", {"id": global_sequence.pk}
    )

    assert response.status_code == 403


def test_sequence_longer_than_code_rejected(manager_client, branch_a):
    response = manager_client.post(
        "/customers/code-sequence/",
        {
            "branch": branch_a.pk,
            "prefix": "ABCDEFGHIJKLMNOPQRST",
            "digits": 10,
            "next_number": 9999999999,
        },
    )

    assert response.status_code == 200
    assert "longer than 30 characters" in response.content.decode()
