"""The help page's customer workflow, walked in a real Chromium."""

import re

import pytest
from django.utils import timezone

from branches.roles import FRONT_DESK
from conftest import log_in, make_customer, make_user
from customers.models import Customer
from sales.models import Appointment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def listed_names(page):
    return page.locator("table.customer-table tbody td:nth-child(3)").all_inner_texts()


def search(page, box, text):
    page.fill(f"#id_{box}", text)
    page.press(f"#id_{box}", "Enter")
    page.wait_for_load_state()


def test_customer_faq_walkthrough(page, live_server, branch_a):
    make_user("desk", FRONT_DESK, [branch_a])
    make_customer(branch_a, "Lim Hui Min", mobile="+65 9333 7012")
    make_customer(branch_a, "Halim bin Osman", mobile="012-345 6789")
    make_customer(branch_a, "Tan Wei Ming", mobile="91234567")
    log_in(page, live_server, "desk")

    # NEW with #AUTO and Save & Next lands on a blank form.
    page.click("#new-customer")
    assert page.input_value("#id_code") == "#AUTO"
    page.fill("#id_name", "Lim Siew Lan")
    page.fill("#id_mobile", "8111 2222")
    page.click("button[value=save_next]")
    page.wait_for_url(f"{live_server.url}/customers/new/")
    assert page.input_value("#id_name") == ""
    assert "Lim Siew Lan" in page.inner_text(".messages")
    first = Customer.objects.get(name="Lim Siew Lan")
    assert first.code.startswith("C")

    # Another NEW with Apply stays on that customer's form.
    page.fill("#id_name", "Goh Boon Keng")
    page.click("button[value=apply]")
    second = Customer.objects.get(name="Goh Boon Keng")
    page.wait_for_url(f"{live_server.url}/customers/{second.pk}/edit/")
    assert page.input_value("#id_name") == "Goh Boon Keng"
    assert page.input_value("#id_code") == second.code

    # Name contains "lim", typed in the Name box and Enter.
    page.goto(f"{live_server.url}/customers/")
    search(page, "name", "lim")
    names = listed_names(page)
    assert sorted(names) == ["Halim bin Osman", "Lim Hui Min", "Lim Siew Lan"]

    # 3337 in the Mobile box finds +65 9333 7012.
    page.fill("#id_name", "")
    search(page, "mobile", "3337")
    assert listed_names(page) == ["Lim Hui Min"]

    # The name opens the view-only page, and EDIT opens the form.
    page.click("text=Lim Hui Min")
    target = Customer.objects.get(name="Lim Hui Min")
    page.wait_for_url(f"{live_server.url}/customers/{target.pk}/")
    assert page.locator("#id_name").count() == 0
    page.click("text=EDIT")
    page.wait_for_url(f"{live_server.url}/customers/{target.pk}/edit/")
    assert page.input_value("#id_name") == "Lim Hui Min"


def test_unpublish_and_delete_guard(page, live_server, branch_a):
    make_user("desk", FRONT_DESK, [branch_a])
    people = [
        make_customer(branch_a, name, mobile=f"9000 000{number}")
        for number, name in enumerate(
            ["Ong Ai Ling", "Ong Jun Jie", "Ong Pei Shan", "Ong Kok Wai"]
        )
    ]
    Appointment.objects.create(
        customer=people[2], branch=branch_a, start=timezone.now(), item="Facial"
    )
    log_in(page, live_server, "desk")
    page.goto(f"{live_server.url}/customers/?name=ong")

    # The green tick unpublishes one customer with one click.
    row = page.locator("tr", has_text="Ong Ai Ling")
    row.locator("button.published-toggle").click()
    page.wait_for_selector(
        "tr:has-text('Ong Ai Ling') button.published-toggle[data-published=no]"
    )
    assert Customer.objects.get(name="Ong Ai Ling").is_published is False

    # The bulk button unpublishes two more.
    for name in ["Ong Jun Jie", "Ong Pei Shan"]:
        page.locator("tr", has_text=name).locator("input[name=pk]").check()
    page.click("button[value=unpublish]")
    page.wait_for_load_state()
    unpublished = set(
        Customer.objects.filter(is_published=False).values_list("name", flat=True)
    )
    assert unpublished == {"Ong Ai Ling", "Ong Jun Jie", "Ong Pei Shan"}

    # All three are still found by search.
    page.goto(f"{live_server.url}/customers/")
    search(page, "name", "ong")
    assert unpublished <= set(listed_names(page))

    # Deleting three, one with an appointment, deletes two and names the third.
    for name in ["Ong Ai Ling", "Ong Pei Shan", "Ong Kok Wai"]:
        page.locator("tr", has_text=name).locator("input[name=pk]").check()
    page.click("button[value=delete]")
    page.wait_for_selector("text=Cannot delete the following record(s):")
    page.click("button:has-text('Delete 2 customers')")
    page.wait_for_selector("text=Cannot delete the following record(s):")
    blocked = page.inner_text(".blocked-customers")
    assert "Ong Pei Shan" in blocked
    assert re.search(r"1 appointment\b", blocked)
    remaining = set(Customer.objects.values_list("name", flat=True))
    assert remaining == {"Ong Jun Jie", "Ong Pei Shan"}
