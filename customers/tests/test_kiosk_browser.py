"""The kiosk on a tablet-sized Chromium, from staff start to staff review."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from conftest import PASSWORD, log_in, make_customer
from customers.models import Customer, Enrolment, SelfEntry
from customers.tests.kiosk_support import EXPECTED_VALUES, every_kind_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PORTRAIT = {"width": 768, "height": 1024}
LANDSCAPE = {"width": 1024, "height": 768}
DESKTOP = {"width": 1366, "height": 900}

# Reports what a tablet user would trip over on the current page: sideways
# scrolling, text under 16 px, inputs without a label, small touch targets.
LAYOUT_PROBLEMS = """
() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
  }
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    const shown = getComputedStyle(el).visibility !== "hidden";
    return box.width > 0 && box.height > 0 && shown;
  };
  for (const el of document.body.querySelectorAll("*")) {
    const ownText = [...el.childNodes].some(
      (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim()
    );
    if (ownText && visible(el) && parseFloat(getComputedStyle(el).fontSize) < 16) {
      const text = el.textContent.trim().slice(0, 30);
      problems.push(`small text in <${el.tagName}>: ${text}`);
    }
  }
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden") continue;
    if (el.labels.length === 0 && !el.getAttribute("aria-label")) {
      problems.push(`no label for ${el.name}`);
    }
  }
  const targets = "button, select, input:not([type=hidden])"
    + ":not([type=radio]):not([type=checkbox])";
  for (const el of document.querySelectorAll(targets)) {
    if (visible(el) && el.getBoundingClientRect().height < 44) {
      problems.push(`small target ${el.tagName} ${el.name || el.textContent.trim()}`);
    }
  }
  return problems;
}
"""


@pytest.fixture
def tablet(browser):
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def check_layout(page):
    """Check the page in portrait and landscape, then return to portrait."""
    for viewport in (PORTRAIT, LANDSCAPE):
        page.set_viewport_size(viewport)
        assert page.evaluate(LAYOUT_PROBLEMS) == [], (page.url, viewport)
    page.set_viewport_size(PORTRAIT)


def settled_content(page) -> str:
    """The page's HTML once a navigation in progress (a redirect) has ended."""
    for _ in range(20):
        page.wait_for_load_state()
        try:
            return page.content()
        except PlaywrightError as error:
            if "navigating" not in str(error):
                raise
            page.wait_for_timeout(100)
    raise AssertionError(f"{page.url} kept navigating")


def start_kiosk(page, live_server, username):
    log_in(page, live_server, username)
    page.click("#start-kiosk")
    page.wait_for_url(f"{live_server.url}/kiosk/")


def leave_kiosk(page, live_server, username):
    page.click(".kiosk-staff-link")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click(".kiosk-exit-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/customers/")


def click_next(page):
    page.click("button.kiosk-next")
    page.wait_for_load_state()


def fill_general(page, name, mobile):
    page.fill("#id_name", name)
    page.check("label:has-text('Female')")
    page.fill("#id_date_of_birth", "1990-04-12")
    page.fill("#id_identity_number", "S9012345A")
    page.fill("#id_mobile", mobile)
    page.fill("#id_email", "nurul@example.com")
    page.fill("#id_address", "12 Jalan Bukit Merah")


def answer_questions(page):
    page.get_by_label("Main goal").fill("Lose 5 kg")
    page.get_by_label("Medical history").fill("Asthma as a child")
    page.locator("fieldset", has_text="Are you pregnant?").get_by_label("No").check()
    page.locator("fieldset", has_text="Skin type").get_by_label("Oily").check()
    areas = page.locator("fieldset", has_text="Areas to treat")
    areas.get_by_label("Arms").check()
    areas.get_by_label("Thighs").check()
    page.get_by_label("Weight (kg)").fill("72.5")
    page.get_by_label("Last treatment").fill("2026-01-15")


def test_kiosk_self_entry_on_tablet(tablet, live_server, frontdesk_a, branch_a):
    page = tablet
    programme = every_kind_programme()
    base = live_server.url
    start_kiosk(page, live_server, "frontdesk_a")

    # The staff navigation is gone and staff pages lead back to the kiosk.
    assert page.locator("nav.navbar").count() == 0
    page.goto(f"{base}/customers/")
    page.wait_for_url(f"{base}/kiosk/")
    check_layout(page)
    tile = page.locator("button.kiosk-programme", has_text=programme.name)
    assert tile.bounding_box()["height"] >= 96
    assert "Step 1 of 6" in page.inner_text(".kiosk-progress")
    tile.click()

    page.wait_for_url(f"{base}/kiosk/general/")
    assert page.get_attribute("#id_mobile", "type") == "tel"
    assert page.get_attribute("#id_mobile", "inputmode") == "tel"
    assert page.get_attribute("#id_email", "type") == "email"
    assert page.get_attribute("#id_email", "inputmode") == "email"
    assert page.get_attribute("#id_date_of_birth", "type") == "date"
    click_next(page)
    assert page.locator("#id_name-error").is_visible()
    fill_general(page, "Nurul Aisyah binti Hamzah", "+65 9123 4567")
    check_layout(page)
    click_next(page)

    page.wait_for_url(f"{base}/kiosk/other/")
    page.fill("#id_occupation", "Accountant")
    page.click("button.kiosk-back")
    page.wait_for_url(f"{base}/kiosk/general/")
    assert page.input_value("#id_name") == "Nurul Aisyah binti Hamzah"
    assert page.is_checked("label:has-text('Female')")
    click_next(page)
    assert page.input_value("#id_occupation") == "Accountant"
    page.fill("#id_referral_source", "Friend")
    check_layout(page)
    click_next(page)

    page.wait_for_url(f"{base}/kiosk/questions/")
    assert page.get_by_label("Weight (kg)").get_attribute("inputmode") == "decimal"
    assert page.get_by_label("Last treatment").get_attribute("type") == "date"
    click_next(page)
    assert page.locator(".invalid-feedback").count() == 3
    answer_questions(page)
    check_layout(page)
    click_next(page)

    page.wait_for_url(f"{base}/kiosk/consent/")
    click_next(page)
    assert page.locator("#id_data_consent-error").is_visible()
    page.check("#id_data_consent")
    check_layout(page)
    click_next(page)

    page.wait_for_url(f"{base}/kiosk/review/")
    review = page.inner_text("main")
    for typed in ("Nurul Aisyah binti Hamzah", "+65 9123 4567", "Arms, Thighs", "72.5"):
        assert typed in review
    check_layout(page)
    page.click("button.kiosk-submit")

    page.wait_for_url(f"{base}/kiosk/thanks/")
    assert "Thank you" in page.inner_text("main")
    check_layout(page)
    page.wait_for_url(f"{base}/kiosk/", timeout=20_000)

    # Back and reload after the submission show nothing that was typed. A
    # page that answered a POST is not kept (no-store), so Chromium refuses
    # to show it again without resubmitting: ERR_CACHE_MISS.
    visited = []
    for _ in range(4):
        try:
            page.go_back()
        except PlaywrightError as error:
            assert "ERR_CACHE_MISS" in str(error)
        visited.append(page.url)
        content = settled_content(page)
        assert "Nurul" not in content
        assert "9123 4567" not in content
        page.reload()
        assert "Nurul" not in settled_content(page)
    # The review page, fetched again, finds no entry and returns to the start.
    assert visited[0] == f"{base}/kiosk/"

    # Staff leave kiosk mode and find the customer with the typed answers.
    page.goto(f"{base}/kiosk/")
    leave_kiosk(page, live_server, "frontdesk_a")
    page.fill("#id_name", "Nurul")
    page.press("#id_name", "Enter")
    page.click("table.customer-table >> text=Nurul Aisyah binti Hamzah")
    customer = Customer.objects.get(name="Nurul Aisyah binti Hamzah")
    page.wait_for_url(f"{base}/customers/{customer.pk}/")
    assert customer.source == Customer.Source.SELF_ENTRY
    assert customer.home_branch == branch_a
    enrolment = Enrolment.objects.get(customer=customer)
    values = {answer.question.kind: answer.value for answer in enrolment.answers.all()}
    assert values == EXPECTED_VALUES
    section = page.inner_text("section.enrolments")
    assert programme.name in section
    for shown in ("Lose 5 kg", "No", "Oily", "Arms, Thighs", "72.5", "2026-01-15"):
        assert shown in section


def test_duplicate_entry_is_attached_by_staff(
    tablet, live_server, frontdesk_a, branch_a
):
    page = tablet
    programme = every_kind_programme()
    programme.questions.filter(is_required=True).update(is_required=False)
    existing = make_customer(branch_a, "Nurul Aisyah", mobile="9123 4567")
    base = live_server.url
    start_kiosk(page, live_server, "frontdesk_a")

    page.click("button.kiosk-programme")
    fill_general(page, "Nurul Aisyah binti Hamzah", "91234567")
    click_next(page)
    click_next(page)
    page.get_by_label("Weight (kg)").fill("70")
    click_next(page)
    page.check("#id_data_consent")
    click_next(page)
    page.click("button.kiosk-submit")
    page.wait_for_url(f"{base}/kiosk/thanks/")
    assert "Thank you" in page.inner_text("main")
    assert "Nurul Aisyah (" not in page.content()

    leave_kiosk(page, live_server, "frontdesk_a")
    # Staff review at the counter's desktop, where the navigation is expanded.
    page.set_viewport_size(DESKTOP)
    assert page.inner_text("#nav-selfentries .badge") == "1"
    page.click("#nav-selfentries")
    page.click("table.selfentry-table >> text=Nurul Aisyah binti Hamzah")
    match = page.locator(f"form.match[data-customer='{existing.pk}']")
    match.get_by_label("Name").check()
    match.get_by_label("Email").uncheck()
    match.locator("button[value=attach]").click()

    page.wait_for_url(f"{base}/customers/{existing.pk}/")
    assert Customer.objects.count() == 1
    existing.refresh_from_db()
    assert existing.name == "Nurul Aisyah binti Hamzah"
    assert existing.email == ""
    assert existing.date_of_birth.isoformat() == "1990-04-12"
    enrolment = Enrolment.objects.get(customer=existing)
    assert enrolment.answers.get().number_value == 70
    assert SelfEntry.objects.get().status == SelfEntry.Status.ATTACHED
    assert programme.name in page.inner_text("section.enrolments")
    assert page.locator("#nav-selfentries .badge").count() == 0
