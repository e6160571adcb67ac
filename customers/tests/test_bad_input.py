"""Bad input to the listing and the form gives a sane page, never a 500."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_customer
from customers.models import Customer
from customers.tests.test_form import form_data

LONG = "x" * 10_000
SEARCH_BOXES = ["code", "name", "mobile", "telephone", "phone", "email"]

LISTING_CASES = [
    {"sort": "unknown"},
    {"sort": "-password,name"},
    {"page": "abc"},
    {"page": "99999"},
    {"per_page": "-1"},
    {"per_page": "100000"},
    {"group": "999999"},
    {"group": "abc"},
    {"branch": "999999"},
    {"published": "maybe"},
    *({box: "lim\x00"} for box in SEARCH_BOXES),
    *({box: LONG} for box in SEARCH_BOXES),
]


@pytest.mark.parametrize("params", LISTING_CASES, ids=str)
def test_listing_bad_parameters(frontdesk_client, branch_a, params):
    make_customer(branch_a, "Lim Ah Kow")

    response = frontdesk_client.get("/customers/", params)

    assert response.status_code == 200
    table = response.context["table"]
    assert table.paginator.per_page in (25, 50, 100)
    box = next(iter(params))
    if params[box] == LONG:
        errors = response.context["filter"].form.errors
        assert box in errors
        assert LONG[:100] in response.content.decode()


FUTURE = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()

FORM_CASES = [
    ("date_of_birth", {"date_of_birth": "1990-02-30"}),
    ("date_of_birth", {"date_of_birth": "not a date"}),
    ("date_of_birth", {"date_of_birth": FUTURE}),
    ("name", {"name": "N" * 151}),
    ("name", {"name": ""}),
    ("name", {"name": "   "}),
    ("code", {"code": "TAKEN-1"}),
    ("code", {"code": ""}),
    ("group", {"group": "999999"}),
    ("home_branch", {"home_branch": "999999"}),
    ("email", {"email": "not-an-email"}),
    ("mobile", {"mobile": "call me maybe"}),
    ("name", {"name": "bad\x00name"}),
]


@pytest.mark.parametrize(("field", "overrides"), FORM_CASES, ids=str)
def test_form_bad_input_keeps_values(frontdesk_client, branch_a, field, overrides):
    make_customer(branch_a, "Holder", code="TAKEN-1")
    data = form_data(branch_a, remarks="typed remark kept", **overrides)

    response = frontdesk_client.post("/customers/new/", data)

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert "typed remark kept" in response.content.decode()
    assert Customer.objects.count() == 1


def test_error_shown_next_to_field(frontdesk_client, branch_a):
    response = frontdesk_client.post(
        "/customers/new/", form_data(branch_a, date_of_birth=FUTURE)
    )

    html = response.content.decode()
    assert 'id="id_date_of_birth-error"' in html
    assert "cannot be in the future" in html


@pytest.mark.parametrize("url", ["/customers/999999/", "/customers/999999/edit/"])
def test_unknown_customer_is_404(frontdesk_client, url):
    assert frontdesk_client.get(url).status_code == 404


def test_bulk_with_bad_ids(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Keep Me")

    response = frontdesk_client.post(
        "/customers/bulk/", {"action": "publish", "pk": ["abc", str(customer.pk)]}
    )

    assert response.status_code == 302


def test_bulk_unknown_action(frontdesk_client, branch_a):
    customer = make_customer(branch_a, "Keep Me")

    response = frontdesk_client.post(
        "/customers/bulk/", {"action": "explode", "pk": [customer.pk]}
    )

    assert response.status_code == 400


def test_autocomplete_bad_query(frontdesk_client, branch_a):
    response = frontdesk_client.get("/customers/autocomplete/", {"q": "\x00" + LONG})

    assert response.status_code == 200
    assert response.json() == {"results": []}


@pytest.mark.parametrize("bad_id", ["9223372036854775808", "-1", "0"])
def test_bulk_with_impossible_id_is_404(frontdesk_client, branch_a, bad_id):
    customer = make_customer(branch_a, "Keep Me")

    response = frontdesk_client.post(
        "/customers/bulk/", {"action": "publish", "pk": [bad_id, str(customer.pk)]}
    )

    assert response.status_code == 404


@pytest.mark.parametrize("page", ["0", "-1", "-999999"])
def test_page_below_one_shows_first(frontdesk_client, branch_a, page):
    for number in range(30):
        make_customer(branch_a, f"Customer {number:02d}")

    response = frontdesk_client.get("/customers/", {"page": page})

    assert response.context["table"].page.number == 1


@pytest.mark.parametrize("join_date", ["0001-01-01", "1899-12-31", "3000-01-01"])
def test_join_date_outside_range_rejected(frontdesk_client, branch_a, join_date):
    response = frontdesk_client.post(
        "/customers/new/", form_data(branch_a, join_date=join_date)
    )

    message = "Enter a date between 1900-01-01 and 2999-12-31."
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Customer.objects.exists()
