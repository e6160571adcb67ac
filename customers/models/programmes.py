import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from customers.models.customers import Customer


class Programme(models.Model):
    """A treatment or service programme that customers enrol in.

    Each programme asks its own ordered consultancy questions at enrolment.
    Only active programmes are offered for new enrolments and at the kiosk.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive programmes are not offered for new enrolments."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name

    def active_questions(self):
        return self.questions.filter(is_active=True)


class ConsultancyQuestion(models.Model):
    """A question a programme asks at enrolment, such as "Any allergies?".

    Questions are asked in `position` order. A question that has answers is
    deactivated instead of deleted, so the answers keep their question.
    """

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        YES_NO = "yes_no", _("Yes / no")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")

    CHOICE_KINDS = (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE)

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("programme"),
    )
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(
        _("kind of answer"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.SHORT_TEXT,
    )
    is_required = models.BooleanField(
        _("required"),
        default=False,
        help_text=_("An enrolment cannot be saved without an answer."),
    )
    help_text = models.CharField(
        _("help text"),
        max_length=300,
        blank=True,
        help_text=_("Shown under the question, for example the unit of a number."),
    )
    options = models.JSONField(
        _("options"),
        default=list,
        blank=True,
        help_text=_("The choices offered by a single or multiple choice question."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive questions are no longer asked; old answers stay."),
    )

    class Meta:
        ordering = ["programme", "position", "pk"]
        verbose_name = _("consultancy question")
        verbose_name_plural = _("consultancy questions")

    def __str__(self):
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in self.CHOICE_KINDS


class EnrolmentSource(models.TextChoices):
    STAFF = "staff", _("Staff")
    SELF_ENTRY = "self_entry", _("Self-entry")


class Enrolment(models.Model):
    """A customer's enrolment in a programme at a branch, on a date.

    The consultancy answers given at enrolment belong to it.
    """

    Source = EnrolmentSource

    customer = models.ForeignKey(
        Customer,
        # An enrolled customer is unpublished, not deleted, so the answers
        # given at the consultation stay on record.
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("customer"),
    )
    programme = models.ForeignKey(
        Programme,
        # A programme with enrolments is deactivated instead of deleted.
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("programme"),
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("branch"),
    )
    enrolled_on = models.DateField(_("date"), default=timezone.localdate)
    source = models.CharField(
        _("source"),
        max_length=12,
        choices=EnrolmentSource.choices,
        default=EnrolmentSource.STAFF,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-enrolled_on", "-pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self):
        return f"{self.programme} ({self.enrolled_on:%Y-%m-%d})"


class ConsultancyAnswer(models.Model):
    """One answer to a consultancy question, stored in a column of its type.

    A number is a decimal, a date a date, yes/no a boolean, a multiple choice
    a list of the chosen options, and text or a single choice a string.
    `value` returns the answer as the Python value of its question's kind.
    """

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("enrolment"),
    )
    question = models.ForeignKey(
        ConsultancyQuestion,
        # Answered questions are deactivated, never deleted.
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("question"),
    )
    text_value = models.TextField(_("text"), max_length=2000, blank=True)
    boolean_value = models.BooleanField(_("yes or no"), null=True, blank=True)
    number_value = models.DecimalField(
        _("number"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    date_value = models.DateField(_("date"), null=True, blank=True)
    choices_value = models.JSONField(_("choices"), default=list, blank=True)

    class Meta:
        ordering = ["question__position", "question__pk"]
        verbose_name = _("consultancy answer")
        verbose_name_plural = _("consultancy answers")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "question"],
                name="consultancy_answer_one_per_question",
                violation_error_message=_(
                    "This enrolment already has an answer to this question."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.display_value}"

    @property
    def value(self):
        Kind = ConsultancyQuestion.Kind
        kind = self.question.kind
        if kind == Kind.YES_NO:
            return self.boolean_value
        if kind == Kind.NUMBER:
            return self.number_value
        if kind == Kind.DATE:
            return self.date_value
        if kind == Kind.MULTIPLE_CHOICE:
            return list(self.choices_value)
        return self.text_value

    @property
    def display_value(self) -> str:
        return format_answer(self.value)

    def set_value(self, value):
        """Store `value`, the Python value of the question's kind."""
        Kind = ConsultancyQuestion.Kind
        kind = self.question.kind
        if kind == Kind.YES_NO:
            self.boolean_value = value
        elif kind == Kind.NUMBER:
            self.number_value = value
        elif kind == Kind.DATE:
            self.date_value = value
        elif kind == Kind.MULTIPLE_CHOICE:
            self.choices_value = list(value)
        else:
            self.text_value = value or ""


def format_answer(value) -> str:
    """Write a typed answer for people: Yes/No, plain numbers, ISO dates."""
    if isinstance(value, bool):
        return str(_("Yes")) if value else str(_("No"))
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


def format_number(value: Decimal) -> str:
    """Write a stored number without the trailing zeros of its four decimals."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class SelfEntryQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=SelfEntry.Status.PENDING)


class SelfEntry(models.Model):
    """A kiosk self-entry held for staff review.

    The kiosk keeps an entry for review instead of creating a customer when
    its mobile number, email or identity number matches a customer visible
    at the kiosk's branch. Staff attach it to that customer or accept it as a new
    one. `details` stores the typed customer fields and `answers` the
    consultancy answers by question id, both as JSON values.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("To review")
        ATTACHED = "attached", _("Attached to a customer")
        ACCEPTED = "accepted", _("Accepted as new customer")
        DISCARDED = "discarded", _("Discarded")

    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        related_name="self_entries",
        verbose_name=_("branch"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="self_entries",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("name"), max_length=150)
    details = models.JSONField(_("customer details"), default=dict)
    answers = models.JSONField(_("answers"), default=dict)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    customer = models.ForeignKey(
        Customer,
        # Review history only; deleting the customer keeps the entry.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("customer"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    objects = SelfEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("self-entry")
        verbose_name_plural = _("self-entries")
        permissions = [
            ("start_kiosk", _("Can start kiosk self-entry mode on a tablet")),
            ("review_selfentry", _("Can review self-entries held as duplicates")),
        ]
        indexes = [
            models.Index(
                fields=["branch", "status"],
                name="selfentry_branch_status",
                condition=Q(status="pending"),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.created_at:%Y-%m-%d %H:%M})"
