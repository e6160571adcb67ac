import django_filters
from django.utils.translation import gettext_lazy as _

from customers.filters import TextSearchFilter, search_select
from customers.models import Programme, SelfEntry

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ProgrammeFilter(django_filters.FilterSet):
    """The search boxes under the programme listing's column headers."""

    name = TextSearchFilter(_("Name"))
    description = TextSearchFilter(_("Description"))
    active = django_filters.ChoiceFilter(
        label=_("Active"),
        choices=YES_NO,
        method="filter_active",
        widget=search_select(),
        empty_label=_("All"),
    )

    class Meta:
        model = Programme
        fields = []

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=(value == "yes"))


class SelfEntryFilter(django_filters.FilterSet):
    """The search boxes of the self-entry review list.

    Without a status in the query, only entries still to review are listed.
    """

    name = TextSearchFilter(_("Name"))
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        queryset=Programme.objects.all(),
        widget=search_select(),
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("all", _("All"))] + list(SelfEntry.Status.choices),
        method="filter_status",
        widget=search_select(),
        empty_label=None,
    )

    class Meta:
        model = SelfEntry
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else None
        if data is not None and not data.get("status"):
            data["status"] = SelfEntry.Status.PENDING
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        if value == "all":
            return queryset
        return queryset.filter(status=value)
