"""The column search boxes of the sales listings."""

import django_filters
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from customers.filters import TextSearchFilter, search_input, search_select
from sales.models import Appointment, Item, OpeningBalance

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def filter_yes_no(queryset, name, value):
    return queryset.filter(**{name: value == "yes"})


class ItemFilter(django_filters.FilterSet):
    """The search boxes under the item listing's column headers."""

    code = TextSearchFilter(_("Code"))
    name = TextSearchFilter(_("Name"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Item.Kind.choices,
        widget=search_select(),
        empty_label=_("All"),
    )
    active = django_filters.ChoiceFilter(
        field_name="is_active",
        label=_("Active"),
        choices=YES_NO,
        method=filter_yes_no,
        widget=search_select(),
        empty_label=_("All"),
    )
    published = django_filters.ChoiceFilter(
        field_name="is_published",
        label=_("Published"),
        choices=YES_NO,
        method=filter_yes_no,
        widget=search_select(),
        empty_label=_("All"),
    )

    class Meta:
        model = Item
        fields = []


class OpeningBalanceFilter(django_filters.FilterSet):
    """The search boxes under the Customer Opening Balance listing's headers."""

    customer = TextSearchFilter(_("Customer"), field_name="customer__name")
    code = TextSearchFilter(_("Code"), field_name="customer__code")
    branch = django_filters.ModelChoiceFilter(
        label=_("Branch"),
        queryset=Branch.objects.none(),
        widget=search_select(),
        empty_label=_("All"),
    )
    date = django_filters.DateFilter(
        label=_("Date"),
        widget=search_input(_("YYYY-MM-DD")),
    )
    reference = TextSearchFilter(_("Reference"))

    class Meta:
        model = OpeningBalance
        fields = []

    def __init__(self, data=None, *args, branch=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        if branch is not None:
            self.filters["branch"].queryset = Branch.objects.sharing_with(
                branch
            ).order_by("name")


class AppointmentFilter(django_filters.FilterSet):
    """The search boxes under the appointment day view's headers."""

    customer = TextSearchFilter(_("Customer"), field_name="customer__name")
    item = TextSearchFilter(_("Item"))
    staff_name = TextSearchFilter(_("Staff"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Appointment.Status.choices,
        widget=search_select(),
        empty_label=_("All"),
    )

    class Meta:
        model = Appointment
        fields = []
