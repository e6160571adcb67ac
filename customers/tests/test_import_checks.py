"""The checks a dry run applies to each row, and what the import writes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_customer
from customers.importer import engine
from customers.importer.mapping import (
    CodePolicy,
    DateOrder,
    ImportMode,
    ImportOptions,
    suggest_mapping,
)
from customers.importer.reading import read_head
from customers.importer.store import ImportStore
from customers.models import CodeSequence, Customer, CustomerGroup


def checked_store(tmp_path, text, branch, name="people.csv", **option_values):
    """Dry-run `text` as a CSV file with the suggested mapping."""
    path = tmp_path / name
    path.write_text(text)
    store = ImportStore.create(tmp_path / "imports")
    engine.copy_file(store, path)
    info = engine.prepare(store, name)
    headers = read_head(store.source_path, info).headers
    mapping = option_values.pop("mapping", None) or suggest_mapping(headers)
    option_values.setdefault(
        "code_policy", CodePolicy.FILE if "code" in mapping else CodePolicy.AUTO
    )
    options = ImportOptions(branch=branch, **option_values)
    summary = engine.dry_run(store, mapping, options)
    return store, options, summary


def problems_by_row(store):
    with store.rows() as rows:
        return {
            row["number"]: [problem["kind"] for problem in row["problems"]]
            for row in rows.page(limit=1000)
        }


def messages_of(store, number):
    with store.rows() as rows:
        row = next(row for row in rows.page(limit=1000) if row["number"] == number)
    return " ".join(problem["message"] for problem in row["problems"])


def test_invalid_email(tmp_path, branch_a):
    store, _options, summary = checked_store(
        tmp_path,
        "Name,Email\nTan Mei Ling,mei@@example\nLee Wei,WEI@Example.com\n",
        branch_a,
    )

    assert problems_by_row(store) == {2: ["invalid_email"], 3: []}
    assert 'Email "mei@@example" is not a valid email address.' in messages_of(store, 2)
    assert summary.ready == 1


def test_dates_checked(tmp_path, branch_a):
    future = (datetime.date.today() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    store, _options, _summary = checked_store(
        tmp_path,
        "Name,DOB,Join Date\n"
        "Tan Mei Ling,someday,01/02/2020\n"
        "Lee Wei,31/02/1990,01/02/2020\n"
        f"Lim Ah Kow,{future},01/02/2020\n"
        "Ng Siew Lan,15/02/1890,\n"
        "Goh Boon Huat,15/02/1990,2020-02-01\n",
        branch_a,
    )

    assert problems_by_row(store) == {
        2: ["invalid_date"],
        3: ["impossible_date"],
        4: ["impossible_date"],
        5: ["impossible_date"],
        6: [],
    }
    assert "is in the future" in messages_of(store, 4)
    assert "before 1900" in messages_of(store, 5)


def test_month_first_dates(tmp_path, branch_a):
    store, _options, _summary = checked_store(
        tmp_path,
        "Name,Join Date\nTan Mei Ling,12/31/2020\nLee Wei,31/12/2020\n",
        branch_a,
        date_order=DateOrder.MONTH_FIRST,
    )

    with store.rows() as rows:
        first, second = rows.page(limit=2)
    assert first["values"]["join_date"] == "2020-12-31"
    assert second["problems"][0]["kind"] == "impossible_date"
    assert "read month first" in second["problems"][0]["message"]


def test_over_long_values(tmp_path, branch_a):
    long_name = "A" * 151
    store, _options, _summary = checked_store(
        tmp_path,
        "Customer Id,Name,Phone 1\n"
        f"{'C' * 31},Tan Mei Ling,9123\n"
        f"X1,{long_name},9123\n",
        branch_a,
    )

    assert problems_by_row(store) == {2: ["too_long"], 3: ["too_long"]}
    assert "Code is 31 characters long; the maximum is 30." in messages_of(store, 2)
    assert "Name is 151 characters long; the maximum is 150." in messages_of(store, 3)


def test_invalid_phone_and_gender(tmp_path, branch_a):
    store, _options, _summary = checked_store(
        tmp_path,
        "Name,Mobile,Gender\n"
        "Tan Mei Ling,call me,F\n"
        "Lee Wei,6.59123E+09,male\n"
        "Lim,9123,X\n",
        branch_a,
    )

    assert problems_by_row(store) == {
        2: ["invalid_phone"],
        3: ["shortened_number"],
        4: ["invalid_value"],
    }


def test_missing_name(tmp_path, branch_a):
    store, _options, _summary = checked_store(
        tmp_path,
        "First Name,Last Name,Phone 1\n,,91234567\nMei Ling,,91234568\n",
        branch_a,
    )

    assert problems_by_row(store) == {2: ["missing_name"], 3: []}


def test_duplicate_code_in_file(tmp_path, branch_a):
    store, _options, _summary = checked_store(
        tmp_path,
        "Code,Name\nA100,Tan Mei Ling\na100,Lee Wei\n,Lim Ah Kow\n,Ng Siew Lan\n",
        branch_a,
    )

    assert problems_by_row(store) == {2: [], 3: ["duplicate_code"], 4: [], 5: []}
    assert "Code a100 is also used in row 2." in messages_of(store, 3)


def test_code_taken_at_invisible_branch(tmp_path, branch_a, branch_c):
    make_customer(branch_c, "Hidden Person", code="A100")

    store, _options, _summary = checked_store(
        tmp_path, "Code,Name\na100,Tan Mei Ling\n", branch_a
    )

    assert problems_by_row(store) == {2: ["code_taken"]}
    assert "Hidden Person" not in messages_of(store, 2)


def test_duplicate_row_in_file(tmp_path, branch_a):
    store, _options, _summary = checked_store(
        tmp_path,
        "Name,Mobile,Email\n"
        "Tan Mei Ling,91234567,mei@example.com\n"
        "Tan Mei Ling,91234567,mei@example.com\n"
        "Tan M L,9123-4567,other@example.com\n",
        branch_a,
    )

    assert problems_by_row(store) == {
        2: [],
        3: ["duplicate_row"],
        4: ["duplicate_in_file"],
    }
    assert "Same mobile number as row 2." in messages_of(store, 4)


def test_likely_duplicates_of_visible_customers(tmp_path, branch_a, branch_b):
    make_customer(branch_a, "Tan Mei Ling", mobile="+65 9123 4567")
    make_customer(branch_b, "Lee Wei", email="Wei@Example.com")
    make_customer(branch_b, "Lim Ah Kow", identity_number="S1234567D")

    store, _options, summary = checked_store(
        tmp_path,
        "Name,Mobile,Email,NRIC\n"
        "Mei Ling Tan,65 9123 4567,,\n"
        "Lee W,,wei@example.com,\n"
        "Ah Kow,,,s1234567d\n"
        "Someone New,98887777,new@example.com,T7654321A\n",
        branch_a,
    )

    assert problems_by_row(store) == {
        2: ["likely_duplicate"],
        3: ["likely_duplicate"],
        4: ["likely_duplicate"],
        5: [],
    }
    assert "same mobile number" in messages_of(store, 2)
    assert "Lee Wei" in messages_of(store, 3)
    assert "same identity number" in messages_of(store, 4)
    assert (summary.ready, summary.duplicates) == (1, 3)


def test_customers_outside_visibility_not_matched(tmp_path, branch_a, branch_c):
    make_customer(branch_c, "Tan Mei Ling", mobile="+65 9123 4567")

    store, _options, _summary = checked_store(
        tmp_path, "Name,Mobile\nMei Ling Tan,+65 91234567\n", branch_a
    )

    assert problems_by_row(store) == {2: []}


def test_sharing_is_one_way(tmp_path, branch_a, branch_b):
    make_customer(branch_a, "Tan Mei Ling", mobile="+65 9123 4567")

    store, _options, _summary = checked_store(
        tmp_path, "Name,Mobile\nMei Ling Tan,+65 91234567\n", branch_b
    )

    assert problems_by_row(store) == {2: []}


def test_check_queries_per_batch(tmp_path, branch_a):
    lines = "".join(
        f"C{number},Person {number},+65 9{number:07d},p{number}@example.com\n"
        for number in range(2500)
    )
    path = tmp_path / "many.csv"
    path.write_text("Code,Name,Mobile,Email\n" + lines)
    store = ImportStore.create(tmp_path / "imports")
    engine.copy_file(store, path)
    engine.prepare(store, "many.csv")
    mapping = ["code", "name", "mobile", "email"]
    options = ImportOptions(branch=branch_a, code_policy=CodePolicy.FILE)

    with CaptureQueriesContext(connection) as queries:
        summary = engine.dry_run(store, mapping, options)

    assert summary.ready == 2500
    # One query for codes and one for likely duplicates per batch of 1,000.
    assert len(queries) == 6


def run(store, options, **kwargs):
    return engine.run_import(store, options, **kwargs)


def test_import_writes_fields(tmp_path, branch_a, manager_a):
    group = CustomerGroup.objects.create(name="Gold", validity_days=365)
    store, options, _summary = checked_store(
        tmp_path,
        "Customer Id,Name,Gender,DOB,IC No,Phone 1,Phone 2,E-mail,Address,Remarks,"
        "Marketing Consent,Join Date\n"
        "K001,Tan Mei Ling,F,15/02/1990,s1234567d,+65 9123 4567,6123 4567 x718,"
        'Mei@Example.com,"Blk 1\nOrchard Rd",VIP,yes,03/04/2021\n',
        branch_a,
        group=group,
    )

    summary = run(store, options, user=manager_a)

    assert summary.created == 1
    tan = Customer.objects.get()
    assert tan.code == "K001"
    assert tan.gender == "F"
    assert tan.date_of_birth == datetime.date(1990, 2, 15)
    assert tan.identity_number == "S1234567D"
    assert tan.mobile_digits == "6591234567"
    assert tan.telephone == "6123 4567 x718"
    assert tan.telephone_digits == "61234567"
    assert tan.email == "mei@example.com"
    assert tan.address == "Blk 1\nOrchard Rd"
    assert tan.remarks == "VIP"
    assert tan.marketing_consent is True
    assert tan.join_date == datetime.date(2021, 4, 3)
    assert tan.group == group
    assert tan.group_assigned_on == datetime.date.today()
    assert tan.home_branch == branch_a
    assert tan.is_published is True
    assert (tan.created_by, tan.updated_by) == (manager_a, manager_a)


def test_auto_codes_skip_file_codes(tmp_path, branch_a):
    CodeSequence.objects.update_or_create(
        branch=None, defaults={"prefix": "M", "digits": 3, "next_number": 1}
    )
    make_customer(branch_a, "Old Customer", code="M002")

    store, options, _summary = checked_store(
        tmp_path,
        "Code,Name\n,Tan Mei Ling\nM001,Lee Wei\n#auto,Lim Ah Kow\n",
        branch_a,
    )
    run(store, options)

    codes = dict(Customer.objects.values_list("name", "code"))
    assert codes["Lee Wei"] == "M001"
    assert codes["Tan Mei Ling"] == "M003"
    assert codes["Lim Ah Kow"] == "M004"


def test_auto_policy_ignores_code_column(tmp_path, branch_a):
    store, options, _summary = checked_store(
        tmp_path,
        "Code,Name\nX1,Tan Mei Ling\nX1,Lee Wei\n",
        branch_a,
        code_policy=CodePolicy.AUTO,
    )

    assert problems_by_row(store) == {2: [], 3: []}
    run(store, options)
    assert not Customer.objects.filter(code="X1").exists()
    assert Customer.objects.count() == 2


def test_import_never_updates_existing(tmp_path, branch_a):
    existing = make_customer(branch_a, "Tan Mei Ling", mobile="91234567", code="K001")

    store, options, _summary = checked_store(
        tmp_path, "Code,Name,Mobile\nK001,Tan Mei Ling (new),91234567\n", branch_a
    )
    summary = run(store, options, allow_duplicates=True)

    existing.refresh_from_db()
    assert existing.name == "Tan Mei Ling"
    assert summary.created == 0
    assert Customer.objects.count() == 1


def test_allow_duplicates_imports_them(tmp_path, branch_a):
    make_customer(branch_a, "Tan Mei Ling", mobile="91234567")

    store, options, _summary = checked_store(
        tmp_path, "Name,Mobile\nTan Ah Girl,91234567\nLee Wei,98765432\n", branch_a
    )
    summary = run(store, options, allow_duplicates=True)

    assert summary.created == 2
    assert Customer.objects.filter(mobile_digits="91234567").count() == 2


def test_all_or_nothing_blocks(tmp_path, branch_a):
    store, options, _summary = checked_store(
        tmp_path, "Name,Email\nTan Mei Ling,mei@example.com\nLee Wei,bad\n", branch_a
    )

    summary = run(store, options, mode=ImportMode.ALL_OR_NOTHING)

    assert summary.blocked is True
    assert (summary.created, summary.rejected, summary.problem_rows) == (0, 2, 1)
    assert Customer.objects.count() == 0
    assert store.rejected_path.is_file()


def test_recheck_finds_codes_taken_meanwhile(tmp_path, branch_a, branch_c):
    store, options, summary = checked_store(
        tmp_path, "Code,Name\nK001,Tan Mei Ling\nK002,Lee Wei\n", branch_a
    )
    assert summary.ready == 2
    make_customer(branch_c, "Someone Else", code="k002")

    result = run(store, options)

    assert result.created == 1
    assert result.by_problem == {"code_taken": 1}
    assert Customer.objects.filter(home_branch=branch_a).count() == 1


def test_write_queries_do_not_grow_per_row(tmp_path, branch_a):
    lines = "".join(f"C{number},Person {number}\n" for number in range(2500))
    store, options, _summary = checked_store(tmp_path, "Code,Name\n" + lines, branch_a)

    with CaptureQueriesContext(connection) as queries:
        summary = run(store, options, recheck=False)

    assert summary.created == 2500
    inserts = [query for query in queries if query["sql"].startswith("INSERT")]
    fields = [
        field for field in Customer._meta.concrete_fields if not field.primary_key
    ]
    per_insert = connection.ops.bulk_batch_size(fields, [None] * 1000)
    # Batches of 1,000, 1,000 and 500 rows, each split as the database requires.
    expected = 2 * -(-1000 // per_insert) + -(-500 // per_insert)
    assert len(inserts) == expected


@pytest.mark.postgres
def test_import_on_postgresql(tmp_path, branch_a):
    if connection.vendor != "postgresql":
        pytest.skip("Needs DATABASE_URL pointing at PostgreSQL.")
    store, options, _summary = checked_store(
        tmp_path, "Name,Mobile\nTan Mei Ling,91234567\nLee Wei,98765432\n", branch_a
    )

    summary = run(store, options)

    assert summary.created == 2
    assert sorted(Customer.objects.values_list("mobile_digits", flat=True)) == [
        "91234567",
        "98765432",
    ]
