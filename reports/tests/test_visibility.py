"""Branch visibility in every output of the report.

Branch B shares its customers with A and C shares with nobody, so a user
at A sees A's and B's customers and never C's, and a user at B sees only B's.
"""

import io

import pytest
from openpyxl import load_workbook

from conftest import client_for, make_customer
from reports.tests.helpers import (
    body_of,
    csv_rows,
    get_report,
    pdf_text,
    requires,
    squeeze,
)

A_NAME, B_NAME, C_NAME = "Alpha Customer", "Bravo Customer", "Charlie Customer"


@pytest.fixture
def customers(branch_a, branch_b, branch_c):
    return {
        "a": make_customer(branch_a, A_NAME),
        "b": make_customer(branch_b, B_NAME),
        "c": make_customer(branch_c, C_NAME),
    }


def preview_names(client, **params):
    response = get_report(client, per_page=100, **params)
    return {row.record["name"] for row in response.context["table"].paginated_rows}


def xlsx_names(client, **params):
    response = get_report(client, format="xlsx", columns=["name"], **params)
    sheet = load_workbook(io.BytesIO(body_of(response))).active
    return {row[0].value for row in sheet.iter_rows(min_row=2)}


def csv_names(client, **params):
    response = get_report(client, format="csv", columns=["name"], **params)
    return {row[0] for row in csv_rows(body_of(response))[1:]}


def test_preview_hides_other_branches(frontdesk_client, customers):
    assert preview_names(frontdesk_client) == {A_NAME, B_NAME}


def test_xlsx_hides_other_branches(frontdesk_client, customers):
    assert xlsx_names(frontdesk_client) == {A_NAME, B_NAME}


def test_csv_hides_other_branches(frontdesk_client, customers):
    assert csv_names(frontdesk_client) == {A_NAME, B_NAME}


@requires("pdftotext")
def test_pdf_hides_other_branches(frontdesk_client, customers, tmp_path):
    response = get_report(frontdesk_client, format="pdf")
    text = pdf_text(response.content, tmp_path)

    assert squeeze(A_NAME) in squeeze(text)
    assert squeeze(B_NAME) in squeeze(text)
    assert squeeze(C_NAME) not in squeeze(text)
    assert "Charlie" not in text


def test_sharing_is_one_way(user_b, branch_b, customers):
    client = client_for(user_b, branch_b)

    assert preview_names(client) == {B_NAME}
    assert csv_names(client) == {B_NAME}


def test_branch_filter_offers_visible_only(frontdesk_client, customers, branch_c):
    response = frontdesk_client.get("/reports/customers/")

    offered = set(response.context["filter"].form.fields["branch"].queryset)
    assert offered == {customers["a"].home_branch, customers["b"].home_branch}


@pytest.mark.parametrize("output", ["html", "pdf", "xlsx", "csv"])
def test_branch_filter_rejects_hidden_branch(
    frontdesk_client, customers, branch_c, output
):
    response = get_report(frontdesk_client, format=output, branch=[branch_c.pk])

    assert response.status_code == 400
    assert "branch" in response.context["filter"].form.errors
    assert C_NAME not in response.content.decode()


def test_branch_filter_narrows(frontdesk_client, customers, branch_b):
    assert preview_names(frontdesk_client, branch=[branch_b.pk]) == {B_NAME}
    assert xlsx_names(frontdesk_client, branch=[branch_b.pk]) == {B_NAME}


def test_switching_branch_changes_report(frontdesk_a, branch_a, branch_c, customers):
    """A user at A who also works at C sees C's customers only while at C."""
    frontdesk_a.membership.branches.add(branch_c)

    at_a = client_for(frontdesk_a, branch_a)
    at_c = client_for(frontdesk_a, branch_c)

    assert preview_names(at_a) == {A_NAME, B_NAME}
    assert preview_names(at_c) == {C_NAME}
