"""Programme management: programmes, their ordered questions, deletes."""

import pytest

from conftest import client_for, make_customer
from customers.models import ConsultancyQuestion, Enrolment, Programme, SelfEntry
from customers.programmes.answers import record_enrolment
from customers.programmes.demo import seed_programmes_demo
from customers.tests.kiosk_support import every_kind_programme

pytestmark = pytest.mark.django_db

Kind = ConsultancyQuestion.Kind


def rendered_form_data(response):
    """The values a form on the page would post, read from its bound form."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    return data


def positions(programme):
    return list(programme.questions.order_by("position").values_list("text", flat=True))


def answer(programme, customer, branch, **values):
    """Enrol `customer` with answers keyed by question text."""
    answers = {
        programme.questions.get(text=text): value for text, value in values.items()
    }
    return record_enrolment(
        customer=customer,
        programme=programme,
        branch=branch,
        answers=answers,
        source=Enrolment.Source.STAFF,
    )


def test_listing_shows_programmes(frontdesk_client):
    every_kind_programme()

    response = frontdesk_client.get("/programmes/")

    assert response.status_code == 200
    assert b"Slimming programme" in response.content
    assert response.context["table"].rows[0].get_cell("question_count") == 7


def test_listing_filters_by_name(frontdesk_client):
    every_kind_programme("Slimming programme")
    every_kind_programme("Facial programme")

    response = frontdesk_client.get("/programmes/?name=fac")

    names = [row.record.name for row in response.context["table"].rows]
    assert names == ["Facial programme"]


def test_listing_query_count_is_flat(frontdesk_client, django_assert_max_num_queries):
    for number in range(12):
        every_kind_programme(f"Programme {number}")

    with django_assert_max_num_queries(12):
        frontdesk_client.get("/programmes/")


@pytest.fixture
def client_no_perms(frontdesk_a, branch_a):
    frontdesk_a.groups.clear()
    return client_for(frontdesk_a, branch_a)


def test_listing_needs_permission(client_no_perms):
    assert client_no_perms.get("/programmes/").status_code == 403


def test_front_desk_cannot_change_programmes(frontdesk_client):
    programme = every_kind_programme()

    assert frontdesk_client.get("/programmes/new/").status_code == 403
    assert frontdesk_client.get(f"/programmes/{programme.pk}/edit/").status_code == 403
    response = frontdesk_client.post(
        f"/programmes/{programme.pk}/questions/{programme.questions.first().pk}/delete/"
    )
    assert response.status_code == 403
    assert programme.questions.count() == 7


def test_manager_creates_programme(manager_client):
    form = manager_client.get("/programmes/new/")
    data = rendered_form_data(form)
    data.update(name="  Detox   programme ", description="Four weeks", action="apply")

    response = manager_client.post("/programmes/new/", data)

    programme = Programme.objects.get()
    assert response["Location"] == f"/programmes/{programme.pk}/edit/"
    assert programme.name == "Detox programme"
    assert programme.is_active


def test_programme_name_is_unique_ignoring_case(manager_client):
    every_kind_programme("Detox")

    response = manager_client.post("/programmes/new/", {"name": "DETOX"})

    assert response.status_code == 200
    assert "already exists" in str(response.context["form"].errors["name"])


def test_manager_adds_choice_question(manager_client):
    programme = Programme.objects.create(name="Facial")
    url = f"/programmes/{programme.pk}/questions/new/"
    data = rendered_form_data(manager_client.get(url))
    data.update(
        text="Skin type",
        kind=Kind.SINGLE_CHOICE,
        options_text="Dry\n\n  Oily \nCombination",
        is_required="on",
    )

    response = manager_client.post(url, data)

    assert response["Location"] == f"/programmes/{programme.pk}/edit/"
    question = programme.questions.get()
    assert question.options == ["Dry", "Oily", "Combination"]
    assert question.is_required
    assert question.position == 1


def test_new_question_goes_last(manager_client):
    programme = every_kind_programme()

    manager_client.post(
        f"/programmes/{programme.pk}/questions/new/",
        {"text": "Allergies", "kind": Kind.SHORT_TEXT, "is_active": "on"},
    )

    assert positions(programme)[-1] == "Allergies"


@pytest.mark.parametrize(
    ("kind", "options", "error"),
    [
        (Kind.SINGLE_CHOICE, "Only one", "at least two options"),
        (Kind.MULTIPLE_CHOICE, "", "at least two options"),
        (Kind.MULTIPLE_CHOICE, "Arms\narms", "listed twice"),
        (Kind.NUMBER, "1\n2", "Only single and multiple choice"),
    ],
)
def test_question_options_are_checked(manager_client, kind, options, error):
    programme = Programme.objects.create(name="Facial")

    response = manager_client.post(
        f"/programmes/{programme.pk}/questions/new/",
        {"text": "Question", "kind": kind, "options_text": options},
    )

    assert response.status_code == 200
    assert error in str(response.context["form"].errors["options_text"])
    assert not programme.questions.exists()


def test_edit_shows_questions_in_order(manager_client):
    programme = every_kind_programme()

    response = manager_client.get(f"/programmes/{programme.pk}/edit/")

    texts = [question.text for question in response.context["questions"]]
    assert texts == positions(programme)
    assert b'id="add-question"' in response.content


def test_questions_move_up_and_down(manager_client):
    programme = every_kind_programme()
    second = programme.questions.get(text="Medical history")
    url = f"/programmes/{programme.pk}/questions/{second.pk}/move/"

    manager_client.post(url, {"direction": "up"})

    assert positions(programme)[:2] == ["Medical history", "Main goal"]
    manager_client.post(url, {"direction": "down"})
    manager_client.post(url, {"direction": "down"})
    assert positions(programme)[:3] == [
        "Main goal",
        "Are you pregnant?",
        "Medical history",
    ]


def test_first_question_cannot_move_up(manager_client):
    programme = every_kind_programme()
    before = positions(programme)
    first = programme.questions.get(text="Main goal")

    response = manager_client.post(
        f"/programmes/{programme.pk}/questions/{first.pk}/move/", {"direction": "up"}
    )

    assert response.status_code == 302
    assert positions(programme) == before


def test_move_of_other_programmes_question_is_404(manager_client):
    programme = every_kind_programme()
    other = every_kind_programme("Facial")

    response = manager_client.post(
        f"/programmes/{programme.pk}/questions/{other.questions.first().pk}/move/",
        {"direction": "up"},
    )

    assert response.status_code == 404


def test_unanswered_question_is_deleted(manager_client):
    programme = every_kind_programme()
    question = programme.questions.get(text="Main goal")

    manager_client.post(f"/programmes/{programme.pk}/questions/{question.pk}/delete/")

    assert not ConsultancyQuestion.objects.filter(pk=question.pk).exists()


def test_answered_question_is_deactivated(manager_client, branch_a):
    programme = every_kind_programme()
    customer = make_customer(branch_a)
    answer(programme, customer, branch_a, **{"Main goal": "Tone up"})
    question = programme.questions.get(text="Main goal")

    manager_client.post(f"/programmes/{programme.pk}/questions/{question.pk}/delete/")

    question.refresh_from_db()
    assert question.is_active is False
    assert question.answers.get().text_value == "Tone up"
    assert question not in programme.active_questions()


def test_question_of_held_entry_is_deactivated(manager_client, branch_a):
    programme = every_kind_programme()
    question = programme.questions.get(text="Main goal")
    SelfEntry.objects.create(
        branch=branch_a,
        programme=programme,
        name="Held",
        answers={str(question.pk): "Tone up"},
    )

    manager_client.post(f"/programmes/{programme.pk}/questions/{question.pk}/delete/")

    question.refresh_from_db()
    assert question.is_active is False


def test_answered_question_keeps_its_kind(manager_client, branch_a):
    programme = every_kind_programme()
    answer(programme, make_customer(branch_a), branch_a, **{"Weight (kg)": 70})
    question = programme.questions.get(text="Weight (kg)")

    response = manager_client.post(
        f"/programmes/{programme.pk}/questions/{question.pk}/edit/",
        {"text": "Weight", "kind": Kind.SHORT_TEXT},
    )

    assert response.status_code == 200
    assert "kind cannot change" in str(response.context["form"].errors["kind"])
    question.refresh_from_db()
    assert question.kind == Kind.NUMBER


def test_unused_programme_is_deleted(manager_client):
    programme = every_kind_programme()

    confirm = manager_client.get(f"/programmes/{programme.pk}/delete/")
    response = manager_client.post(f"/programmes/{programme.pk}/delete/")

    assert confirm.status_code == 200
    assert response["Location"] == "/programmes/"
    assert not Programme.objects.exists()


def test_programme_in_use_is_deactivated(manager_client, branch_a):
    programme = every_kind_programme()
    answer(programme, make_customer(branch_a), branch_a)

    manager_client.post(f"/programmes/{programme.pk}/delete/")

    programme.refresh_from_db()
    assert programme.is_active is False


def test_settings_menu_lists_programmes(frontdesk_client):
    response = frontdesk_client.get("/customers/")

    assert b'href="/programmes/"' in response.content


def test_demo_programmes_are_seeded_once(db):
    first = seed_programmes_demo()
    second = seed_programmes_demo()

    assert first == 2
    assert second == 0
    kinds = set(ConsultancyQuestion.objects.values_list("kind", flat=True))
    assert kinds == set(Kind.values)
