"""The report page in Chromium: choosing and ordering columns, generating."""

import pytest

from conftest import log_in, make_customer

pytestmark = pytest.mark.browser


def header_texts(page):
    return [
        text.strip()
        for text in page.locator(".report-table thead th").all_inner_texts()
    ]


def test_move_column_up_then_generate(page, live_server, frontdesk_a, branch_a):
    make_customer(branch_a, "Siti Rahmah", mobile="+65 9123 4567")
    log_in(page, live_server, "frontdesk_a")
    page.goto(f"{live_server.url}/reports/customers/")

    page.click('.column-picker li[data-column="mobile"] [data-move="up"]')
    page.click('.column-picker li[data-column="mobile"] [data-move="up"]')
    page.click('button[name="format"][value="html"]')
    page.wait_for_selector(".report-table")

    assert header_texts(page)[:3] == ["Mobile", "Code", "Name"]
    assert "columns=mobile&columns=code&columns=name" in page.url
    assert page.locator(".report-table tbody").inner_text().count("Siti Rahmah") == 1


def test_untick_and_tick_columns(page, live_server, frontdesk_a, branch_a):
    make_customer(branch_a)
    log_in(page, live_server, "frontdesk_a")
    page.goto(f"{live_server.url}/reports/customers/")

    for key in ["email", "group", "branch", "join_date", "code"]:
        page.uncheck(f'.column-picker input[value="{key}"]')
    page.check('.column-picker input[value="gender"]')
    page.click('button[name="format"][value="html"]')
    page.wait_for_selector(".report-table")

    assert header_texts(page) == ["Name", "Mobile", "Gender"]


def test_generated_page_keeps_order_on_reload(page, live_server, frontdesk_a, branch_a):
    make_customer(branch_a)
    log_in(page, live_server, "frontdesk_a")
    page.goto(
        f"{live_server.url}/reports/customers/?format=html"
        "&columns=email&columns=name&sort=-name"
    )

    listed = page.locator(".column-picker li").evaluate_all(
        "items => items.map(item => item.dataset.column)"
    )
    page.click('button[name="format"][value="html"]')
    page.wait_for_selector(".report-table")

    assert listed[:2] == ["email", "name"]
    assert header_texts(page) == ["Email", "Name"]
    assert page.locator("#id_sort").input_value() == "-name"


def test_report_menu_opens_page(page, live_server, frontdesk_a):
    log_in(page, live_server, "frontdesk_a")

    page.click("text=Report")
    page.click("text=Customer List")
    page.wait_for_url(f"{live_server.url}/reports/customers/")

    assert page.locator("h1").inner_text().startswith("Report")
