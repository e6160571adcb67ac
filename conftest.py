"""Fixtures shared by every app's tests: branches, personas and a browser.

The personas follow branch visibility: branch B shares its customers with
branch A, and branch C shares with nobody. So a user at A sees A's and B's
customers and never C's.
"""

import os
import shutil

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from branches.current import SESSION_KEY
from branches.models import Branch, StaffMembership
from branches.roles import ADMINISTRATOR, BRANCH_MANAGER, FRONT_DESK
from customers.models import Customer

# Playwright's sync API runs an event loop in the test thread; Django's
# database calls from the same thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "test-password-1"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords with MD5: PBKDF2 costs most of a second per user,
    and no test here checks how passwords are stored."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def branch_a(db):
    return Branch.objects.create(code="A", name="Alpha")


@pytest.fixture
def branch_b(db, branch_a):
    branch = Branch.objects.create(code="B", name="Bravo")
    branch.shares_customers_with.add(branch_a)
    return branch


@pytest.fixture
def branch_c(db):
    return Branch.objects.create(code="C", name="Charlie")


def make_user(username, role, branches, *, superuser=False):
    user = User.objects.create_user(username, password=PASSWORD)
    if superuser:
        user.is_superuser = True
        user.is_staff = True
        user.save()
    user.groups.add(Group.objects.get(name=role))
    membership = StaffMembership.objects.create(user=user, all_branches=not branches)
    membership.branches.set(branches)
    return user


def client_for(user, branch):
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = branch.pk
    session.save()
    return client


@pytest.fixture
def frontdesk_a(branch_a):
    return make_user("frontdesk_a", FRONT_DESK, [branch_a])


@pytest.fixture
def manager_a(branch_a):
    return make_user("manager_a", BRANCH_MANAGER, [branch_a])


@pytest.fixture
def user_b(branch_b):
    return make_user("user_b", FRONT_DESK, [branch_b])


@pytest.fixture
def outsider_c(branch_c):
    return make_user("outsider_c", FRONT_DESK, [branch_c])


@pytest.fixture
def admin_user(db):
    return make_user("admin", ADMINISTRATOR, [], superuser=True)


@pytest.fixture
def frontdesk_client(frontdesk_a, branch_a):
    return client_for(frontdesk_a, branch_a)


@pytest.fixture
def manager_client(manager_a, branch_a):
    return client_for(manager_a, branch_a)


def make_customer(branch, name="Tan Mei Ling", **fields):
    """Create a customer with a unique code unless one is given."""
    fields.setdefault("code", f"T{Customer.objects.count() + 1:05d}-{branch.code}")
    return Customer.objects.create(home_branch=branch, name=name, **fields)


@pytest.fixture
def customer_factory():
    return make_customer


# Browser fixtures ---------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """A headless system Chromium driven by Playwright.

    Skips when Chromium is missing, unless WESS_REQUIRE_BROWSER is set, as in
    CI, where a missing browser fails the run instead.
    """
    if not os.path.exists(CHROMIUM):
        message = (
            "Chromium is not installed; install it with `apt-get install chromium` "
            "to run the browser tests."
        )
        if os.environ.get("WESS_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/customers/**")
