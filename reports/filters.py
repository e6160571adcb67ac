"""The filters of the Customer List report: which customers it lists."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from branches.models import Branch
from customers.forms import DateInput
from customers.models import Customer, CustomerGroup, Enrolment, Programme
from reports.columns import has_balances
from sales.balances import annotate_balances
from wess.filters import IdMultipleChoiceFilter

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ReportFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def clean(self):
        cleaned = super().clean()
        joined_from = cleaned.get("joined_from")
        joined_to = cleaned.get("joined_to")
        if joined_from and joined_to and joined_from > joined_to:
            self.add_error(
                "joined_to",
                _("The end date must be on or after the start date (%(start)s).")
                % {"start": joined_from.isoformat()},
            )
        return cleaned


class CustomerReportFilter(django_filters.FilterSet):
    """Which customers the report lists, within the current branch's visibility.

    Empty filters do not narrow the list; filled ones combine with AND.
    """

    branch = IdMultipleChoiceFilter(
        field_name="home_branch",
        label=_("Branch"),
        queryset=Branch.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked lists every branch this branch can see."),
    )
    group = IdMultipleChoiceFilter(
        label=_("Group"),
        queryset=CustomerGroup.objects.all(),
        null_label=_("No group"),
        widget=forms.CheckboxSelectMultiple,
    )
    published = django_filters.ChoiceFilter(
        label=_("Published"),
        choices=YES_NO,
        method="filter_published",
        empty_label=_("All"),
    )
    gender = django_filters.ChoiceFilter(
        label=_("Gender"),
        choices=Customer.Gender.choices,
        empty_label=_("All"),
    )
    joined_from = django_filters.DateFilter(
        field_name="join_date",
        lookup_expr="gte",
        label=_("Joined from"),
        widget=DateInput(),
    )
    joined_to = django_filters.DateFilter(
        field_name="join_date",
        lookup_expr="lte",
        label=_("Joined to"),
        widget=DateInput(),
    )
    birthday_month = django_filters.ChoiceFilter(
        label=_("Birthday month"),
        choices=[(str(number), name) for number, name in sorted(MONTHS.items())],
        method="filter_birthday_month",
        empty_label=_("All"),
    )
    programme = IdMultipleChoiceFilter(
        label=_("Programme"),
        queryset=Programme.objects.all(),
        method="filter_programme",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Customers enrolled in any of the ticked programmes."),
    )
    has_due_balance = django_filters.ChoiceFilter(
        label=_("Has due balance"),
        choices=YES_NO,
        method="filter_balance",
        empty_label=_("All"),
    )
    has_prepaid_balance = django_filters.ChoiceFilter(
        label=_("Has prepaid balance"),
        choices=YES_NO,
        method="filter_balance",
        empty_label=_("All"),
    )

    class Meta:
        model = Customer
        fields = []
        form = ReportFilterForm

    def __init__(self, data=None, *args, branch=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        visible = Branch.objects.none()
        if branch is not None:
            visible = Branch.objects.sharing_with(branch).order_by("name")
        self.filters["branch"].queryset = visible

    def filter_published(self, queryset, name, value):
        return queryset.filter(is_published=(value == "yes"))

    def filter_birthday_month(self, queryset, name, value):
        return queryset.filter(date_of_birth__month=int(value))

    def filter_programme(self, queryset, name, value):
        if not value:
            return queryset
        enrolments = Enrolment.objects.filter(
            customer=OuterRef("pk"), programme__in=value
        )
        return queryset.filter(Exists(enrolments))

    def filter_balance(self, queryset, name, value):
        if not has_balances(queryset):
            queryset = annotate_balances(queryset)
        balance = "due_balance" if name == "has_due_balance" else "prepaid_balance"
        if value == "yes":
            return queryset.filter(**{f"{balance}__gt": 0})
        return queryset.filter(**{f"{balance}__lte": 0})
