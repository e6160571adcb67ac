"""`manage.py import_customers`: the import engine from the command line."""

import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from customers.models import Customer
from customers.tests.test_import_support import CUSTOMERS_100, write_xlsx


def import_customers(*args):
    out = io.StringIO()
    call_command("import_customers", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_dry_run_writes_nothing(branch_a):
    output = import_customers(CUSTOMERS_100, "--branch", "a", "--dry-run")

    assert "Dry run: nothing was imported." in output
    assert "Rows in the file: 100" in output
    assert "Ready to import: 100" in output
    assert "B (Customer Id) -> Code" in output
    assert Customer.objects.count() == 0


def test_import_sample_file(branch_a, manager_a):
    output = import_customers(CUSTOMERS_100, "--branch", "A", "--user", "manager_a")

    assert "Imported: 100" in output
    assert "Rejected: 0" in output
    assert (
        Customer.objects.filter(home_branch=branch_a, created_by=manager_a).count()
        == 100
    )


def test_second_run_prints_duplicates(branch_a, tmp_path):
    import_customers(CUSTOMERS_100, "--branch", "A")
    rejected = tmp_path / "rejected.xlsx"

    output = import_customers(CUSTOMERS_100, "--branch", "A", "--rejected", rejected)

    assert "Imported: 0" in output
    assert "Likely an existing customer: 100" in output
    assert "Row 2: Code DD37Cf93aecA6Dc is already used by another customer." in output
    assert "... and 80 more rows with problems." in output
    assert f"Wrote 100 rejected rows to {rejected}." in output
    assert openpyxl.load_workbook(rejected).active.max_row == 101
    assert Customer.objects.count() == 100


def test_mapping_json(branch_a):
    mapping = json.dumps(
        {"first name": "first_name", "Last Name": "last_name", "Email": "email"}
    )

    import_customers(CUSTOMERS_100, "--branch", "A", "--mapping", mapping)

    sheryl = Customer.objects.get(email="zunigavanessa@smith.info")
    assert sheryl.name == "Sheryl Baxter"
    assert sheryl.mobile == ""
    assert sheryl.code != "DD37Cf93aecA6Dc"


def test_mapping_file(branch_a, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"First Name": "name", "Phone 2": "mobile"}))

    import_customers(CUSTOMERS_100, "--branch", "A", "--mapping", mapping)

    assert Customer.objects.get(mobile="397.884.0519x718").name == "Sheryl"


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("{not json", "The mapping is not valid JSON"),
        ('["email"]', "The mapping must be a JSON object"),
        ('{"Fax": "mobile"}', "The file has no column named 'Fax'"),
        ('{"Email": "password"}', "'password' is not a customer field"),
        ('{"Email": "email"}', "Choose the column with the customer's name"),
        (
            '{"First Name": "name", "Phone 1": "mobile", "Phone 2": "mobile"}',
            "Mobile is chosen for columns H (Phone 1), I (Phone 2).",
        ),
    ],
)
def test_bad_mapping(branch_a, mapping, message):
    with pytest.raises(
        CommandError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        import_customers(CUSTOMERS_100, "--branch", "A", "--mapping", mapping)


def test_unknown_branch(db):
    with pytest.raises(CommandError, match="No branch has the code 'ZZ'"):
        import_customers(CUSTOMERS_100, "--branch", "ZZ")


def test_user_must_work_at_branch(branch_a, branch_c, outsider_c):
    with pytest.raises(CommandError, match="outsider_c does not work at branch A"):
        import_customers(CUSTOMERS_100, "--branch", "A", "--user", "outsider_c")


def test_bad_file_message(branch_a, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Mobile\n")

    with pytest.raises(CommandError, match="header row but no customer rows"):
        import_customers(path, "--branch", "A")


def test_xlsx_sheet_option(branch_a, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Readme"
    book.active.append(["Nothing here"])
    sheet = book.create_sheet("People")
    sheet.append(["Name", "Phone 1"])
    sheet.append(["Tan Mei Ling", 6591234567])
    path = tmp_path / "book.xlsx"
    book.save(path)

    import_customers(path, "--branch", "A", "--sheet", "People")

    assert Customer.objects.get().mobile == "6591234567"


def test_all_or_nothing(branch_a, tmp_path):
    path = write_xlsx(
        tmp_path / "people.xlsx",
        [["Name", "Email"], ["Tan Mei Ling", "mei@example.com"], ["Lee Wei", "x@"]],
    )

    output = import_customers(path, "--branch", "A", "--all-or-nothing")

    assert "Nothing was imported, because 1 row has problems" in output
    assert Customer.objects.count() == 0
