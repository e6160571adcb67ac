"""The opening balance and redemption workflow, walked in a real Chromium."""

import re

import pytest

from conftest import log_in, make_customer
from customers.models import Customer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_branch(page, name):
    with page.expect_navigation():
        page.select_option("#branch-switcher", label=name)


def test_opening_balance_redeem_report(
    page, live_server, frontdesk_ab, branch_a, branch_b, facial, massage
):
    customer = make_customer(branch_b, "Nur Aisyah", mobile="+65 9123 4567")
    make_customer(branch_b, "Nur Hidden", is_published=False)
    log_in(page, live_server, "frontdesk_ab")
    switch_branch(page, "Bravo")

    # Sale & Appointment > CUSTOMER OPENING BALANCE > NEW.
    page.click("#sales-menu")
    page.click("text=CUSTOMER OPENING BALANCE")
    page.wait_for_url(f"{live_server.url}/sales/opening-balances/")
    page.click("#new-opening-balance")
    page.wait_for_url(f"{live_server.url}/sales/opening-balances/new/")

    # The picker offers only the published customer; the keyboard chooses.
    page.fill("#id_customer_search", "nur")
    options = page.locator("[data-picker-list] [role=option]")
    options.first.wait_for()
    assert options.all_inner_texts() == ["Nur Aisyah (T00001-B) +65 9123 4567"]
    page.press("#id_customer_search", "ArrowDown")
    page.press("#id_customer_search", "Enter")
    assert page.input_value("input[name=customer]") == str(customer.pk)

    # Two due lines, one at a time; a third added by mistake is removed.
    for amount, note in [("0.10", "Old invoice"), ("0.20", ""), ("5.00", "Mistake")]:
        page.fill("#id_due_entry-amount", amount)
        page.fill("#id_due_entry-note", note)
        page.click("button[name=add][value=due]")
    assert page.inner_text("#due-total") == "SGD 5.30"
    page.locator("[data-lines=due] [data-line-row]").nth(2).locator(
        "[data-line-remove]"
    ).click()
    assert page.inner_text("#due-total") == "SGD 0.30"

    # A bad amount is reported next to the entry box and not added.
    page.fill("#id_due_entry-amount", "1.234")
    page.click("button[name=add][value=due]")
    assert page.locator("[data-lines=due] [data-entry-error]").is_visible()
    page.fill("#id_due_entry-amount", "")

    # Two prepaid items; Enter on the entry row adds the line too.
    page.select_option("#id_prepaid_entry-item", label="Facial (FAC)")
    page.fill("#id_prepaid_entry-quantity", "3")
    page.fill("#id_prepaid_entry-amount", "100.00")
    page.click("button[name=add][value=prepaid]")
    page.select_option("#id_prepaid_entry-item", label="Massage (MAS)")
    page.fill("#id_prepaid_entry-quantity", "2")
    page.fill("#id_prepaid_entry-amount", "240.00")
    page.press("#id_prepaid_entry-amount", "Enter")
    assert page.inner_text("#prepaid-total") == "SGD 340.00"
    assert page.inner_text("#prepaid-quantity") == "5"

    with page.expect_navigation():
        page.click("button[value=save]")
    assert "was saved" in page.inner_text(".messages")

    # The customer's page shows the due balance and each prepaid item.
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    assert page.inner_text(".due-balance") == "SGD 0.30"
    assert page.inner_text(".prepaid-balance") == "SGD 340.00"
    facial_row = page.locator("tr[data-item=FAC]")
    assert facial_row.locator(".prepaid-quantity").inner_text() == "3"
    assert facial_row.locator(".prepaid-value").inner_text() == "SGD 100.00"

    # Redeem one facial at Alpha, which Bravo shares its customers with.
    switch_branch(page, "Alpha")
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    page.locator("tr[data-item=FAC]").get_by_role("link", name="Redeem").click()
    page.wait_for_url(re.compile(r".*/sales/customers/\d+/redeem/.*"))
    page.fill("#id_quantity", "1")
    with page.expect_navigation():
        page.click("button[type=submit]:has-text('Redeem')")
    assert "2 units left" in page.inner_text(".messages")
    facial_row = page.locator("tr[data-item=FAC]")
    assert facial_row.locator(".prepaid-quantity").inner_text() == "2"
    assert facial_row.locator(".prepaid-value").inner_text() == "SGD 66.67"
    assert page.locator(".ledger-row[data-kind=redemption]").count() == 1

    # The inter-branch report shows what Alpha redeemed of Bravo's sale.
    page.click("#sales-menu")
    page.click("text=Inter-branch redemptions")
    page.wait_for_url(re.compile(r".*/sales/reports/inter-branch/"))
    cells = page.locator("table.inter-branch-table tbody tr").first.locator("td")
    assert cells.all_inner_texts() == ["Alpha", "Bravo", "1", "SGD 33.33"]
    assert Customer.objects.get(pk=customer.pk).prepaid_ledger.count() == 3
