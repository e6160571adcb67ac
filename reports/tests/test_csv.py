"""The report's CSV: UTF-8 with a BOM, RFC 4180 quoting, no formulas."""

import datetime

from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from conftest import make_customer
from reports import exports
from reports.tests.helpers import body_of, csv_rows, get_report, open_due
from sales.models import DuePayment


def export(client, **params):
    response = get_report(client, format="csv", **params)
    assert response.status_code == 200
    return response


def test_csv_is_streamed_attachment(frontdesk_client, branch_a):
    make_customer(branch_a)

    response = export(frontdesk_client)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".csv" in response["Content-Disposition"]


def test_csv_starts_with_bom(frontdesk_client, branch_a):
    make_customer(branch_a, "王小明")

    content = body_of(export(frontdesk_client, columns=["name"]))

    assert content.startswith(b"\xef\xbb\xbfName\r\n")
    assert "王小明".encode() in content


def test_csv_quotes_as_rfc_4180(frontdesk_client, branch_a):
    make_customer(branch_a, 'Tan, "Amy"', remarks="line one\nline two")

    content = body_of(export(frontdesk_client, columns=["name", "remarks"]))

    assert content.endswith(b'"Tan, ""Amy""","line one\nline two"\r\n')
    assert csv_rows(content)[1] == ['Tan, "Amy"', "line one\nline two"]


def test_csv_lines_end_with_crlf(frontdesk_client, branch_a):
    make_customer(branch_a, "Ang")
    make_customer(branch_a, "Bala")

    content = body_of(export(frontdesk_client, columns=["name"]))

    assert content.split(b"\r\n") == [b"\xef\xbb\xbfName", b"Ang", b"Bala", b""]


def test_csv_formula_names_get_apostrophe(frontdesk_client, branch_a):
    names = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+1", "-1+1", "\t=1"]
    for name in names:
        make_customer(branch_a, name)

    rows = csv_rows(body_of(export(frontdesk_client, columns=["name"])))

    assert sorted(row[0] for row in rows[1:]) == sorted(f"'{name}" for name in names)


def test_csv_control_character_removed(frontdesk_client, branch_a):
    make_customer(branch_a, remarks="a\x0bb")

    rows = csv_rows(body_of(export(frontdesk_client, columns=["remarks"])))

    assert rows[1] == ["ab"]


def test_csv_typed_values(frontdesk_client, branch_a):
    customer = make_customer(
        branch_a, mobile="0123456789", join_date=datetime.date(2025, 3, 9)
    )
    open_due(customer, branch_a, "10.00")
    DuePayment.objects.create(
        customer=customer, branch=branch_a, date="2026-02-01", amount="22.50"
    )

    rows = csv_rows(
        body_of(
            export(frontdesk_client, columns=["mobile", "join_date", "due_balance"])
        )
    )

    # Money is a number, so its minus sign is no formula and gets no apostrophe.
    assert rows[1] == ["0123456789", "2025-03-09", "-12.50"]


def test_csv_streams_in_chunks(frontdesk_client, branch_a, monkeypatch):
    monkeypatch.setattr(exports, "CSV_ROWS_PER_CHUNK", 2)
    for number in range(5):
        make_customer(branch_a, f"Customer {number}")

    response = export(frontdesk_client, columns=["name"])
    chunks = list(response.streaming_content)

    # The header, then rows two at a time: 2, 2 and 1.
    assert len(chunks) == 4


def test_csv_reads_rows_in_one_query(frontdesk_client, branch_a):
    for number in range(30):
        make_customer(branch_a, f"Customer {number:02d}")
    response = export(frontdesk_client, columns=["name", "group", "branch"])

    with CaptureQueriesContext(connection) as queries:
        rows = csv_rows(b"".join(response.streaming_content))

    assert len(rows) == 31
    assert len(queries) == 1
