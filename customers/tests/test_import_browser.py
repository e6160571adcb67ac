"""The import screens in Chromium: the whole flow, and the progress bar."""

import json

import pytest

from conftest import log_in
from customers.models import Customer
from customers.tests.test_import_support import (
    CUSTOMERS_100,
    import_dir,  # noqa: F401 fixture
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("import_dir")]


def test_import_sample_in_browser(page, live_server, manager_a, branch_a):
    log_in(page, live_server, "manager_a")

    page.click("#import-customers")
    page.set_input_files("#id_file", str(CUSTOMERS_100))
    page.click("#upload-file")
    page.wait_for_url("**/customers/import/*/")
    assert page.input_value("#id_column_1") == "code"
    assert page.input_value("#id_column_2") == "first_name"
    page.click("#dry-run")
    page.wait_for_url("**/preview/")
    assert "Ready to import: 100" in page.inner_text(".import-summary")
    page.select_option("#id_status", "invalid")
    page.wait_for_url("**/preview/?status=invalid*")
    assert "No rows have this status." in page.inner_text("table")
    page.click("#confirm-import")
    page.wait_for_url("**/result/")

    assert "Imported: 100" in page.inner_text(".import-summary")
    assert Customer.objects.filter(home_branch=branch_a).count() == 100


@pytest.mark.slow
def test_progress_shown_during_dry_run(page, live_server, manager_a, tmp_path):
    path = tmp_path / "many.csv"
    rows = "".join(
        f"C{number:06d},Person {number},+65 9{number:07d}\n" for number in range(20_000)
    )
    path.write_text("Code,Name,Mobile\n" + rows)
    progress = []

    def remember(route):
        response = route.fetch()
        progress.append(json.loads(response.body()))
        route.fulfill(response=response)

    page.route("**/progress/?run=*", remember)
    log_in(page, live_server, "manager_a")
    page.goto(f"{live_server.url}/customers/import/")
    page.set_input_files("#id_file", str(path))
    page.click("#upload-file")
    page.wait_for_url("**/customers/import/*/")
    page.click("#dry-run", no_wait_after=True)
    page.wait_for_url("**/preview/", timeout=120_000)

    counted = [report for report in progress if report["done"]]
    assert counted, progress
    assert {report["phase"] for report in counted} <= {"reading", "checking", "done"}
    assert any(report["total"] == 20_000 for report in counted)
    assert "Ready to import: 20,000" in page.inner_text(".import-summary")
