import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from customers.models import Programme, SelfEntry


class ProgrammeTable(tables.Table):
    """The programme listing. Column names match the search parameters."""

    name = tables.Column(
        verbose_name=_("Name"),
        linkify=("programmes:edit", [tables.A("pk")]),
    )
    description = tables.Column(verbose_name=_("Description"))
    question_count = tables.Column(verbose_name=_("Active questions"))
    enrolment_count = tables.Column(verbose_name=_("Enrolments"))
    active = tables.BooleanColumn(
        accessor="is_active", verbose_name=_("Active"), order_by="is_active"
    )

    class Meta:
        model = Programme
        fields = []
        sequence = (
            "name",
            "description",
            "question_count",
            "enrolment_count",
            "active",
        )
        order_by_field = "sort"
        page_field = "page"
        per_page_field = "per_page"
        attrs = {"class": "table table-sm table-hover align-middle programme-table"}
        empty_text = _("No programmes match the search.")


class SelfEntryTable(tables.Table):
    """The self-entries held for review at the current branch."""

    created_at = tables.DateTimeColumn(verbose_name=_("Entered at"), format="Y-m-d H:i")
    name = tables.Column(
        verbose_name=_("Name"),
        linkify=("customers:selfentry_review", [tables.A("pk")]),
    )
    mobile = tables.Column(
        accessor="details__mobile", verbose_name=_("Mobile"), orderable=False
    )
    email = tables.Column(
        accessor="details__email", verbose_name=_("Email"), orderable=False
    )
    programme = tables.Column(verbose_name=_("Programme"), order_by="programme__name")
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = SelfEntry
        fields = []
        sequence = ("created_at", "name", "mobile", "email", "programme", "status")
        order_by_field = "sort"
        page_field = "page"
        per_page_field = "per_page"
        attrs = {"class": "table table-sm table-hover align-middle selfentry-table"}
        empty_text = _("No self-entries to review.")
