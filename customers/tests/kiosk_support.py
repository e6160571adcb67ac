"""Helpers of the programme, enrolment and kiosk tests."""

import datetime
from decimal import Decimal

from conftest import client_for
from customers.kiosk.session import DRAFT_KEY, KIOSK_KEY
from customers.models import ConsultancyQuestion, Programme

Kind = ConsultancyQuestion.Kind

GENERAL = {
    "name": "Nurul Aisyah binti Hamzah",
    "gender": "F",
    "date_of_birth": "1990-04-12",
    "identity_number": "s9012345a",
    "mobile": "+65 9123 4567",
    "telephone": "",
    "email": "Nurul.Aisyah@example.com",
    "address": "12 Jalan Bukit Merah",
}
OTHER = {
    "occupation": "Accountant",
    "referral_source": "Friend",
    "remarks": "Prefers mornings",
}
CONSENT = {"data_consent": "on", "marketing_consent": "on"}


def every_kind_programme(name="Slimming programme"):
    """A programme with one question of each kind; text and number required."""
    programme = Programme.objects.create(name=name, description="Twelve weeks.")
    questions = [
        ("Main goal", Kind.SHORT_TEXT, True, []),
        ("Medical history", Kind.LONG_TEXT, False, []),
        ("Are you pregnant?", Kind.YES_NO, True, []),
        ("Skin type", Kind.SINGLE_CHOICE, False, ["Dry", "Oily", "Combination"]),
        ("Areas to treat", Kind.MULTIPLE_CHOICE, False, ["Arms", "Waist", "Thighs"]),
        ("Weight (kg)", Kind.NUMBER, True, []),
        ("Last treatment", Kind.DATE, False, []),
    ]
    for position, (text, kind, required, options) in enumerate(questions, start=1):
        ConsultancyQuestion.objects.create(
            programme=programme,
            text=text,
            kind=kind,
            is_required=required,
            options=options,
            position=position,
        )
    return programme


def question(programme, kind):
    return programme.questions.get(kind=kind)


def every_kind_answers(programme):
    """Posted answers to every question of `every_kind_programme`."""
    return {
        f"q{question(programme, Kind.SHORT_TEXT).pk}": "Lose 5 kg",
        f"q{question(programme, Kind.LONG_TEXT).pk}": "Asthma as a child",
        f"q{question(programme, Kind.YES_NO).pk}": "no",
        f"q{question(programme, Kind.SINGLE_CHOICE).pk}": "Oily",
        f"q{question(programme, Kind.MULTIPLE_CHOICE).pk}": ["Arms", "Thighs"],
        f"q{question(programme, Kind.NUMBER).pk}": "72.5",
        f"q{question(programme, Kind.DATE).pk}": "2026-01-15",
    }


EXPECTED_VALUES = {
    Kind.SHORT_TEXT: "Lose 5 kg",
    Kind.LONG_TEXT: "Asthma as a child",
    Kind.YES_NO: False,
    Kind.SINGLE_CHOICE: "Oily",
    Kind.MULTIPLE_CHOICE: ["Arms", "Thighs"],
    Kind.NUMBER: Decimal("72.5"),
    Kind.DATE: datetime.date(2026, 1, 15),
}


def kiosk_client(user, branch):
    """A test client whose session was turned into a kiosk by `user`."""
    client = client_for(user, branch)
    response = client.post("/kiosk/start/")
    assert response.status_code == 302
    assert KIOSK_KEY in client.session
    return client


def post_step(client, url, data, nav="next"):
    return client.post(url, {**data, "nav": nav})


def complete_entry(
    client, programme, general=None, other=None, answers=None, consent=None
):
    """Post every kiosk step and submit; return the submission's response."""
    steps = [
        ("/kiosk/general/", general if general is not None else GENERAL),
        ("/kiosk/other/", other if other is not None else OTHER),
        (
            "/kiosk/questions/",
            answers if answers is not None else every_kind_answers(programme),
        ),
        ("/kiosk/consent/", consent if consent is not None else CONSENT),
    ]
    response = client.post("/kiosk/", {"programme": programme.pk})
    assert response.status_code == 302, response.content
    for url, data in steps:
        response = post_step(client, url, data)
        assert response.status_code == 302, (url, response.content.decode())
    return client.post("/kiosk/review/", {"nav": "submit"})


def draft(client) -> dict:
    return client.session.get(DRAFT_KEY) or {}
