"""The kiosk self-entry steps, driven through the test client."""

import time
from decimal import Decimal

import pytest
from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.core.cache import cache

from branches.roles import FRONT_DESK
from conftest import PASSWORD, client_for, make_customer, make_user
from customers.kiosk.session import DRAFT_KEY, KIOSK_KEY
from customers.models import (
    ConsultancyAnswer,
    ConsultancyQuestion,
    Customer,
    Enrolment,
    SelfEntry,
)
from customers.tests.kiosk_support import (
    EXPECTED_VALUES,
    GENERAL,
    complete_entry,
    draft,
    every_kind_answers,
    every_kind_programme,
    kiosk_client,
    post_step,
    question,
)

pytestmark = pytest.mark.django_db

Kind = ConsultancyQuestion.Kind


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


def test_start_logs_staff_out(frontdesk_a, branch_a):
    client = client_for(frontdesk_a, branch_a)

    response = client.post("/kiosk/start/")

    assert response["Location"] == "/kiosk/"
    assert AUTH_SESSION_KEY not in client.session
    assert client.session[KIOSK_KEY]["branch"] == branch_a.pk


def test_start_needs_permission(branch_a):
    user = make_user("no_kiosk", FRONT_DESK, [branch_a])
    user.groups.clear()
    client = client_for(user, branch_a)

    response = client.post("/kiosk/start/")

    assert response.status_code == 403
    assert KIOSK_KEY not in client.session


def test_start_rejects_get(frontdesk_client):
    assert frontdesk_client.get("/kiosk/start/").status_code == 405


def test_start_anonymous_goes_to_login(client, db):
    response = client.post("/kiosk/start/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_home_outside_kiosk_explains(client, db):
    response = client.get("/kiosk/")

    assert response.status_code == 200
    assert b"not in kiosk mode" in response.content


def test_listing_offers_self_entry_button(frontdesk_client):
    response = frontdesk_client.get("/customers/")

    assert b'id="start-kiosk"' in response.content
    assert b'action="/kiosk/start/"' in response.content


def test_home_lists_active_programmes_only(kiosk, programme):
    every_kind_programme("Retired facial").questions.update(is_active=False)
    retired = every_kind_programme("Old programme")
    retired.is_active = False
    retired.save()

    response = kiosk.get("/kiosk/")

    assert programme.name.encode() in response.content
    assert b"Retired facial" in response.content
    assert b"Old programme" not in response.content


def test_inactive_programme_cannot_be_chosen(kiosk, programme):
    programme.is_active = False
    programme.save()

    response = kiosk.post("/kiosk/", {"programme": programme.pk})

    assert response.status_code == 400
    assert "programme" not in draft(kiosk)


def test_garbage_programme_is_rejected(kiosk):
    response = kiosk.post("/kiosk/", {"programme": "1 OR 1=1"})

    assert response.status_code == 400


def test_complete_entry_creates_customer(kiosk, programme, branch_a):
    response = complete_entry(kiosk, programme)

    assert response["Location"] == "/kiosk/thanks/"
    customer = Customer.objects.get(name=GENERAL["name"])
    assert customer.home_branch == branch_a
    assert customer.source == Customer.Source.SELF_ENTRY
    assert customer.code != "#AUTO"
    assert customer.code
    assert customer.is_published
    assert customer.mobile_digits == "6591234567"
    assert customer.email == "nurul.aisyah@example.com"
    assert customer.identity_number == "S9012345A"
    assert customer.marketing_consent is True
    assert customer.occupation == "Accountant"


def test_complete_entry_creates_enrolment_and_answers(kiosk, programme, branch_a):
    complete_entry(kiosk, programme)

    enrolment = Enrolment.objects.get(customer__name=GENERAL["name"])
    assert enrolment.programme == programme
    assert enrolment.branch == branch_a
    assert enrolment.source == Enrolment.Source.SELF_ENTRY
    values = {answer.question.kind: answer.value for answer in enrolment.answers.all()}
    assert values == EXPECTED_VALUES


def test_submission_clears_draft(kiosk, programme):
    complete_entry(kiosk, programme)

    assert DRAFT_KEY not in kiosk.session
    assert kiosk.session[KIOSK_KEY]


def test_thanks_page_returns_to_start(kiosk, programme):
    complete_entry(kiosk, programme)

    response = kiosk.get("/kiosk/thanks/")

    assert response.status_code == 200
    assert b'http-equiv="refresh"' in response.content
    assert b"url=/kiosk/" in response.content


def test_marketing_consent_is_optional(kiosk, programme):
    complete_entry(kiosk, programme, consent={"data_consent": "on"})

    assert Customer.objects.get(name=GENERAL["name"]).marketing_consent is False


def test_data_consent_is_required(kiosk, programme):
    kiosk.post("/kiosk/", {"programme": programme.pk})
    post_step(kiosk, "/kiosk/general/", GENERAL)
    post_step(kiosk, "/kiosk/other/", {})
    post_step(kiosk, "/kiosk/questions/", every_kind_answers(programme))

    response = post_step(kiosk, "/kiosk/consent/", {"marketing_consent": "on"})

    assert response.status_code == 400
    assert b"Please agree to the use of your data" in response.content
    assert kiosk.get("/kiosk/review/")["Location"] == "/kiosk/consent/"


def test_general_needs_name_and_mobile(kiosk, programme):
    kiosk.post("/kiosk/", {"programme": programme.pk})

    response = post_step(kiosk, "/kiosk/general/", {"name": " ", "mobile": "12"})

    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_name-error"' in content
    assert 'id="id_mobile-error"' in content
    assert kiosk.get("/kiosk/other/")["Location"] == "/kiosk/general/"


def test_invalid_step_keeps_typed_values(kiosk, programme):
    kiosk.post("/kiosk/", {"programme": programme.pk})

    response = post_step(
        kiosk, "/kiosk/general/", {**GENERAL, "date_of_birth": "2999-01-01"}
    )

    assert response.status_code == 400
    assert GENERAL["name"].encode() in response.content
    assert b"cannot be in the future" in response.content


def test_required_questions_are_enforced(kiosk, programme):
    kiosk.post("/kiosk/", {"programme": programme.pk})
    post_step(kiosk, "/kiosk/general/", GENERAL)
    post_step(kiosk, "/kiosk/other/", {})
    answers = every_kind_answers(programme)
    for kind in (Kind.SHORT_TEXT, Kind.YES_NO, Kind.NUMBER):
        answers.pop(f"q{question(programme, kind).pk}")

    response = post_step(kiosk, "/kiosk/questions/", answers)

    assert response.status_code == 400
    content = response.content.decode()
    for kind in (Kind.SHORT_TEXT, Kind.YES_NO, Kind.NUMBER):
        assert f'id="id_q{question(programme, kind).pk}-error"' in content
    assert kiosk.get("/kiosk/consent/")["Location"] == "/kiosk/questions/"


def test_question_made_required_later_blocks_submit(kiosk, programme):
    kiosk.post("/kiosk/", {"programme": programme.pk})
    post_step(kiosk, "/kiosk/general/", GENERAL)
    post_step(kiosk, "/kiosk/other/", {})
    post_step(kiosk, "/kiosk/questions/", every_kind_answers(programme))
    post_step(kiosk, "/kiosk/consent/", {"data_consent": "on"})
    ConsultancyQuestion.objects.create(
        programme=programme, text="Allergies", is_required=True, position=99
    )

    response = kiosk.post("/kiosk/review/", {"nav": "submit"})

    assert response["Location"] == "/kiosk/questions/"
    assert not Customer.objects.exists()


def test_invalid_answers_are_rejected(kiosk, programme):
    kiosk.post("/kiosk/", {"programme": programme.pk})
    post_step(kiosk, "/kiosk/general/", GENERAL)
    post_step(kiosk, "/kiosk/other/", {})
    answers = every_kind_answers(programme)
    answers[f"q{question(programme, Kind.NUMBER).pk}"] = "seventy"
    answers[f"q{question(programme, Kind.DATE).pk}"] = "2026-02-30"
    answers[f"q{question(programme, Kind.SINGLE_CHOICE).pk}"] = "Scaly"
    answers[f"q{question(programme, Kind.MULTIPLE_CHOICE).pk}"] = ["Arms", "Neck"]

    response = post_step(kiosk, "/kiosk/questions/", answers)

    assert response.status_code == 400
    content = response.content.decode()
    for kind in (Kind.NUMBER, Kind.DATE, Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE):
        assert f'id="id_q{question(programme, kind).pk}-error"' in content


@pytest.mark.parametrize("typed", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_date_answer_outside_range_rejected(kiosk, programme, typed):
    kiosk.post("/kiosk/", {"programme": programme.pk})
    post_step(kiosk, "/kiosk/general/", GENERAL)
    post_step(kiosk, "/kiosk/other/", {})
    answers = every_kind_answers(programme)
    answers[f"q{question(programme, Kind.DATE).pk}"] = typed

    response = post_step(kiosk, "/kiosk/questions/", answers)

    assert response.status_code == 400
    content = response.content.decode()
    assert f'id="id_q{question(programme, Kind.DATE).pk}-error"' in content
    assert "Enter a date between 1900-01-01 and 2999-12-31." in content


def test_back_keeps_answers(kiosk, programme):
    kiosk.post("/kiosk/", {"programme": programme.pk})
    post_step(kiosk, "/kiosk/general/", GENERAL)

    response = post_step(kiosk, "/kiosk/other/", {"occupation": "Nurse"}, nav="back")

    assert response["Location"] == "/kiosk/general/"
    general = kiosk.get("/kiosk/general/").content.decode()
    assert f'value="{GENERAL["name"]}"' in general
    assert 'value="F" class="form-check-input" id="id_gender_0" checked' in general
    other = kiosk.get("/kiosk/other/").content.decode()
    assert 'value="Nurse"' in other


def test_back_keeps_chosen_options(kiosk, programme):
    kiosk.post("/kiosk/", {"programme": programme.pk})
    post_step(kiosk, "/kiosk/general/", GENERAL)
    post_step(kiosk, "/kiosk/other/", {})
    post_step(kiosk, "/kiosk/questions/", every_kind_answers(programme))

    content = kiosk.get("/kiosk/questions/").content.decode()

    multiple = question(programme, Kind.MULTIPLE_CHOICE).pk
    assert f'value="Arms" class="form-check-input" id="id_q{multiple}_0" checked' in (
        content
    )
    assert f'id="id_q{multiple}_1" checked' not in content
    assert 'value="72.5"' in content


def test_steps_cannot_be_skipped(kiosk, programme):
    assert kiosk.get("/kiosk/general/")["Location"] == "/kiosk/"
    assert kiosk.get("/kiosk/review/")["Location"] == "/kiosk/"

    kiosk.post("/kiosk/", {"programme": programme.pk})

    assert kiosk.get("/kiosk/questions/")["Location"] == "/kiosk/general/"
    assert kiosk.post("/kiosk/review/", {"nav": "submit"})["Location"] == (
        "/kiosk/general/"
    )
    assert not Customer.objects.exists()


def test_other_programme_forgets_answers(kiosk, programme):
    other = every_kind_programme("Facial programme")
    kiosk.post("/kiosk/", {"programme": programme.pk})
    post_step(kiosk, "/kiosk/general/", GENERAL)
    post_step(kiosk, "/kiosk/other/", {})
    post_step(kiosk, "/kiosk/questions/", every_kind_answers(programme))

    kiosk.post("/kiosk/", {"programme": other.pk})

    assert "questions" not in draft(kiosk)["steps"]
    assert kiosk.get("/kiosk/consent/")["Location"] == "/kiosk/questions/"


def test_programme_without_questions(kiosk, programme):
    programme.questions.update(is_active=False)

    response = complete_entry(kiosk, programme, answers={})

    assert response["Location"] == "/kiosk/thanks/"
    assert not ConsultancyAnswer.objects.exists()
    assert Enrolment.objects.get().programme == programme


def test_idle_draft_is_discarded(kiosk, programme, settings):
    settings.WESS_KIOSK_IDLE_SECONDS = 60
    kiosk.post("/kiosk/", {"programme": programme.pk})
    post_step(kiosk, "/kiosk/general/", GENERAL)
    session = kiosk.session
    session[DRAFT_KEY]["touched"] = time.time() - 61
    session.save()

    response = kiosk.get("/kiosk/other/")

    assert response["Location"] == "/kiosk/"
    assert DRAFT_KEY not in kiosk.session
    assert GENERAL["name"].encode() not in kiosk.get("/kiosk/general/").content


def test_active_draft_is_kept(kiosk, programme, settings):
    settings.WESS_KIOSK_IDLE_SECONDS = 60
    kiosk.post("/kiosk/", {"programme": programme.pk})
    post_step(kiosk, "/kiosk/general/", GENERAL)
    session = kiosk.session
    session[DRAFT_KEY]["touched"] = time.time() - 30
    session.save()

    response = kiosk.get("/kiosk/other/")

    assert response.status_code == 200
    assert draft(kiosk)["steps"]["general"]["name"] == GENERAL["name"]


def test_pages_carry_idle_timeout(kiosk, programme, settings):
    settings.WESS_KIOSK_IDLE_SECONDS = 90

    response = kiosk.get("/kiosk/")

    assert b'data-idle-seconds="90"' in response.content
    assert b'id="kiosk-restart-form"' in response.content


def test_start_over_forgets_entry(kiosk, programme):
    kiosk.post("/kiosk/", {"programme": programme.pk})
    post_step(kiosk, "/kiosk/general/", GENERAL)

    response = kiosk.post("/kiosk/restart/")

    assert response["Location"] == "/kiosk/"
    assert DRAFT_KEY not in kiosk.session
    assert kiosk.session[KIOSK_KEY]


def test_duplicate_mobile_is_held(kiosk, programme, branch_a):
    existing = make_customer(branch_a, "Nurul Aisyah", mobile="9123-4567 ")
    existing.mobile = "+6591234567"
    existing.save()

    response = complete_entry(kiosk, programme)

    assert response["Location"] == "/kiosk/thanks/"
    assert Customer.objects.count() == 1
    entry = SelfEntry.objects.get()
    assert entry.status == SelfEntry.Status.PENDING
    assert entry.branch == branch_a
    assert entry.details["mobile"] == GENERAL["mobile"]
    assert entry.answers[str(question(programme, Kind.NUMBER).pk)] == "72.5"
    assert entry.answers[str(question(programme, Kind.MULTIPLE_CHOICE).pk)] == [
        "Arms",
        "Thighs",
    ]
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "NURUL.aisyah@example.com"), ("identity_number", "S9012345A")],
)
def test_duplicate_email_or_identity_is_held(kiosk, programme, branch_a, field, value):
    make_customer(branch_a, "Someone Else", **{field: value})

    complete_entry(kiosk, programme)

    assert Customer.objects.count() == 1
    assert SelfEntry.objects.pending().count() == 1


def test_match_at_sharing_branch_is_held(kiosk, programme, branch_b):
    make_customer(branch_b, "Shared Customer", mobile="+65 9123 4567")

    complete_entry(kiosk, programme)

    assert SelfEntry.objects.pending().count() == 1


def test_match_at_unrelated_branch_is_ignored(kiosk, programme, branch_c):
    make_customer(branch_c, "Elsewhere", mobile="+65 9123 4567")

    complete_entry(kiosk, programme)

    assert Customer.objects.filter(source=Customer.Source.SELF_ENTRY).count() == 1
    assert not SelfEntry.objects.exists()


def test_held_entry_looks_like_new_one(frontdesk_a, branch_a, programme):
    first = kiosk_client(frontdesk_a, branch_a)
    created = complete_entry(first, programme)
    created_page = first.get("/kiosk/thanks/").content
    second = kiosk_client(frontdesk_a, branch_a)

    held = complete_entry(second, programme)
    held_page = second.get("/kiosk/thanks/").content

    assert SelfEntry.objects.pending().count() == 1
    assert held["Location"] == created["Location"]
    assert held_page == created_page


def test_exit_needs_staff_password(kiosk, branch_a):
    response = kiosk.post(
        "/kiosk/exit/", {"username": "frontdesk_a", "password": "wrong"}
    )

    assert response.status_code == 400
    assert KIOSK_KEY in kiosk.session
    assert kiosk.get("/customers/")["Location"] == "/kiosk/"


def test_exit_rejects_staff_of_other_branch(kiosk, outsider_c):
    response = kiosk.post(
        "/kiosk/exit/", {"username": "outsider_c", "password": PASSWORD}
    )

    assert response.status_code == 400
    assert KIOSK_KEY in kiosk.session


def test_exit_logs_staff_in_at_kiosk_branch(kiosk, frontdesk_a, branch_a, programme):
    kiosk.post("/kiosk/", {"programme": programme.pk})
    post_step(kiosk, "/kiosk/general/", GENERAL)

    response = kiosk.post(
        "/kiosk/exit/", {"username": "frontdesk_a", "password": PASSWORD}
    )

    assert response["Location"] == "/customers/"
    assert KIOSK_KEY not in kiosk.session
    assert DRAFT_KEY not in kiosk.session
    assert int(kiosk.session[AUTH_SESSION_KEY]) == frontdesk_a.pk
    assert kiosk.get("/customers/").status_code == 200


def test_deactivated_branch_ends_kiosk(kiosk, branch_a):
    branch_a.is_active = False
    branch_a.save()

    response = kiosk.get("/kiosk/")

    assert response["Location"].startswith("/accounts/login/")
    assert KIOSK_KEY not in kiosk.session


def test_review_shows_typed_values(kiosk, programme):
    kiosk.post("/kiosk/", {"programme": programme.pk})
    post_step(kiosk, "/kiosk/general/", GENERAL)
    post_step(kiosk, "/kiosk/other/", {})
    post_step(kiosk, "/kiosk/questions/", every_kind_answers(programme))
    post_step(kiosk, "/kiosk/consent/", {"data_consent": "on"})

    content = kiosk.get("/kiosk/review/").content.decode()

    assert GENERAL["name"] in content
    assert "S9012345A" in content
    assert "Arms, Thighs" in content
    assert "72.5" in content
    assert "2026-01-15" in content
    assert "Female" in content


def test_number_keeps_its_decimals(kiosk, programme):
    answers = every_kind_answers(programme)
    answers[f"q{question(programme, Kind.NUMBER).pk}"] = "0.0625"

    complete_entry(kiosk, programme, answers=answers)

    answer = ConsultancyAnswer.objects.get(question__kind=Kind.NUMBER)
    assert answer.number_value == Decimal("0.0625")
