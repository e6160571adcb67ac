"""The columns a Customer List report can show, and how each one is read.

Every output (HTML preview, PDF, XLSX, CSV) reads rows from one `values()`
queryset built by `select_columns`, so a column is fetched the same way
everywhere and rows can be streamed without model instances.
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.models import Customer
from sales.balances import annotate_balances
from sales.models import Appointment
from wess.templatetags.wess_tags import money


class Kind(enum.Enum):
    """The type of a column's values in the exports and on screen."""

    TEXT = "text"
    # Phone, identity and code values: text that must keep leading zeros and
    # `+`, so spreadsheets get them as text cells with the Text format.
    IDENTIFIER = "identifier"
    DATE = "date"
    DATETIME = "datetime"
    MONEY = "money"
    BOOLEAN = "boolean"
    CHOICE = "choice"


@dataclass(frozen=True)
class ReportColumn:
    """One column: its query-string key, header, value source and layout.

    `field` is the key of the value in each row. With `expression`, a
    function returning a query expression, the value is annotated under that
    name; otherwise `field` is a Customer field. `width` is a relative
    width: the PDF shares the page width in proportion to it, and the XLSX
    multiplies it by a number of characters.
    """

    key: str
    label: str
    kind: Kind
    field: str
    width: float = 1.0
    expression: Callable[[], object] | None = None
    choices: tuple = ()
    needs_balances: bool = False

    @property
    def order_fields(self) -> tuple[str, ...]:
        """Sort by this column, then by name and id so paging is stable."""
        if self.field == "name":
            return ("name", "pk")
        return (self.field, "name", "pk")

    def display(self, value) -> str:
        """Format `value` as the HTML preview and the PDF show it."""
        if value is None or value == "":
            return ""
        if self.kind is Kind.DATE:
            return value.isoformat()
        if self.kind is Kind.DATETIME:
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if self.kind is Kind.BOOLEAN:
            return str(_("Yes") if value else _("No"))
        if self.kind is Kind.CHOICE:
            return str(dict(self.choices).get(value, value))
        if self.kind is Kind.MONEY:
            return money(Decimal(value))
        return str(value)


def last_appointment_expression():
    """Start of the customer's latest appointment that has begun and was
    kept: cancelled and no-show bookings are left out, and so are future ones."""
    appointments = (
        Appointment.objects.filter(customer=OuterRef("pk"), start__lte=timezone.now())
        .exclude(status__in=[Appointment.Status.CANCELLED, Appointment.Status.NO_SHOW])
        .order_by("-start")
        .values("start")[:1]
    )
    return Subquery(appointments)


def _columns():
    text, identifier = Kind.TEXT, Kind.IDENTIFIER
    return [
        ReportColumn("code", _("Code"), identifier, "code", 1.2),
        ReportColumn("name", _("Name"), text, "name", 2.6),
        ReportColumn(
            "gender",
            _("Gender"),
            Kind.CHOICE,
            "gender",
            0.8,
            choices=tuple(Customer.Gender.choices),
        ),
        ReportColumn("date_of_birth", _("Date of birth"), Kind.DATE, "date_of_birth"),
        ReportColumn(
            "identity_number", _("Identity number"), identifier, "identity_number", 1.3
        ),
        ReportColumn("mobile", _("Mobile"), identifier, "mobile", 1.3),
        ReportColumn("telephone", _("Telephone"), identifier, "telephone", 1.3),
        ReportColumn("email", _("Email"), text, "email", 2.2),
        ReportColumn("address", _("Address"), text, "address", 3.0),
        ReportColumn(
            "group",
            _("Group"),
            text,
            "group_name",
            1.2,
            expression=lambda: F("group__name"),
        ),
        ReportColumn(
            "group_assigned_on",
            _("Group assigned on"),
            Kind.DATE,
            "group_assigned_on",
        ),
        ReportColumn(
            "branch",
            _("Branch"),
            text,
            "branch_name",
            1.2,
            expression=lambda: F("home_branch__name"),
        ),
        ReportColumn("join_date", _("Join date"), Kind.DATE, "join_date"),
        ReportColumn(
            "referral_source", _("Referral source"), text, "referral_source", 1.3
        ),
        ReportColumn("occupation", _("Occupation"), text, "occupation", 1.3),
        ReportColumn("remarks", _("Remarks"), text, "remarks", 3.0),
        ReportColumn(
            "marketing_consent",
            _("Marketing consent"),
            Kind.BOOLEAN,
            "marketing_consent",
            0.9,
        ),
        ReportColumn("published", _("Published"), Kind.BOOLEAN, "is_published", 0.8),
        ReportColumn(
            "source",
            _("Source"),
            Kind.CHOICE,
            "source",
            1.0,
            choices=tuple(Customer.Source.choices),
        ),
        ReportColumn("created_at", _("Created at"), Kind.DATETIME, "created_at", 1.4),
        ReportColumn(
            "created_by",
            _("Created by"),
            text,
            "created_by_name",
            1.1,
            expression=lambda: F("created_by__username"),
        ),
        ReportColumn("updated_at", _("Updated at"), Kind.DATETIME, "updated_at", 1.4),
        ReportColumn(
            "updated_by",
            _("Updated by"),
            text,
            "updated_by_name",
            1.1,
            expression=lambda: F("updated_by__username"),
        ),
        ReportColumn(
            "due_balance",
            _("Due balance"),
            Kind.MONEY,
            "due_balance",
            1.1,
            needs_balances=True,
        ),
        ReportColumn(
            "prepaid_balance",
            _("Prepaid balance"),
            Kind.MONEY,
            "prepaid_balance",
            1.1,
            needs_balances=True,
        ),
        ReportColumn(
            "last_appointment",
            _("Last appointment"),
            Kind.DATETIME,
            "last_appointment",
            1.4,
            expression=last_appointment_expression,
        ),
    ]


COLUMNS: dict[str, ReportColumn] = {column.key: column for column in _columns()}
DEFAULT_COLUMNS = ("code", "name", "mobile", "email", "group", "branch", "join_date")


def has_balances(queryset) -> bool:
    return "due_balance" in queryset.query.annotations


def select_columns(queryset, columns: list[ReportColumn]):
    """Return `queryset` as rows of dicts holding the columns' values.

    Adds the balances and the last-appointment subquery only when a column
    needs them, so a plain report stays one simple query.
    """
    if any(column.needs_balances for column in columns) and not has_balances(queryset):
        queryset = annotate_balances(queryset)
    plain = []
    expressions = {}
    for column in columns:
        if column.expression is not None:
            expressions[column.field] = column.expression()
        else:
            plain.append(column.field)
    return queryset.values("pk", *plain, **expressions)
