"""Generated input to every form and every listing and report parameter.

The forms and their fields are read from the pages themselves: each form
URL is fetched, the fields of its POST form are taken from the HTML, and
hypothesis posts generated values for them. Each response must be below
500, must not contain a generated HTML payload unescaped, and a form shown
again with errors must have saved nothing.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branches.roles import ADMINISTRATOR
from conftest import client_for, make_customer, make_user
from customers.models import ConsultancyQuestion, CustomerGroup, Programme
from sales.models import Appointment, Item
from sales.tests.conftest import open_balance

# Kiosk pages need a kiosk session and have their own tests. Logout, the
# kiosk start and the branch switch end or move the session. Anonymise and
# delete change the rows the other examples need, and import takes files.
SKIPPED_PREFIXES = ("admin/", "kiosk/", "customers/import/")
SKIPPED_NAMES = {"logout", "switch", "anonymise", "delete", "question_delete"}
HTML_PAYLOAD = '<b data-fuzz="1">x</b>'
SQL_PAYLOADS = ["' OR '1'='1", "1; DROP TABLE customers_customer; --", '" OR ""="']
NUMBERS = [
    "0",
    "-1",
    "-0.01",
    "0.001",
    "9999999999.99",
    "10000000000.00",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "1e309",
    "NaN",
    "Infinity",
]
DATES = ["0000-00-00", "0001-01-01", "9999-12-31", "2026-02-30", "31/12/2026", "today"]
NOT_COUNTED = {"sessions", "axes", "admin"}

FIELD = re.compile(
    r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"[^>]*>", re.IGNORECASE
)
POST_FORM = re.compile(
    r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.IGNORECASE | re.DOTALL
)
GET_FIELD = re.compile(
    r"<(?:input|select)\b[^>]*\bname=\"([^\"]+)\"[^>]*\bform=\"filter-form\"", re.I
)


def fuzz_values():
    planes = st.characters(
        min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=["Cs"]
    )
    return st.one_of(
        st.text(planes, max_size=40),
        st.sampled_from(["", "\x00", "a\x00b", "\x0b\x1f\x7f", "\r\n\t"]),
        st.just("x" * 100_000),
        st.sampled_from(SQL_PAYLOADS),
        st.just(HTML_PAYLOAD),
        st.sampled_from(NUMBERS),
        st.sampled_from(DATES),
    )


def walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


ROUTES = [
    (route, entry.name)
    for route, entry in walk(get_resolver().url_patterns)
    if not route.startswith(SKIPPED_PREFIXES) and entry.name not in SKIPPED_NAMES
]


@pytest.fixture
def world(db, branch_a, branch_b):
    """One of everything, so each URL with arguments has a row to act on."""
    admin = make_user("fuzz_admin", ADMINISTRATOR, [], superuser=True)
    customer = make_customer(branch_a, "Fuzz Customer", mobile="91234567")
    group = CustomerGroup.objects.create(name="Fuzz Group")
    programme = Programme.objects.create(name="Fuzz Programme")
    question = ConsultancyQuestion.objects.create(
        programme=programme, text="Any allergies?", kind="short_text"
    )
    item = Item.objects.create(code="FZ", name="Fuzz Facial", price=Decimal("50.00"))
    balance = open_balance(customer, dues=["10.00"], prepaid=[(item, 3, "90.00")])
    appointment = Appointment.objects.create(
        customer=customer,
        branch=branch_a,
        start=timezone.now() + datetime.timedelta(days=1),
        item="Facial",
    )
    ids = {
        "customer_id": customer.pk,
        "programme_id": programme.pk,
        "question_id": question.pk,
        ("group_edit", "pk"): group.pk,
        ("edit", "pk"): branch_a.pk,
        ("item_edit", "pk"): item.pk,
        ("item_toggle_published", "pk"): item.pk,
        ("opening_balance_edit", "pk"): balance.pk,
        ("appointment_edit", "pk"): appointment.pk,
        ("reverse_redemption", "pk"): 999_999,
        ("selfentry_review", "pk"): 999_999,
    }
    return client_for(admin, branch_a), ids, programme


def url_for(route, name, ids, programme):
    path = route
    for match in re.finditer(r"<(?:\w+:)?(\w+)>", route):
        argument = match.group(1)
        value = ids.get((name, argument), ids.get(argument))
        if value is None and name == "edit" and argument == "pk":
            value = programme.pk
        if value is None:
            return None
        path = path.replace(match.group(0), str(value))
    return "/" + path


def row_count():
    return sum(
        model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and model._meta.app_label not in NOT_COUNTED
    )


def check_response(response, values):
    assert response.status_code < 500
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html") and not getattr(
        response, "streaming", False
    ):
        html = response.content.decode(errors="replace")
        if HTML_PAYLOAD in values:
            assert HTML_PAYLOAD not in html


FUZZ = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


@pytest.mark.slow
@pytest.mark.parametrize(("route", "name"), ROUTES, ids=[route for route, _ in ROUTES])
@FUZZ
@given(data=st.data())
def test_post_forms_with_generated_values(world, route, name, data):
    client, ids, programme = world
    url = url_for(route, name, ids, programme)
    if url is None:
        pytest.skip("no row for this URL's arguments")
    page = client.get(url)
    forms = (
        POST_FORM.findall(page.content.decode(errors="replace"))
        if page.status_code == 200
        else []
    )
    fields = sorted(
        {field for form in forms for field in FIELD.findall(form)}
        - {"csrfmiddlewaretoken"}
    )
    if not fields:
        fields = ["action", "pk", "q", "value"]
    values = {field: data.draw(fuzz_values(), label=field) for field in fields}
    before = row_count()

    response = client.post(url, values)

    check_response(response, values.values())
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        assert row_count() == before, "a form shown again saved rows"


LISTINGS = [
    "/customers/",
    "/reports/customers/",
    "/sales/items/",
    "/sales/opening-balances/",
    "/sales/appointments/",
    "/programmes/",
    "/customers/self-entries/",
    "/sales/reports/inter-branch/",
    "/customers/autocomplete/",
    "/branches/",
    "/customers/groups/",
]


@pytest.mark.slow
@pytest.mark.parametrize("url", LISTINGS)
@FUZZ
@given(data=st.data())
def test_listing_parameters_with_generated_values(world, url, data):
    client, _ids, _programme = world
    page = client.get(url)
    html = page.content.decode(errors="replace")
    names = set(GET_FIELD.findall(html)) | set(
        re.findall(r'<(?:input|select)\b[^>]*\bname="([^"]+)"', html)
    )
    names = sorted(
        (names | {"sort", "page", "per_page", "q", "format"})
        - {"csrfmiddlewaretoken", "pk", "action", "next"}
    )
    params = {name: data.draw(fuzz_values(), label=name) for name in names}
    if url == "/reports/customers/":
        params["format"] = data.draw(
            st.sampled_from(["html", "pdf", "xlsx", "csv", "doc"])
        )

    response = client.get(url, params)

    check_response(response, params.values())
