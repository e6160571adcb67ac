"""Files that cannot be imported get a message on the page, never a 500."""

import datetime
import os

import pytest

from customers.models import Customer
from customers.tests.test_import_support import (
    import_dir,  # noqa: F401 fixture
    import_folder,
    rendered_form,
    token_of,
    upload_named,
    write_xlsx,
)

pytestmark = pytest.mark.usefixtures("import_dir")


def rejected_upload(client, path, name):
    response = upload_named(client, path, name)
    assert response.status_code == 200
    return response.content.decode()


def test_empty_file(manager_client, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    text = rejected_upload(manager_client, path, "empty.csv")

    assert "The file is empty." in text


def test_blank_lines_only(manager_client, tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("\n\n  \n")

    assert "The file is empty." in rejected_upload(manager_client, path, "blank.csv")


def test_header_only_csv(manager_client, tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("Name,Mobile,Email\n")

    text = rejected_upload(manager_client, path, "header.csv")

    assert "The file has a header row but no customer rows." in text


def test_header_only_xlsx(manager_client, tmp_path):
    path = write_xlsx(tmp_path / "header.xlsx", [["Name", "Mobile", "Email"]])
    token = token_of(upload_named(manager_client, path, "header.xlsx"))

    response = manager_client.get(f"/customers/import/{token}/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "The sheet Customers has a header row but no customer rows." in text
    assert 'id="dry-run"' not in text


def test_wrong_extension(manager_client, tmp_path):
    path = tmp_path / "customers.pdf"
    path.write_bytes(b"%PDF-1.4 not a spreadsheet")

    text = rejected_upload(manager_client, path, "customers.pdf")

    assert "Files of type .pdf cannot be imported." in text


def test_old_excel_format(manager_client, tmp_path):
    path = tmp_path / "customers.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)

    text = rejected_upload(manager_client, path, "customers.xls")

    assert "Excel 97-2003 workbook (.xls)" in text


def test_xlsx_that_is_csv(manager_client, tmp_path):
    path = tmp_path / "customers.xlsx"
    path.write_text("Name,Mobile\nTan Mei Ling,91234567\n")

    text = rejected_upload(manager_client, path, "customers.xlsx")

    assert "named .xlsx but contains plain text, like a CSV file" in text


def test_csv_that_is_xlsx(manager_client, tmp_path):
    path = write_xlsx(tmp_path / "real.xlsx", [["Name", "Mobile"], ["Tan", "9123"]])

    text = rejected_upload(manager_client, path, "customers.csv")

    assert "is named .csv but is a zip archive" in text


def test_random_bytes(manager_client, tmp_path):
    path = tmp_path / "noise.csv"
    path.write_bytes(os.urandom(10 * 1024 * 1024 - 1))

    text = rejected_upload(manager_client, path, "noise.csv")

    assert "This file contains binary data, not text." in text


def test_random_bytes_named_xlsx(manager_client, tmp_path):
    path = tmp_path / "noise.xlsx"
    path.write_bytes(os.urandom(10 * 1024 * 1024 - 1))

    text = rejected_upload(manager_client, path, "noise.xlsx")

    assert "is not an Excel workbook" in text


def test_broken_zip_named_xlsx(manager_client, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(5000))

    text = rejected_upload(manager_client, path, "broken.xlsx")

    assert "could not be read as an Excel workbook" in text


def test_file_over_size_limit(manager_client, tmp_path):
    path = tmp_path / "big.csv"
    row = "Tan Mei Ling,+65 9123 4567,mei@example.com\n"
    path.write_text("Name,Mobile,Email\n" + row * (10 * 1024 * 1024 // len(row) + 10))

    text = rejected_upload(manager_client, path, "big.csv")

    assert "The file is larger than the maximum of 10 MB." in text
    assert not any(import_folder().glob("*/source.*"))


def test_upload_page_states_limit(manager_client):
    text = manager_client.get("/customers/import/").content.decode()

    assert "at most 10 MB and 100,000 rows" in text


def test_no_file_chosen(manager_client):
    response = manager_client.post("/customers/import/", {})

    assert response.status_code == 200
    assert "Choose a file to upload." in response.content.decode()


def dry_run_of(client, path, name, changes=None):
    """Upload `path` and post the rendered mapping; return the token and reply."""
    uploaded = upload_named(client, path, name)
    assert uploaded.status_code == 302, uploaded.content.decode()[:2000]
    token = token_of(uploaded)
    data = rendered_form(client.get(f"/customers/import/{token}/"), "import-mapping")
    data.update(changes or {})
    return token, client.post(f"/customers/import/{token}/", data)


def preview_text(client, token, status=""):
    query = f"?status={status}" if status else ""
    return client.get(f"/customers/import/{token}/preview/{query}").content.decode()


def test_formula_without_result(manager_client, tmp_path):
    path = write_xlsx(
        tmp_path / "formulas.xlsx",
        [
            ["First Name", "Last Name", "Name", "Phone 1"],
            ["Mei Ling", "Tan", '=B2&" "&A2', "91234567"],
            ["Wei", "Lee", "Lee Wei", "98765432"],
        ],
    )

    token, response = dry_run_of(
        manager_client,
        path,
        "formulas.xlsx",
        {"column_0": "", "column_1": "", "column_2": "name"},
    )

    assert response.status_code == 302
    text = preview_text(manager_client, token)
    assert "Cell C2 contains a formula whose result was not saved." in text
    assert "Ready to import: 1" in text


def test_formula_in_unmapped_column_ignored(manager_client, tmp_path):
    path = write_xlsx(
        tmp_path / "formulas.xlsx",
        [["Name", "Phone 1", "Age"], ["Tan Mei Ling", "91234567", "=2024-1990"]],
    )

    token, response = dry_run_of(manager_client, path, "formulas.xlsx")

    assert response.status_code == 302
    assert "Ready to import: 1" in preview_text(manager_client, token)


def test_merged_data_cells(manager_client, tmp_path):
    def merge(sheet):
        sheet.merge_cells("C2:C3")

    path = write_xlsx(
        tmp_path / "merged.xlsx",
        [
            ["Name", "Phone 1", "Referral"],
            ["Tan Mei Ling", "91234567", "Facebook"],
            ["Lee Wei", "98765432", None],
            ["Lim Ah Kow", "97777777", "Walk-in"],
        ],
        adjust=merge,
    )

    token, response = dry_run_of(
        manager_client, path, "merged.xlsx", {"column_2": "referral_source"}
    )

    assert response.status_code == 302
    text = preview_text(manager_client, token)
    assert "Cells C2:C3 are merged." in text
    assert "Ready to import: 1" in text
    assert "With problems: 2" in text


def test_merged_header_cells(manager_client, tmp_path):
    def merge(sheet):
        sheet.merge_cells("B1:C1")

    path = write_xlsx(
        tmp_path / "merged.xlsx",
        [["Name", "Phones", None], ["Tan Mei Ling", "91234567", "61234567"]],
        adjust=merge,
    )

    token, response = dry_run_of(manager_client, path, "merged.xlsx")

    assert response.status_code == 200
    assert "The header row has merged cells (B1:C1)." in response.content.decode()


def test_title_merged_above_header(manager_client, tmp_path):
    def merge(sheet):
        sheet.merge_cells("A1:C1")

    path = write_xlsx(
        tmp_path / "titled.xlsx",
        [
            ["Customer list, March"],
            [],
            ["Name", "Phone 1", "Email"],
            ["Tan Mei Ling", "91234567", "mei@example.com"],
        ],
        adjust=merge,
    )

    token, response = dry_run_of(manager_client, path, "titled.xlsx")

    assert response.status_code == 302
    assert "Ready to import: 1" in preview_text(manager_client, token)


def test_hidden_rows(manager_client, tmp_path):
    def hide(sheet):
        sheet.row_dimensions[3].hidden = True

    path = write_xlsx(
        tmp_path / "hidden.xlsx",
        [
            ["Name", "Phone 1"],
            ["Tan Mei Ling", "91234567"],
            ["Deleted Person", "90000000"],
            ["Lee Wei", "98765432"],
        ],
        adjust=hide,
    )

    token, response = dry_run_of(manager_client, path, "hidden.xlsx")

    assert response.status_code == 302
    text = preview_text(manager_client, token, "invalid")
    assert "Row 3 is hidden in the sheet." in text
    assert "Deleted Person" in text
    assert "Ready to import: 2" in text


def test_serial_dates(manager_client, tmp_path, branch_a):
    path = write_xlsx(
        tmp_path / "serial.xlsx",
        [
            ["Name", "Join Date", "DOB"],
            ["Tan Mei Ling", 43831, 32874],
            ["Lee Wei", datetime.datetime(2021, 5, 6), "15/02/1990"],
        ],
    )

    token, response = dry_run_of(manager_client, path, "serial.xlsx")
    preview = manager_client.get(f"/customers/import/{token}/preview/")
    confirm = rendered_form(preview, "import-confirm")
    manager_client.post(f"/customers/import/{token}/preview/", confirm)

    tan = Customer.objects.get(name="Tan Mei Ling")
    assert tan.join_date == datetime.date(2020, 1, 1)
    assert tan.date_of_birth == datetime.date(1990, 1, 1)
    lee = Customer.objects.get(name="Lee Wei")
    assert lee.join_date == datetime.date(2021, 5, 6)
    assert lee.date_of_birth == datetime.date(1990, 2, 15)


def test_float_phone_numbers(manager_client, tmp_path):
    path = write_xlsx(
        tmp_path / "floats.xlsx",
        [["Name", "Mobile", "NRIC"], ["Tan Mei Ling", 6591234567.0, 880101015555.0]],
    )

    token, _response = dry_run_of(manager_client, path, "floats.xlsx")
    preview = manager_client.get(f"/customers/import/{token}/preview/")
    manager_client.post(
        f"/customers/import/{token}/preview/", rendered_form(preview, "import-confirm")
    )

    tan = Customer.objects.get()
    assert tan.mobile == "6591234567"
    assert tan.mobile_digits == "6591234567"
    assert tan.identity_number == "880101015555"


def test_sheet_choice(manager_client, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["Exported from SpaSoft"])
    people = book.create_sheet("People")
    people.append(["Name", "Phone 1"])
    people.append(["Tan Mei Ling", "91234567"])
    hidden = book.create_sheet("Secret")
    hidden.sheet_state = "hidden"
    path = tmp_path / "book.xlsx"
    book.save(path)
    token = token_of(upload_named(manager_client, path, "book.xlsx"))

    first = manager_client.get(f"/customers/import/{token}/").content.decode()
    chosen = manager_client.get(f"/customers/import/{token}/?sheet=People")

    assert "The sheet Notes has a header row but no customer rows." in first
    assert '<option value="People">People</option>' in first
    assert "Secret" not in first
    data = rendered_form(chosen, "import-mapping")
    assert data["sheet"] == "People"
    assert data["column_0"] == "name"
    response = manager_client.post(f"/customers/import/{token}/", data)
    assert response.status_code == 302
    assert "Ready to import: 1" in preview_text(manager_client, token)


def test_tampered_mapping_value(manager_client, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Mobile\nTan Mei Ling,91234567\n")

    token, response = dry_run_of(
        manager_client, path, "people.csv", {"column_1": "is_superuser"}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_code_column_required_for_file_codes(manager_client, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Mobile\nTan Mei Ling,91234567\n")

    token, response = dry_run_of(
        manager_client, path, "people.csv", {"code_policy": "file"}
    )

    assert response.status_code == 200
    assert "Choose the column with the customer codes" in response.content.decode()
