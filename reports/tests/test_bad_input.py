"""Malformed report parameters give the form with errors, never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_customer
from reports.tests.helpers import REPORT_URL, get_report

PARAMETERS = [
    "format",
    "columns",
    "sort",
    "branch",
    "group",
    "published",
    "gender",
    "joined_from",
    "joined_to",
    "birthday_month",
    "programme",
    "has_due_balance",
    "has_prepaid_balance",
    "page",
    "per_page",
]

# Values that some parameter accepts, so the fuzzing also reaches the outputs.
PLAUSIBLE = st.sampled_from(
    ["html", "pdf", "xlsx", "csv", "name", "-join_date", "yes", "no", "F", "1", ""]
    + ["2025-01-01", "null"]
)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("joined_from", "2025-13-40"),
        ("joined_to", "yesterday"),
        ("birthday_month", "13"),
        ("gender", "X"),
        ("published", "maybe"),
        ("has_due_balance", "1"),
        ("branch", "not-a-number"),
        ("group", "999999"),
        ("programme", "-1"),
    ],
)
def test_bad_filter_shows_error(frontdesk_client, branch_a, field, value):
    make_customer(branch_a)

    response = get_report(frontdesk_client, **{field: value})

    assert response.status_code == 400
    assert field in response.context["filter"].form.errors
    assert response.context["table"] is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("columns", "password"), ("sort", "-password"), ("format", "docx")],
)
def test_bad_parameter_shows_error(frontdesk_client, branch_a, field, value):
    response = get_report(frontdesk_client, **{field: value})

    assert response.status_code == 400
    assert field in response.context["parameters"].errors


def test_bad_input_keeps_typed_values(frontdesk_client, branch_a):
    response = get_report(frontdesk_client, joined_from="2025-13-40", gender="F")

    form = response.context["filter"].form
    assert form["joined_from"].value() == "2025-13-40"
    assert form["gender"].value() == "F"
    assert 'value="2025-13-40"' in response.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999"])
def test_bad_page_shows_a_page(frontdesk_client, branch_a, page):
    make_customer(branch_a)

    response = get_report(frontdesk_client, page=page)

    assert response.status_code == 200
    assert len(response.context["table"].paginated_rows) == 1


@pytest.mark.parametrize("per_page", ["0", "1000000", "x"])
def test_bad_per_page_uses_default(frontdesk_client, branch_a, per_page):
    response = get_report(frontdesk_client, per_page=per_page)

    assert response.status_code == 200
    assert response.context["table"].paginator.per_page == 25


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    query=st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.lists(st.one_of(st.text(max_size=30), PLAUSIBLE), min_size=1, max_size=3),
        max_size=6,
    )
)
def test_fuzzed_query_never_fails(frontdesk_client, branch_a, query):
    response = frontdesk_client.get(REPORT_URL, query)

    assert response.status_code in (200, 400)
