"""LibreOffice reads the exports as the screen shows them.

LibreOffice runs headless with a throwaway user profile in the test's
temporary folder, so tests do not share or lock a profile.
"""

import datetime
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from conftest import make_customer
from customers.models import CustomerGroup
from reports.tests.helpers import (
    WORLD_NAMES,
    body_of,
    csv_rows,
    get_report,
    open_due,
    preview_rows,
)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Field separator 44 (comma), text delimiter 34 (double quote), charset 76
# (UTF-8), first line 1, as LibreOffice's CSV filter options number them.
CSV_FILTER = "44,34,76,1"
COLUMNS = [
    "code",
    "name",
    "mobile",
    "identity_number",
    "group",
    "branch",
    "join_date",
    "gender",
    "published",
    "remarks",
    "due_balance",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed"),
]


def soffice_convert(source, target_format, tmp_path, infilter=None):
    """Convert `source` with headless LibreOffice; return the output path."""
    out = tmp_path / "out"
    command = [
        SOFFICE,
        f"-env:UserInstallation=file://{tmp_path}/profile",
        "--headless",
        "--norestore",
    ]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target_format, "--outdir", str(out), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    converted = list(out.iterdir())
    assert len(converted) == 1, (result.stdout, result.stderr)
    return converted[0]


@pytest.fixture
def mixed_customers(branch_a, branch_b):
    gold = CustomerGroup.objects.create(name="Gold")
    names = WORLD_NAMES + [
        '=HYPERLINK("http://x","y")',
        "@SUM(A1)",
        "+1",
        "-1+1",
        'Tan, "Amy"',
    ]
    for number, name in enumerate(names):
        customer = make_customer(
            branch_a if number % 2 else branch_b,
            name,
            mobile="0123456789" if number % 3 else "+6591234567",
            identity_number=f"0{number}0203-14-5678",
            group=gold if number % 2 else None,
            join_date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
            gender="F" if number % 2 else "M",
            is_published=bool(number % 4),
            remarks="first line\nsecond line" if number == 0 else "",
        )
        if number % 2:
            open_due(customer, branch_a, f"{number * 100 + 0.5:.2f}")


def test_xlsx_converts_to_screen_rows(frontdesk_client, mixed_customers, tmp_path):
    screen = preview_rows(get_report(frontdesk_client, columns=COLUMNS, per_page=100))
    source = tmp_path / "customers.xlsx"
    source.write_bytes(
        body_of(get_report(frontdesk_client, format="xlsx", columns=COLUMNS))
    )

    converted = soffice_convert(
        source, f"csv:Text - txt - csv (StarCalc):{CSV_FILTER}", tmp_path
    )
    rows = csv_rows(converted.read_bytes())

    assert rows[0] == [
        "Code",
        "Name",
        "Mobile",
        "Identity number",
        "Group",
        "Branch",
        "Join date",
        "Gender",
        "Published",
        "Remarks",
        "Due balance",
    ]
    assert rows[1:] == screen


def test_csv_opens_without_formulas(frontdesk_client, mixed_customers, tmp_path):
    source = tmp_path / "customers.csv"
    source.write_bytes(
        body_of(get_report(frontdesk_client, format="csv", columns=["name", "mobile"]))
    )

    converted = soffice_convert(source, "xlsx", tmp_path, infilter=f"CSV:{CSV_FILTER}")
    sheet = load_workbook(converted).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]

    assert cells
    assert all(cell.data_type != "f" for cell in cells)
    names = {row[0].value for row in sheet.iter_rows(min_row=2)}
    assert '\'=HYPERLINK("http://x","y")' in names
    assert "王小明" in names
