"""Staff enrolment from the customer's page, and typed answer storage."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import client_for, make_customer
from customers.guard import find_blockers
from customers.models import ConsultancyAnswer, ConsultancyQuestion, Enrolment
from customers.tests.kiosk_support import (
    EXPECTED_VALUES,
    every_kind_answers,
    every_kind_programme,
    question,
)

pytestmark = pytest.mark.django_db

Kind = ConsultancyQuestion.Kind


@pytest.fixture
def programme(db):
    return every_kind_programme()


@pytest.fixture
def customer(branch_a):
    return make_customer(branch_a, "Siti Rahmah", mobile="+60 12-777 8888")


def enrol(client, customer, programme, **extra):
    data = {
        "programme": programme.pk,
        "enrolled_on": "2026-03-01",
        **every_kind_answers(programme),
        **extra,
    }
    return client.post(f"/customers/{customer.pk}/enrol/", data)


def test_enrol_page_lists_questions(frontdesk_client, customer, programme):
    response = frontdesk_client.get(
        f"/customers/{customer.pk}/enrol/?programme={programme.pk}"
    )

    assert response.status_code == 200
    for text in ("Main goal", "Areas to treat", "Weight (kg)"):
        assert text.encode() in response.content


def test_enrol_page_without_programme_offers_choice(frontdesk_client, customer):
    every_kind_programme("Facial")

    response = frontdesk_client.get(f"/customers/{customer.pk}/enrol/")

    assert response.context["form"] is None
    assert b"Facial" in response.content


def test_enrol_saves_typed_answers(frontdesk_client, frontdesk_a, customer, programme):
    response = enrol(frontdesk_client, customer, programme)

    assert response["Location"] == f"/customers/{customer.pk}/"
    enrolment = Enrolment.objects.get(customer=customer)
    assert enrolment.enrolled_on == datetime.date(2026, 3, 1)
    assert enrolment.created_by == frontdesk_a
    assert enrolment.source == Enrolment.Source.STAFF
    values = {answer.question.kind: answer.value for answer in enrolment.answers.all()}
    assert values == EXPECTED_VALUES


def test_answers_are_stored_with_their_type(frontdesk_client, customer, programme):
    enrol(frontdesk_client, customer, programme)

    stored = {
        answer.question.kind: answer
        for answer in ConsultancyAnswer.objects.select_related("question")
    }
    number = stored[Kind.NUMBER]
    assert isinstance(number.number_value, Decimal)
    assert number.number_value == Decimal("72.5")
    date = stored[Kind.DATE]
    assert type(date.date_value) is datetime.date
    assert date.date_value == datetime.date(2026, 1, 15)
    choices = stored[Kind.MULTIPLE_CHOICE]
    assert choices.choices_value == ["Arms", "Thighs"]
    assert stored[Kind.YES_NO].boolean_value is False
    assert stored[Kind.SINGLE_CHOICE].text_value == "Oily"
    assert number.text_value == ""
    assert number.date_value is None


def test_typed_answers_filter_in_the_database(frontdesk_client, customer, programme):
    enrol(frontdesk_client, customer, programme)

    assert ConsultancyAnswer.objects.filter(number_value__gt=70).count() == 1
    assert ConsultancyAnswer.objects.filter(number_value__gt=80).count() == 0
    assert ConsultancyAnswer.objects.filter(
        date_value__year=2026, date_value__month=1
    ).exists()
    assert ConsultancyAnswer.objects.filter(boolean_value=False).count() == 1


def test_required_answers_are_enforced(frontdesk_client, customer, programme):
    number = f"q{question(programme, Kind.NUMBER).pk}"

    response = enrol(frontdesk_client, customer, programme, **{number: ""})

    assert response.status_code == 200
    assert number in response.context["form"].errors
    assert not Enrolment.objects.exists()


def test_optional_answers_may_be_empty(frontdesk_client, customer, programme):
    optional = {
        f"q{question(programme, kind).pk}": ""
        for kind in (Kind.LONG_TEXT, Kind.SINGLE_CHOICE, Kind.DATE)
    }
    optional[f"q{question(programme, Kind.MULTIPLE_CHOICE).pk}"] = []

    enrol(frontdesk_client, customer, programme, **optional)

    assert Enrolment.objects.get().answers.count() == 3


def test_inactive_question_is_not_asked(frontdesk_client, customer, programme):
    retired = question(programme, Kind.NUMBER)
    retired.is_active = False
    retired.save()
    data = every_kind_answers(programme)
    data.pop(f"q{retired.pk}")

    enrol(frontdesk_client, customer, programme, **{f"q{retired.pk}": ""})

    assert Enrolment.objects.get().answers.count() == 6


def test_inactive_programme_is_not_offered(frontdesk_client, customer, programme):
    programme.is_active = False
    programme.save()

    response = enrol(frontdesk_client, customer, programme)

    assert response.status_code == 200
    assert "programme" in response.context["choice"].errors
    assert not Enrolment.objects.exists()


def test_future_enrolment_date_is_rejected(frontdesk_client, customer, programme):
    response = enrol(frontdesk_client, customer, programme, enrolled_on="2999-01-01")

    assert "enrolled_on" in response.context["form"].errors


def test_unpublished_customer_cannot_enrol(frontdesk_client, customer, programme):
    customer.is_published = False
    customer.save()

    response = enrol(frontdesk_client, customer, programme)

    assert response["Location"] == f"/customers/{customer.pk}/"
    assert not Enrolment.objects.exists()


def test_invisible_customer_is_404(frontdesk_client, branch_c, programme):
    hidden = make_customer(branch_c, "Elsewhere")

    response = enrol(frontdesk_client, hidden, programme)

    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_shared_customer_can_enrol(frontdesk_client, branch_a, branch_b, programme):
    shared = make_customer(branch_b, "From Bravo")

    enrol(frontdesk_client, shared, programme)

    assert Enrolment.objects.get().branch == branch_a


def test_enrol_needs_permission(frontdesk_a, branch_a, customer, programme):
    frontdesk_a.groups.clear()
    client = client_for(frontdesk_a, branch_a)

    response = enrol(client, customer, programme)

    assert response.status_code == 403


def test_customer_page_shows_enrolments(frontdesk_client, customer, programme):
    enrol(frontdesk_client, customer, programme)

    response = frontdesk_client.get(f"/customers/{customer.pk}/")

    content = response.content.decode()
    assert "Slimming programme" in content
    assert "2026-03-01" in content
    for shown in ("Lose 5 kg", "Arms, Thighs", "72.5", "2026-01-15", "Oily"):
        assert shown in content
    assert f'href="/customers/{customer.pk}/enrol/"' in content


def test_customer_page_query_count_is_flat(frontdesk_client, customer, programme):
    enrol(frontdesk_client, customer, programme)
    with CaptureQueriesContext(connection) as one:
        frontdesk_client.get(f"/customers/{customer.pk}/")
    for _ in range(5):
        enrol(frontdesk_client, customer, programme)

    with CaptureQueriesContext(connection) as six:
        frontdesk_client.get(f"/customers/{customer.pk}/")

    assert len(six.captured_queries) == len(one.captured_queries)


def test_enrolled_customer_is_not_deleted(frontdesk_client, customer, programme):
    enrol(frontdesk_client, customer, programme)

    blockers = find_blockers([customer.pk])[customer.pk]

    assert len(blockers) == 1
    assert blockers[0].label.startswith("enrolment")
    assert blockers[0].count == 1
