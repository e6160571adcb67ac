"""Staff review of kiosk self-entries held as likely duplicates."""

import datetime

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from conftest import client_for, make_customer
from customers.models import ConsultancyQuestion, Customer, Enrolment, SelfEntry
from customers.tests.kiosk_support import (
    EXPECTED_VALUES,
    GENERAL,
    complete_entry,
    every_kind_programme,
    kiosk_client,
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
def existing(branch_a):
    return make_customer(
        branch_a, "Nurul Aisyah", mobile="9123 4567", email="old@example.com"
    )


@pytest.fixture
def entry(frontdesk_a, branch_a, programme, existing):
    """A self-entry held because its mobile matches `existing`."""
    kiosk = kiosk_client(frontdesk_a, branch_a)
    complete_entry(kiosk, programme, general={**GENERAL, "mobile": "+65 9123 4567"})
    return SelfEntry.objects.get()


def review_url(entry):
    return f"/customers/self-entries/{entry.pk}/"


def test_held_entry_is_listed(frontdesk_client, entry):
    response = frontdesk_client.get("/customers/self-entries/")

    assert response.status_code == 200
    rows = [row.record for row in response.context["table"].rows]
    assert rows == [entry]
    assert GENERAL["name"].encode() in response.content


def test_list_hides_reviewed_entries(frontdesk_client, entry):
    entry.status = SelfEntry.Status.DISCARDED
    entry.save()

    pending = frontdesk_client.get("/customers/self-entries/")
    everything = frontdesk_client.get("/customers/self-entries/?status=all")

    assert list(pending.context["table"].rows) == []
    assert [row.record for row in everything.context["table"].rows] == [entry]


def test_navigation_counts_pending_entries(frontdesk_client, entry):
    response = frontdesk_client.get("/customers/")

    content = response.content.decode()
    assert 'id="nav-selfentries"' in content
    assert 'text-bg-warning" aria-label="1 to review">1</span>' in content


def test_navigation_count_is_one_query(
    frontdesk_a, branch_a, entry, django_assert_num_queries
):
    request = RequestFactory().get("/customers/")
    request.user = frontdesk_a
    request.branch = branch_a
    frontdesk_a.has_perm("customers.review_selfentry")  # Load the permissions.
    template = Template("{% load programme_tags %}{% pending_selfentry_count %}")

    with django_assert_num_queries(1):
        rendered = template.render(Context({"request": request}))

    assert rendered == "1"


def test_other_branch_does_not_see_entry(outsider_c, branch_c, entry):
    client = client_for(outsider_c, branch_c)

    listed = client.get("/customers/self-entries/")
    opened = client.get(review_url(entry))

    assert list(listed.context["table"].rows) == []
    assert opened.status_code == 404
    assert b"nav-selfentries" in listed.content
    assert b"text-bg-warning" not in listed.content


def test_review_needs_permission(frontdesk_a, branch_a, entry):
    frontdesk_a.groups.clear()
    client = client_for(frontdesk_a, branch_a)

    assert client.get("/customers/self-entries/").status_code == 403
    assert client.post(review_url(entry), {"action": "accept"}).status_code == 403
    assert SelfEntry.objects.get().status == SelfEntry.Status.PENDING


def test_review_page_shows_match_and_answers(frontdesk_client, entry, existing):
    response = frontdesk_client.get(review_url(entry))

    content = response.content.decode()
    assert f'data-customer="{existing.pk}"' in content
    assert existing.code in content
    assert "Arms, Thighs" in content
    assert "72.5" in content
    rows = {row["name"]: row for row in response.context["matches"][0]["rows"]}
    assert rows["email"]["differs"] is True
    assert rows["email"]["ticked"] is False
    assert rows["date_of_birth"]["ticked"] is True


def test_attach_enrols_existing_customer(
    frontdesk_client, frontdesk_a, entry, existing
):
    response = frontdesk_client.post(
        review_url(entry),
        {
            "action": "attach",
            "customer": existing.pk,
            "update": ["name", "date_of_birth", "home_branch", "code"],
        },
    )

    assert response["Location"] == f"/customers/{existing.pk}/"
    assert Customer.objects.count() == 1
    existing.refresh_from_db()
    assert existing.name == GENERAL["name"]
    assert existing.date_of_birth == datetime.date(1990, 4, 12)
    assert existing.email == "old@example.com"
    assert existing.code.startswith("T")
    assert existing.updated_by == frontdesk_a
    enrolment = Enrolment.objects.get(customer=existing)
    assert enrolment.source == Enrolment.Source.SELF_ENTRY
    assert enrolment.enrolled_on == timezone.localdate(entry.created_at)
    values = {answer.question.kind: answer.value for answer in enrolment.answers.all()}
    assert values == EXPECTED_VALUES
    entry.refresh_from_db()
    assert entry.status == SelfEntry.Status.ATTACHED
    assert entry.customer == existing
    assert entry.reviewed_by == frontdesk_a


def test_attach_twice_enrols_once(frontdesk_client, entry, existing):
    data = {"action": "attach", "customer": existing.pk}
    frontdesk_client.post(review_url(entry), data)

    frontdesk_client.post(review_url(entry), data)

    assert Enrolment.objects.count() == 1


def test_attach_to_invisible_customer_is_refused(frontdesk_client, entry, branch_c):
    hidden = make_customer(branch_c, "Elsewhere", mobile="9123 4567")

    frontdesk_client.post(
        review_url(entry), {"action": "attach", "customer": hidden.pk}
    )

    assert not Enrolment.objects.exists()
    assert SelfEntry.objects.get().status == SelfEntry.Status.PENDING


def test_attach_to_unpublished_customer_is_refused(frontdesk_client, entry, existing):
    existing.is_published = False
    existing.save()

    frontdesk_client.post(
        review_url(entry), {"action": "attach", "customer": existing.pk}
    )

    assert not Enrolment.objects.exists()
    assert SelfEntry.objects.get().status == SelfEntry.Status.PENDING


def test_attach_with_garbage_customer_id(frontdesk_client, entry):
    response = frontdesk_client.post(
        review_url(entry), {"action": "attach", "customer": "x' OR 1=1"}
    )

    assert response.status_code == 302
    assert SelfEntry.objects.get().status == SelfEntry.Status.PENDING


def test_accept_creates_new_customer(frontdesk_client, frontdesk_a, entry, branch_a):
    response = frontdesk_client.post(review_url(entry), {"action": "accept"})

    created = Customer.objects.get(name=GENERAL["name"])
    assert response["Location"] == f"/customers/{created.pk}/"
    assert Customer.objects.count() == 2
    assert created.source == Customer.Source.SELF_ENTRY
    assert created.home_branch == branch_a
    assert created.code != "#AUTO"
    assert created.created_by == frontdesk_a
    assert created.date_of_birth == datetime.date(1990, 4, 12)
    assert Enrolment.objects.get(customer=created).answers.count() == 7
    assert SelfEntry.objects.get().status == SelfEntry.Status.ACCEPTED


def test_discard_keeps_customers_unchanged(frontdesk_client, entry):
    response = frontdesk_client.post(review_url(entry), {"action": "discard"})

    assert response["Location"] == "/customers/self-entries/"
    assert Customer.objects.count() == 1
    assert not Enrolment.objects.exists()
    assert SelfEntry.objects.get().status == SelfEntry.Status.DISCARDED


def test_unknown_action_changes_nothing(frontdesk_client, entry):
    response = frontdesk_client.post(review_url(entry), {"action": "delete"})

    assert response.status_code == 302
    assert SelfEntry.objects.get().status == SelfEntry.Status.PENDING


def test_answers_to_deleted_question_are_skipped(frontdesk_client, entry, programme):
    programme.questions.get(kind=Kind.LONG_TEXT).delete()

    frontdesk_client.post(review_url(entry), {"action": "accept"})

    assert Enrolment.objects.get(customer__name=GENERAL["name"]).answers.count() == 6
