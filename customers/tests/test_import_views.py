"""The import screens: upload, mapping, dry run, confirm, result."""

import io
import os
import time

import openpyxl
import pytest

from customers.models import Customer
from customers.tests.test_import_support import (
    CUSTOMERS_100,
    import_dir,  # noqa: F401 fixture
    import_file,
    import_folder,
    rendered_form,
    token_of,
    upload_named,
)

pytestmark = pytest.mark.usefixtures("import_dir")


def test_sample_file_imports_cleanly(manager_client, manager_a, branch_a):
    token, preview, done = import_file(manager_client, CUSTOMERS_100)

    assert done.status_code == 302
    assert done["Location"] == f"/customers/import/{token}/result/"
    customers = Customer.objects.filter(home_branch=branch_a)
    assert customers.count() == 100
    sheryl = customers.get(code="DD37Cf93aecA6Dc")
    assert sheryl.name == "Sheryl Baxter"
    assert sheryl.mobile == "229.077.5154"
    assert sheryl.telephone == "397.884.0519x718"
    assert sheryl.telephone_digits == "3978840519"
    assert sheryl.email == "zunigavanessa@smith.info"
    assert str(sheryl.join_date) == "2020-08-24"
    assert sheryl.source == Customer.Source.IMPORT
    assert sheryl.created_by == manager_a
    roy = customers.get(code="6F94879bDAfE5a6")
    assert roy.telephone == "(496)978-3969x58947"
    assert roy.mobile_digits == "15394020259"


def test_result_page_shows_counts(manager_client):
    token, _preview, done = import_file(manager_client, CUSTOMERS_100)

    result = manager_client.get(done["Location"])

    text = result.content.decode()
    assert "Imported: 100" in text
    assert "Rejected: 0" in text
    assert "download-rejected" not in text


def test_second_import_flags_duplicates(manager_client, branch_a):
    import_file(manager_client, CUSTOMERS_100)

    token, preview, done = import_file(manager_client, CUSTOMERS_100)

    text = preview.content.decode()
    assert "Likely an existing customer: 100" in text
    assert "Code already used: 100" in text
    assert text.count('data-kind="likely_duplicate"') == 25  # one page
    assert Customer.objects.count() == 100
    result = manager_client.get(done["Location"]).content.decode()
    assert "Imported: 0" in result
    assert "Rejected: 100" in result


def test_rejected_rows_download(manager_client):
    import_file(manager_client, CUSTOMERS_100)
    token, _preview, done = import_file(manager_client, CUSTOMERS_100)

    response = manager_client.get(f"/customers/import/{token}/rejected.xlsx")

    assert response.status_code == 200
    assert "rejected-rows-customers-100.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.values)
    assert rows[0][1] == "Customer Id"
    assert rows[0][-2:] == ("Original row", "Reason")
    assert len(rows) == 101
    assert rows[1][1] == "DD37Cf93aecA6Dc"
    assert rows[1][-2] == 2
    assert "Likely the same person as Sheryl Baxter" in rows[1][-1]


def test_all_or_nothing_writes_nothing(manager_client, make_bad_csv):
    path = make_bad_csv()

    token, _preview, done = import_file(manager_client, path, mode="all")

    assert Customer.objects.count() == 0
    result = manager_client.get(done["Location"]).content.decode()
    assert "Nothing was imported, because 1 row has problems" in result


def test_skip_invalid_imports_the_rest(manager_client, make_bad_csv):
    path = make_bad_csv()

    import_file(manager_client, path, mode="skip")

    assert sorted(Customer.objects.values_list("name", flat=True)) == [
        "Lee Wei",
        "Tan Mei Ling",
    ]


@pytest.fixture
def make_bad_csv(tmp_path):
    def make():
        path = tmp_path / "bad.csv"
        path.write_text(
            "Name,Mobile,Email\n"
            "Tan Mei Ling,+65 9123 4567,mei@example.com\n"
            "Lim Ah Kow,+65 9876 5432,not-an-email\n"
            "Lee Wei,+60 12-345 6789,wei@example.com\n"
        )
        return path

    return make


def test_import_needs_permission(frontdesk_client):
    response = frontdesk_client.get("/customers/import/")

    assert response.status_code == 403


def test_import_needs_login(client, db):
    response = client.get("/customers/import/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_listing_shows_import_button(manager_client, frontdesk_client):
    assert b'id="import-customers"' in manager_client.get("/customers/").content
    assert b'id="import-customers"' not in frontdesk_client.get("/customers/").content


def test_other_session_cannot_open_upload(manager_client, manager_a, branch_a):
    from conftest import client_for

    uploaded = upload_named(manager_client, CUSTOMERS_100, "customers-100.csv")
    token = token_of(uploaded)
    other = client_for(manager_a, branch_a)

    assert other.get(f"/customers/import/{token}/").status_code == 404
    assert other.get(f"/customers/import/{token}/progress/").status_code == 404
    assert manager_client.get(f"/customers/import/{token}/").status_code == 200


def test_mapping_suggests_sample_columns(manager_client):
    token = token_of(upload_named(manager_client, CUSTOMERS_100, "customers-100.csv"))

    data = rendered_form(
        manager_client.get(f"/customers/import/{token}/"), "import-mapping"
    )

    assert data["column_1"] == "code"
    assert data["column_2"] == "first_name"
    assert data["column_3"] == "last_name"
    assert data["column_7"] == "mobile"
    assert data["column_8"] == "telephone"
    assert data["column_9"] == "email"
    assert data["column_10"] == "join_date"
    assert data["column_0"] == ""
    assert data["code_policy"] == "file"
    assert data["date_order"] == "dmy"


def test_column_mapped_twice_is_an_error(manager_client):
    token = token_of(upload_named(manager_client, CUSTOMERS_100, "customers-100.csv"))
    data = rendered_form(
        manager_client.get(f"/customers/import/{token}/"), "import-mapping"
    )
    data["column_8"] = "mobile"

    response = manager_client.post(f"/customers/import/{token}/", data)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Mobile is chosen for columns H (Phone 1), I (Phone 2)." in text
    assert 'value="mobile" selected' in text


def test_unmapped_name_is_an_error(manager_client):
    token = token_of(upload_named(manager_client, CUSTOMERS_100, "customers-100.csv"))
    data = rendered_form(
        manager_client.get(f"/customers/import/{token}/"), "import-mapping"
    )
    data["column_2"] = ""
    data["column_3"] = ""

    response = manager_client.post(f"/customers/import/{token}/", data)

    assert response.status_code == 200
    assert (
        "Choose the column with the customer&#x27;s name" in response.content.decode()
    )


def test_branch_outside_user_rejected(manager_client, branch_c):
    token = token_of(upload_named(manager_client, CUSTOMERS_100, "customers-100.csv"))
    data = rendered_form(
        manager_client.get(f"/customers/import/{token}/"), "import-mapping"
    )
    data["home_branch"] = str(branch_c.pk)

    response = manager_client.post(f"/customers/import/{token}/", data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Customer.objects.count() == 0


def test_confirm_twice_imports_once(manager_client):
    token, preview, done = import_file(manager_client, CUSTOMERS_100)
    confirm = rendered_form(preview, "import-confirm")

    again = manager_client.post(f"/customers/import/{token}/preview/", confirm)

    assert again.status_code == 302
    assert again["Location"].endswith("/result/")
    assert Customer.objects.count() == 100


def test_confirm_deletes_uploaded_file(manager_client):
    token, _preview, _done = import_file(manager_client, CUSTOMERS_100)

    folder = import_folder() / token
    assert not (folder / "source.csv").exists()
    assert not (folder / "rows.sqlite3").exists()
    assert (folder / "meta.json").exists()


def test_expired_imports_purged(manager_client):
    old = token_of(upload_named(manager_client, CUSTOMERS_100, "customers-100.csv"))
    long_ago = time.time() - 7 * 60 * 60
    for entry in (import_folder() / old).iterdir():
        os.utime(entry, (long_ago, long_ago))

    new = token_of(upload_named(manager_client, CUSTOMERS_100, "customers-100.csv"))

    assert not (import_folder() / old).exists()
    assert (import_folder() / new).exists()
    assert manager_client.get(f"/customers/import/{old}/").status_code == 404


def test_progress_reports_finished_run(manager_client):
    token = token_of(upload_named(manager_client, CUSTOMERS_100, "customers-100.csv"))
    data = rendered_form(
        manager_client.get(f"/customers/import/{token}/"), "import-mapping"
    )
    data["run"] = "run-1"
    manager_client.post(f"/customers/import/{token}/", data)

    finished = manager_client.get(f"/customers/import/{token}/progress/?run=run-1")
    other = manager_client.get(f"/customers/import/{token}/progress/?run=run-2")

    assert finished.json() == {
        "phase": "done",
        "label": "Done; opening the next page…",
        "done": 100,
        "total": 100,
    }
    assert other.json()["phase"] == "waiting"
    assert "no-cache" in finished["Cache-Control"]


def test_cancel_deletes_import(manager_client):
    token = token_of(upload_named(manager_client, CUSTOMERS_100, "customers-100.csv"))

    response = manager_client.post(f"/customers/import/{token}/cancel/")

    assert response.status_code == 302
    assert not (import_folder() / token).exists()
    assert manager_client.get(f"/customers/import/{token}/").status_code == 404


def test_preview_needs_dry_run(manager_client):
    token = token_of(upload_named(manager_client, CUSTOMERS_100, "customers-100.csv"))

    response = manager_client.get(f"/customers/import/{token}/preview/")

    assert response.status_code == 302
    assert response["Location"] == f"/customers/import/{token}/"


def test_preview_filters_by_status(manager_client, make_bad_csv):
    uploaded = upload_named(manager_client, make_bad_csv(), "bad.csv")
    token = token_of(uploaded)
    data = rendered_form(
        manager_client.get(f"/customers/import/{token}/"), "import-mapping"
    )
    manager_client.post(f"/customers/import/{token}/", data)

    invalid = manager_client.get(f"/customers/import/{token}/preview/?status=invalid")
    ready = manager_client.get(f"/customers/import/{token}/preview/?status=ready")
    bogus = manager_client.get(f"/customers/import/{token}/preview/?status=x&page=99")

    assert "Lim Ah Kow" in invalid.content.decode()
    assert "Tan Mei Ling" not in invalid.content.decode()
    assert "Tan Mei Ling" in ready.content.decode()
    assert "Lim Ah Kow" not in ready.content.decode()
    assert bogus.status_code == 200


def test_home_branch_can_differ(manager_client, manager_a, branch_a, branch_b):
    manager_a.membership.branches.add(branch_b)
    token, _preview, _done = import_file(
        manager_client, CUSTOMERS_100, changes={"home_branch": str(branch_b.pk)}
    )

    assert Customer.objects.filter(home_branch=branch_b).count() == 100
