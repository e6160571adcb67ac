"""Customer sharing set by a manager, seen by another branch's front desk."""

import pytest

from branches.models import Branch
from branches.roles import BRANCH_MANAGER, FRONT_DESK
from conftest import log_in, make_customer, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def names_found(page, live_server, name):
    page.goto(f"{live_server.url}/customers/")
    page.fill("#id_name", name)
    page.press("#id_name", "Enter")
    page.wait_for_load_state()
    return page.locator("table.customer-table tbody td:nth-child(3)").all_inner_texts()


def test_sharing_tick_and_untick(browser, live_server):
    alpha = Branch.objects.create(code="A", name="Alpha")
    bravo = Branch.objects.create(code="B", name="Bravo")
    make_user("manager_b", BRANCH_MANAGER, [bravo])
    make_user("desk_a", FRONT_DESK, [alpha])
    shared = make_customer(bravo, "Chua Xiu Ying")
    manager = browser.new_context().new_page()
    desk = browser.new_context().new_page()
    log_in(manager, live_server, "manager_b")
    log_in(desk, live_server, "desk_a")
    assert names_found(desk, live_server, "Chua") == []

    # The manager of B ticks A under PREFERENCE > Customer Sharing.
    manager.goto(f"{live_server.url}/branches/{bravo.pk}/edit/")
    manager.get_by_label("Alpha").check()
    manager.click("button[value=apply]")
    manager.wait_for_selector("text=Branch Bravo was saved.")
    assert "Alpha" in manager.inner_text(".shares-with")

    assert names_found(desk, live_server, "Chua") == ["Chua Xiu Ying"]
    desk.goto(f"{live_server.url}/customers/{shared.pk}/")
    assert desk.locator("h1").inner_text().startswith("Chua Xiu Ying")

    # Unticking hides the customer from A's listing, search and view URL.
    manager.get_by_label("Alpha").uncheck()
    manager.click("button[value=apply]")
    manager.wait_for_selector("text=Branch Bravo was saved.")

    assert names_found(desk, live_server, "Chua") == []
    desk.goto(f"{live_server.url}/customers/")
    assert "Chua Xiu Ying" not in desk.inner_text("table.customer-table")
    response = desk.goto(f"{live_server.url}/customers/{shared.pk}/")
    assert response.status == 404
