"""The report's XLSX, read back with openpyxl."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import make_customer
from reports.tests.helpers import body_of, get_report, open_due, open_prepaid

FORMULA_NAMES = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+1", "-1+1"]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(client, **params):
    response = get_report(client, format="xlsx", **params)
    assert response.status_code == 200
    return response


def workbook_of(response):
    return load_workbook(io.BytesIO(body_of(response)))


def rows_by_name(sheet):
    header = [cell.value for cell in sheet[1]]
    index = header.index("Name")
    return {row[index].value: row for row in sheet.iter_rows(min_row=2)}


def test_xlsx_is_streamed_attachment(frontdesk_client, branch_a):
    make_customer(branch_a)

    response = export(frontdesk_client)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".xlsx" in response["Content-Disposition"]


def test_formula_names_stay_text(frontdesk_client, branch_a):
    for name in FORMULA_NAMES:
        make_customer(branch_a, name)

    response = export(frontdesk_client, columns=["name"])
    sheet = workbook_of(response).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]

    assert sorted(cell.value for cell in cells) == sorted(FORMULA_NAMES)
    for cell in cells:
        assert cell.data_type == "s", cell.value
        assert cell.quotePrefix, cell.value


def test_xlsx_has_no_formula_element(frontdesk_client, branch_a):
    for name in FORMULA_NAMES:
        make_customer(branch_a, name)

    content = body_of(export(frontdesk_client, columns=["name"]))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()

    assert "<f>" not in sheet_xml
    assert "<f " not in sheet_xml


def test_phone_numbers_stay_text(frontdesk_client, branch_a):
    make_customer(branch_a, "Leading Zero", mobile="0123456789")
    make_customer(branch_a, "Plus Sign", mobile="+6591234567")

    sheet = workbook_of(export(frontdesk_client, columns=["name", "mobile"])).active
    rows = rows_by_name(sheet)

    for name, mobile in [("Leading Zero", "0123456789"), ("Plus Sign", "+6591234567")]:
        cell = rows[name][1]
        assert cell.value == mobile
        assert cell.data_type == "s"
        assert cell.number_format == "@"


def test_identity_number_stays_text(frontdesk_client, branch_a):
    make_customer(branch_a, identity_number="010203-14-5678")

    sheet = workbook_of(export(frontdesk_client, columns=["identity_number"])).active

    assert sheet["A2"].value == "010203-14-5678"
    assert sheet["A2"].data_type == "s"


def test_dates_are_dates(frontdesk_client, branch_a):
    make_customer(
        branch_a,
        join_date=datetime.date(2025, 3, 9),
        date_of_birth=datetime.date(1990, 12, 31),
    )

    sheet = workbook_of(
        export(frontdesk_client, columns=["join_date", "date_of_birth"])
    ).active

    assert sheet["A2"].is_date
    assert sheet["A2"].value.date() == datetime.date(2025, 3, 9)
    assert sheet["A2"].number_format == "yyyy-mm-dd"
    assert sheet["B2"].value.date() == datetime.date(1990, 12, 31)


def test_datetimes_in_local_time(frontdesk_client, branch_a):
    customer = make_customer(branch_a)

    sheet = workbook_of(export(frontdesk_client, columns=["created_at"])).active

    local = timezone.localtime(customer.created_at).replace(tzinfo=None)
    assert sheet["A2"].is_date
    assert sheet["A2"].value.tzinfo is None
    assert abs(sheet["A2"].value - local) < datetime.timedelta(seconds=1)


def test_money_is_number_with_two_decimals(frontdesk_client, branch_a):
    customer = make_customer(branch_a)
    open_due(customer, branch_a, "1234.50")
    other = make_customer(branch_a, "Zul")
    open_prepaid(other, branch_a, "300.00")

    sheet = workbook_of(
        export(frontdesk_client, columns=["name", "due_balance", "prepaid_balance"])
    ).active
    rows = rows_by_name(sheet)

    due = rows["Tan Mei Ling"][1]
    assert due.data_type == "n"
    assert Decimal(str(due.value)) == Decimal("1234.50")
    assert due.number_format == '"SGD" #,##0.00;"SGD" -#,##0.00'
    assert rows["Zul"][2].value == 300
    assert rows["Zul"][1].value == 0


def test_control_character_is_removed(frontdesk_client, branch_a):
    make_customer(branch_a, remarks="before\x0bafter\x1fend")

    sheet = workbook_of(export(frontdesk_client, columns=["remarks"])).active

    assert sheet["A2"].value == "beforeafterend"


def test_header_bold_frozen_filtered(frontdesk_client, branch_a):
    make_customer(branch_a)
    make_customer(branch_a, "Zul")

    sheet = workbook_of(
        export(frontdesk_client, columns=["code", "name", "address"])
    ).active

    assert [cell.value for cell in sheet[1]] == ["Code", "Name", "Address"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C3"


def test_column_widths_follow_content(frontdesk_client, branch_a):
    make_customer(branch_a)

    sheet = workbook_of(
        export(frontdesk_client, columns=["gender", "name", "address"])
    ).active
    widths = [sheet.column_dimensions[letter].width for letter in "ABC"]

    assert widths[0] < widths[1] < widths[2]
    assert widths[0] >= len("Gender")


def test_columns_in_chosen_order(frontdesk_client, branch_a):
    make_customer(branch_a, mobile="91234567")

    sheet = workbook_of(
        export(frontdesk_client, columns=["mobile", "code", "name"])
    ).active

    assert [cell.value for cell in sheet[1]] == ["Mobile", "Code", "Name"]


def test_choice_and_boolean_labels(frontdesk_client, branch_a):
    make_customer(branch_a, gender="F", is_published=False)

    sheet = workbook_of(
        export(frontdesk_client, columns=["gender", "published"])
    ).active

    assert sheet["A2"].value == "Female"
    assert sheet["B2"].value == "No"


@pytest.mark.parametrize("rows", [0, 1])
def test_empty_values_leave_cells_blank(frontdesk_client, branch_a, rows):
    for _number in range(rows):
        make_customer(branch_a, email="")

    sheet = workbook_of(export(frontdesk_client, columns=["name", "email"])).active

    assert sheet.max_row == rows + 1
    if rows:
        assert sheet["B2"].value is None
