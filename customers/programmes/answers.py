"""Consultancy questions as form fields, and their answers as typed values.

Staff enrolment and the kiosk build the same fields from a programme's
questions. An answer is kept as the Python value of its question's kind
(str, bool, Decimal, date or a list of options) and as JSON where it must
wait in a session or a held self-entry.
"""

import datetime
import logging
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from customers.forms import DateInput
from customers.models import ConsultancyAnswer, ConsultancyQuestion, Enrolment
from wess.forms import BoundedDateField

logger = logging.getLogger(__name__)

Kind = ConsultancyQuestion.Kind

SHORT_TEXT_MAX_LENGTH = 255
LONG_TEXT_MAX_LENGTH = 2000
YES = "yes"
NO = "no"


def field_name(question) -> str:
    return f"q{question.pk}"


def coerce_yes_no(value) -> bool:
    return value == YES


def answer_field(question) -> forms.Field:
    """Return the form field that asks `question`."""
    options = {
        "label": question.text,
        "help_text": question.help_text,
        "required": question.is_required,
    }
    choices = [(option, option) for option in question.options]
    if question.kind == Kind.LONG_TEXT:
        return forms.CharField(
            max_length=LONG_TEXT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3}),
            **options,
        )
    if question.kind == Kind.YES_NO:
        return forms.TypedChoiceField(
            choices=[(YES, _("Yes")), (NO, _("No"))],
            coerce=coerce_yes_no,
            empty_value=None,
            widget=forms.RadioSelect,
            **options,
        )
    if question.kind == Kind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **options)
    if question.kind == Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **options
        )
    if question.kind == Kind.NUMBER:
        return forms.DecimalField(
            max_digits=14,
            decimal_places=4,
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            **options,
        )
    if question.kind == Kind.DATE:
        return BoundedDateField(widget=DateInput(), **options)
    return forms.CharField(max_length=SHORT_TEXT_MAX_LENGTH, **options)


def add_answer_fields(form, questions):
    """Add one field per question to `form`, named by `field_name`."""
    for question in questions:
        form.fields[field_name(question)] = answer_field(question)


def answers_from_cleaned(questions, cleaned_data) -> dict:
    """Map each question to its cleaned answer, leaving out empty answers."""
    answers = {}
    for question in questions:
        value = cleaned_data.get(field_name(question))
        if not is_empty(value):
            answers[question] = value
    return answers


def is_empty(value) -> bool:
    return value is None or value == "" or value == []


def value_to_json(value):
    """Return a typed answer as a JSON value: Decimal and date become strings."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return value


def value_from_json(question, value):
    """Return the typed answer to `question` stored as `value` by value_to_json.

    Raises ValueError for a value that does not fit the question's kind.
    """
    if question.kind == Kind.YES_NO:
        if not isinstance(value, bool):
            raise ValueError(f"{value!r} is not a yes/no answer")
        return value
    if question.kind == Kind.NUMBER:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    if question.kind == Kind.DATE:
        return datetime.date.fromisoformat(str(value))
    if question.kind == Kind.MULTIPLE_CHOICE:
        if not isinstance(value, list):
            raise ValueError(f"{value!r} is not a list of choices")
        return [str(item) for item in value]
    return str(value)


def answers_to_json(answers: dict) -> dict:
    """Return `{question id: JSON value}` for `{question: typed value}`."""
    return {
        str(question.pk): value_to_json(value) for question, value in answers.items()
    }


def answers_from_json(programme, stored: dict) -> dict:
    """Return `{question: typed value}` from answers stored by answers_to_json.

    Every question of the programme counts, active or not, since an entry
    may have been held before its question was deactivated. Answers to
    questions deleted since, or no longer fitting their kind, are left out.
    """
    questions = {str(question.pk): question for question in programme.questions.all()}
    answers = {}
    for key, value in stored.items():
        question = questions.get(key)
        if question is None:
            continue
        try:
            answers[question] = value_from_json(question, value)
        except ValueError:
            logger.warning("Skipped a stored answer to question %s: wrong kind", key)
    return answers


def record_enrolment(
    *, customer, programme, branch, answers, source, created_by=None, enrolled_on=None
) -> Enrolment:
    """Create an enrolment with its answers; call inside the saving transaction.

    `answers` maps questions of `programme` to typed values.
    """
    enrolment = Enrolment(
        customer=customer,
        programme=programme,
        branch=branch,
        source=source,
        created_by=created_by,
    )
    if enrolled_on is not None:
        enrolment.enrolled_on = enrolled_on
    enrolment.save()

    rows = []
    for question, value in answers.items():
        if question.programme_id != programme.pk or is_empty(value):
            continue
        answer = ConsultancyAnswer(enrolment=enrolment, question=question)
        answer.set_value(value)
        rows.append(answer)
    ConsultancyAnswer.objects.bulk_create(rows)
    return enrolment
