"""The customer form: Save / Save & Next / Apply, codes and duplicates."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_customer
from customers.models import CodeSequence, Customer


def form_data(branch, **overrides):
    data = {
        "code": "#AUTO",
        "name": "Siti Nurhaliza binti Ahmad",
        "gender": "F",
        "date_of_birth": "1990-05-17",
        "identity_number": "",
        "mobile": "+65 9123 4567",
        "telephone": "",
        "email": "",
        "address": "",
        "group": "",
        "home_branch": branch.pk,
        "join_date": "2026-01-05",
        "referral_source": "",
        "occupation": "",
        "remarks": "",
        "is_published": "on",
        "action": "save",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("action", "expected"),
    [("save", "/customers/"), ("save_next", "/customers/new/"), ("apply", None)],
)
def test_save_actions_redirect(frontdesk_client, branch_a, action, expected):
    response = frontdesk_client.post(
        "/customers/new/", form_data(branch_a, action=action)
    )

    customer = Customer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == (expected or f"/customers/{customer.pk}/edit/")


def test_auto_code_takes_next_number(frontdesk_client, branch_a):
    CodeSequence.objects.filter(branch=None).update(
        prefix="C", digits=6, next_number=41
    )

    frontdesk_client.post("/customers/new/", form_data(branch_a, code="  #auto "))

    assert Customer.objects.get().code == "C000041"
    assert CodeSequence.objects.get(branch=None).next_number == 42


def test_auto_code_skips_taken_codes(frontdesk_client, branch_a):
    CodeSequence.objects.filter(branch=None).update(prefix="C", digits=6, next_number=7)
    make_customer(branch_a, "Typed Earlier", code="c000007")

    frontdesk_client.post("/customers/new/", form_data(branch_a, mobile=""))

    assert Customer.objects.filter(code="C000008").exists()


def test_branch_sequence_uses_branch_code(frontdesk_client, branch_a):
    CodeSequence.objects.create(
        branch=branch_a, prefix="{branch}-{yy}-", digits=4, next_number=12
    )

    frontdesk_client.post("/customers/new/", form_data(branch_a))

    year = timezone.localdate().year % 100
    assert Customer.objects.get().code == f"A-{year:02d}-0012"


def test_typed_code_is_trimmed(frontdesk_client, branch_a):
    frontdesk_client.post("/customers/new/", form_data(branch_a, code="  VIP-01  "))

    assert Customer.objects.get().code == "VIP-01"


def test_typed_code_clash_names_holder(frontdesk_client, branch_a):
    make_customer(branch_a, "Holder Person", code="VIP-01")

    response = frontdesk_client.post(
        "/customers/new/", form_data(branch_a, code="vip-01", mobile="")
    )

    assert response.status_code == 200
    assert "Holder Person" in str(response.context["form"].errors["code"])
    assert Customer.objects.count() == 1


def test_success_message_names_customer(frontdesk_client, branch_a):
    response = frontdesk_client.post(
        "/customers/new/", form_data(branch_a), follow=True
    )

    customer = Customer.objects.get()
    assert f"{customer.name} ({customer.code})" in response.content.decode()


def test_duplicate_mobile_warns_with_link(frontdesk_client, branch_a, branch_b):
    existing = make_customer(branch_b, "Existing Person", mobile="91234567")

    response = frontdesk_client.post("/customers/new/", form_data(branch_a))

    assert response.status_code == 200
    assert f'href="/customers/{existing.pk}/"' in response.content.decode()
    assert Customer.objects.count() == 1


def test_duplicate_override_saves(frontdesk_client, branch_a):
    make_customer(branch_a, "Existing Person", mobile="9123-4567")

    response = frontdesk_client.post(
        "/customers/new/", form_data(branch_a, allow_duplicate="on")
    )

    assert response.status_code == 302
    assert Customer.objects.count() == 2


def test_duplicate_ignores_invisible_branch(frontdesk_client, branch_a, branch_c):
    make_customer(branch_c, "Outside Person", mobile="91234567")

    response = frontdesk_client.post("/customers/new/", form_data(branch_a))

    assert response.status_code == 302


def test_duplicate_email_and_identity(frontdesk_client, branch_a):
    make_customer(branch_a, "By Email", email="siti@example.com")
    make_customer(branch_a, "By Identity", identity_number="S1234567D")

    response = frontdesk_client.post(
        "/customers/new/",
        form_data(
            branch_a, mobile="", email="SITI@example.com", identity_number="s1234567d"
        ),
    )

    names = {match.name for match in response.context["form"].duplicates}
    assert names == {"By Email", "By Identity"}


def test_edit_keeps_own_code_and_mobile(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Editing Person", code="E-1", mobile="91234567")

    response = frontdesk_client.post(
        f"/customers/{customer.pk}/edit/",
        form_data(branch_a, code="E-1", name="Edited Person", action="apply"),
    )

    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.name == "Edited Person"
    assert customer.mobile_digits == "6591234567"


def test_rendered_form_posts_back(frontdesk_client, branch_a):
    """The page's own fields, posted back with a name, save a customer."""
    page = frontdesk_client.get("/customers/new/")
    form = page.context["form"]
    data = {
        name: field.value() if field.value() is not None else ""
        for name, field in ((name, form[name]) for name in form.fields)
    }
    data = {key: value for key, value in data.items() if value is not False}
    data.update(name="Posted Back", action="save")

    response = frontdesk_client.post("/customers/new/", data)

    assert response.status_code == 302
    assert Customer.objects.get().name == "Posted Back"


def test_new_form_marks_mandatory_fields(frontdesk_client):
    html = frontdesk_client.get("/customers/new/").content.decode()

    assert 'for="id_name">Name <span class="text-danger" aria-hidden="true">*' in html
    assert 'name="action" value="save_next"' in html
    assert 'value="#AUTO"' in html


def test_group_validity_sets_expiry(frontdesk_client, branch_a):
    from customers.models import CustomerGroup

    gold = CustomerGroup.objects.create(name="Gold", validity_days=30)

    frontdesk_client.post("/customers/new/", form_data(branch_a, group=gold.pk))

    customer = Customer.objects.get()
    assert customer.group_assigned_on == timezone.localdate()
    assert customer.group_expires_on == timezone.localdate() + datetime.timedelta(30)


def test_code_clash_hides_invisible_holder(frontdesk_client, branch_a, branch_c):
    make_customer(branch_c, "Hidden Holder", code="SECRET-1")

    response = frontdesk_client.post(
        "/customers/new/", form_data(branch_a, code="secret-1", mobile="")
    )

    errors = str(response.context["form"].errors["code"])
    assert "already in use" in errors
    assert "Hidden Holder" not in response.content.decode()


def test_phone_with_too_many_digits(frontdesk_client, branch_a):
    response = frontdesk_client.post(
        "/customers/new/", form_data(branch_a, mobile="1" * 16)
    )

    assert "at most 15 digits" in str(response.context["form"].errors["mobile"])


def test_block_allocation_skips_taken_and_reserved(branch_a):
    from django.db import transaction

    from customers.codes import allocate_customer_codes

    CodeSequence.objects.filter(branch=None).update(prefix="C", digits=3, next_number=1)
    make_customer(branch_a, "Taken Two", code="c002")

    with transaction.atomic():
        codes = allocate_customer_codes(branch_a, 4, reserved={"C004"})

    assert codes == ["C001", "C003", "C005", "C006"]
    assert CodeSequence.objects.get(branch=None).next_number == 7


def test_shared_customer_keeps_home_branch(frontdesk_client, branch_a, branch_b):
    customer = make_customer(branch_b, "Shared Person", code="B0001")

    form = frontdesk_client.get(f"/customers/{customer.pk}/edit/")
    response = frontdesk_client.post(
        f"/customers/{customer.pk}/edit/",
        form_data(branch_b, code="B0001", name="Shared Person", mobile="+65 9000 0001"),
    )

    choices = form.context["form"].fields["home_branch"].queryset
    assert set(choices) == {branch_a, branch_b}
    assert form.context["form"]["home_branch"].value() == branch_b.pk
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.home_branch == branch_b
    assert customer.mobile == "+65 9000 0001"


def test_move_to_unworked_branch_rejected(
    frontdesk_client, branch_a, branch_b, branch_c
):
    customer = make_customer(branch_b, "Shared Person", code="B0001")

    response = frontdesk_client.post(
        f"/customers/{customer.pk}/edit/",
        form_data(branch_c, code="B0001", name="Shared Person"),
    )

    assert response.status_code == 200
    assert "home_branch" in response.context["form"].errors
    customer.refresh_from_db()
    assert customer.home_branch == branch_b
