"""A kiosk session is confined to the kiosk and leaks nothing."""

import re
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from conftest import make_customer
from customers.kiosk.session import KIOSK_KEY
from customers.models import Customer, SelfEntry
from customers.tests.kiosk_support import (
    GENERAL,
    complete_entry,
    every_kind_answers,
    every_kind_programme,
    kiosk_client,
    post_step,
)

pytestmark = pytest.mark.django_db

SAMPLE_BY_CONVERTER = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x/y",
    "uuid": str(uuid.UUID(int=1)),
}
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<[^>]+>(?P<body>[^()]*(?:\([^()]*\)[^()]*)*)\)")


def regex_sample(regex: str) -> str:
    """A path matching a URL regex: a named group of alternatives gives the
    first one, any other group `1`."""

    def group(match):
        body = match.group("body")
        if "|" in body and re.fullmatch(r"[\w|]+", body):
            return body.split("|")[0]
        return "1"

    path = REGEX_GROUP.sub(group, regex)
    return path.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")


def pattern_sample(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return ROUTE_PARAMETER.sub(
            lambda match: SAMPLE_BY_CONVERTER.get(match.group("converter") or "str"),
            str(pattern),
        )
    if isinstance(pattern, RegexPattern):
        return regex_sample(pattern.regex.pattern)
    raise TypeError(f"Unknown URL pattern type {type(pattern)!r}")


def walk(resolver, prefix="/"):
    for entry in resolver.url_patterns:
        path = prefix + pattern_sample(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry, path)
        elif isinstance(entry, URLPattern):
            yield path


def staff_urls():
    """Every URL of the URL configuration outside /kiosk/ and /static/."""
    urls = sorted(set(walk(get_resolver())))
    return [
        url for url in urls if not url.startswith(("/kiosk/", "/static/", "/media/"))
    ]


STAFF_URLS = staff_urls()


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def programme(db):
    return every_kind_programme()


@pytest.fixture
def kiosk(frontdesk_a, branch_a, programme):
    return kiosk_client(frontdesk_a, branch_a)


def test_url_walk_covers_staff_screens():
    assert len(STAFF_URLS) > 30
    for expected in ("/customers/", "/customers/1/", "/programmes/", "/admin/"):
        assert expected in STAFF_URLS
    assert "/customers/1/enrol/" in STAFF_URLS
    assert "/customers/self-entries/" in STAFF_URLS
    assert any(url.startswith("/admin/auth/") for url in STAFF_URLS)


def test_kiosk_is_redirected_from_every_staff_url(kiosk):
    not_redirected = []
    for url in STAFF_URLS:
        for method in (kiosk.get, kiosk.post):
            response = method(url)
            if response.status_code != 302 or response["Location"] != "/kiosk/":
                not_redirected.append((method.__name__, url, response.status_code))

    assert not_redirected == []


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/login/", "/admin/auth/user/", "/accounts/login/"]
)
def test_kiosk_is_redirected_from_admin(kiosk, url):
    response = kiosk.get(url)

    assert response.status_code == 302
    assert response["Location"] == "/kiosk/"


def test_kiosk_cannot_log_in(kiosk):
    response = kiosk.post(
        "/accounts/login/", {"username": "frontdesk_a", "password": "test-password-1"}
    )

    assert response["Location"] == "/kiosk/"
    assert "_auth_user_id" not in kiosk.session


def test_static_files_stay_reachable(kiosk):
    response = kiosk.get("/static/css/kiosk.css")

    assert response.status_code == 200


KIOSK_PAGES = [
    "/kiosk/",
    "/kiosk/general/",
    "/kiosk/other/",
    "/kiosk/questions/",
    "/kiosk/consent/",
    "/kiosk/review/",
    "/kiosk/thanks/",
    "/kiosk/exit/",
]


def assert_no_store(response):
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_kiosk_pages_are_not_stored(kiosk, programme):
    kiosk.post("/kiosk/", {"programme": programme.pk})
    post_step(kiosk, "/kiosk/general/", GENERAL)
    post_step(kiosk, "/kiosk/other/", {})
    post_step(kiosk, "/kiosk/questions/", every_kind_answers(programme))
    post_step(kiosk, "/kiosk/consent/", {"data_consent": "on"})

    for url in KIOSK_PAGES:
        response = kiosk.get(url)

        assert response.status_code == 200, url
        assert_no_store(response)


def test_kiosk_redirects_are_not_stored(kiosk):
    assert_no_store(kiosk.get("/customers/"))
    assert_no_store(kiosk.get("/kiosk/review/"))
    assert_no_store(kiosk.post("/kiosk/restart/"))


def test_kiosk_page_outside_kiosk_is_not_stored(client, db):
    assert_no_store(client.get("/kiosk/"))


def test_after_submit_pages_show_no_typed_data(kiosk, programme):
    complete_entry(kiosk, programme)
    typed = [GENERAL["name"], "9123 4567", "S9012345A", "Accountant", "72.5"]

    for url in KIOSK_PAGES:
        response = kiosk.get(url, follow=True)

        content = response.content.decode()
        for value in typed:
            assert value not in content, (url, value)
        assert_no_store(response)


def test_resubmitting_after_submit_creates_nothing(kiosk, programme):
    complete_entry(kiosk, programme)

    response = kiosk.post("/kiosk/review/", {"nav": "submit"})

    assert response["Location"] == "/kiosk/"
    assert Customer.objects.count() == 1


def test_no_other_customer_is_shown(frontdesk_a, branch_a, branch_b, programme):
    others = [
        make_customer(branch_a, "Lim Bee Hoon", code="A-7781", mobile="+65 8123 9876"),
        make_customer(
            branch_b, "Rajesh Kumar", code="B-5512", mobile="+60 12-345 6789"
        ),
        make_customer(branch_a, "Ong Kah Wai", code="A-0001", mobile="(65) 9123-4567"),
    ]
    kiosk = kiosk_client(frontdesk_a, branch_a)
    pages = []
    kiosk.post("/kiosk/", {"programme": programme.pk})
    for url, data in [
        ("/kiosk/general/", GENERAL),
        ("/kiosk/other/", {}),
        ("/kiosk/questions/", every_kind_answers(programme)),
        ("/kiosk/consent/", {"data_consent": "on"}),
    ]:
        pages.append(kiosk.get(url))
        pages.append(post_step(kiosk, url, data, nav="back"))
        pages.append(kiosk.get(url))
        pages.append(post_step(kiosk, url, data))
    pages.append(kiosk.get("/kiosk/review/"))
    pages.append(kiosk.post("/kiosk/review/", {"nav": "submit"}, follow=True))
    pages.extend(kiosk.get(url, follow=True) for url in KIOSK_PAGES)
    pages.append(kiosk.post("/kiosk/exit/", {"username": "x", "password": "y"}))

    assert SelfEntry.objects.count() == 1
    for page in pages:
        content = page.content.decode()
        for other in others:
            assert other.name not in content
            assert other.code not in content
            assert other.mobile not in content
            assert other.mobile_digits not in content


@pytest.fixture
def csrf_kiosk(frontdesk_a, branch_a, programme):
    client = kiosk_client(frontdesk_a, branch_a)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    return strict


@pytest.mark.parametrize(
    "url",
    [
        "/kiosk/",
        "/kiosk/general/",
        "/kiosk/consent/",
        "/kiosk/review/",
        "/kiosk/restart/",
        "/kiosk/exit/",
    ],
)
def test_kiosk_post_without_csrf_is_rejected(csrf_kiosk, programme, url):
    response = csrf_kiosk.post(url, {"programme": programme.pk, "nav": "next"})

    assert response.status_code == 403


def test_start_without_csrf_is_rejected(frontdesk_a, branch_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(frontdesk_a)

    response = client.post("/kiosk/start/")

    assert response.status_code == 403
    assert KIOSK_KEY not in client.session


def test_kiosk_post_with_csrf_token_works(csrf_kiosk, programme):
    csrf_kiosk.get("/kiosk/")
    token = csrf_kiosk.cookies["csrftoken"].value

    response = csrf_kiosk.post(
        "/kiosk/", {"programme": programme.pk, "csrfmiddlewaretoken": token}
    )

    assert response["Location"] == "/kiosk/general/"


EXTRA_FIELDS = {
    "home_branch": "999",
    "code": "HACKED-1",
    "is_published": "false",
    "source": "staff",
    "group": "1",
    "created_by": "1",
}


def test_extra_posted_fields_are_ignored(kiosk, programme, branch_a, branch_c):
    extra = {**EXTRA_FIELDS, "home_branch": str(branch_c.pk)}
    kiosk.post("/kiosk/", {"programme": programme.pk, **extra})
    for url, data in [
        ("/kiosk/general/", GENERAL),
        ("/kiosk/other/", {}),
        ("/kiosk/questions/", every_kind_answers(programme)),
        ("/kiosk/consent/", {"data_consent": "on"}),
    ]:
        post_step(kiosk, url, {**data, **extra})

    kiosk.post("/kiosk/review/", {"nav": "submit", **extra})

    customer = Customer.objects.get()
    assert customer.home_branch == branch_a
    assert customer.code != "HACKED-1"
    assert customer.is_published is True
    assert customer.source == Customer.Source.SELF_ENTRY
    assert customer.group is None
    assert customer.created_by is None
    assert "home_branch" not in str(kiosk.session.get("wess_kiosk_draft"))


def test_burst_of_submissions_is_limited(kiosk, programme, settings):
    settings.WESS_KIOSK_SUBMIT_LIMIT = (2, 100, 600)
    for number in range(2):
        general = {**GENERAL, "mobile": f"+65 8000 000{number}", "email": ""}
        general["identity_number"] = ""
        assert complete_entry(kiosk, programme, general=general).status_code == 302

    general = {**GENERAL, "mobile": "+65 8000 0009", "email": "", "identity_number": ""}
    response = complete_entry(kiosk, programme, general=general)

    assert response.status_code == 429
    assert b"please wait a few minutes" in response.content
    assert Customer.objects.count() == 2
    assert kiosk.session.get("wess_kiosk_draft")


def test_burst_from_one_address_is_limited(frontdesk_a, branch_a, programme, settings):
    settings.WESS_KIOSK_SUBMIT_LIMIT = (100, 2, 600)
    statuses = []
    for number in range(3):
        kiosk = kiosk_client(frontdesk_a, branch_a)
        general = {**GENERAL, "mobile": f"+65 8000 000{number}"}
        general.update(email="", identity_number="")
        statuses.append(complete_entry(kiosk, programme, general=general).status_code)

    assert statuses == [302, 302, 429]
    assert Customer.objects.count() == 2


def test_exit_attempts_are_limited(kiosk, settings):
    settings.WESS_KIOSK_EXIT_LIMIT = (3, 100, 300)
    for _ in range(3):
        kiosk.post("/kiosk/exit/", {"username": "frontdesk_a", "password": "wrong"})

    response = kiosk.post(
        "/kiosk/exit/", {"username": "frontdesk_a", "password": "test-password-1"}
    )

    assert response.status_code == 429
    assert KIOSK_KEY in kiosk.session


HUGE = str(10**30)


def test_huge_ids_are_not_server_errors(kiosk, manager_client, branch_a, programme):
    customer = make_customer(branch_a, "Huge Id Check")
    question = programme.questions.first()

    responses = [
        kiosk.post("/kiosk/", {"programme": HUGE}),
        manager_client.get(f"/customers/{customer.pk}/enrol/?programme={HUGE}"),
        manager_client.get(f"/customers/self-entries/{HUGE}/"),
        manager_client.get(f"/customers/self-entries/?programme={HUGE}"),
        manager_client.get(f"/programmes/{HUGE}/edit/"),
        manager_client.post(
            f"/programmes/{programme.pk}/questions/{HUGE}/move/", {"direction": "up"}
        ),
        manager_client.post(f"/programmes/{HUGE}/questions/{question.pk}/delete/"),
    ]

    statuses = [response.status_code for response in responses]
    assert statuses == [400, 200, 404, 200, 404, 404, 404]
