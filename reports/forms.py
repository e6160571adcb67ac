"""The parameters of the Customer List report: columns, sort order, format."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.columns import COLUMNS, DEFAULT_COLUMNS

HTML, PDF, XLSX, CSV = "html", "pdf", "xlsx", "csv"
FORMATS = [
    (HTML, _("Preview")),
    (PDF, _("PDF")),
    (XLSX, _("Excel (XLSX)")),
    (CSV, _("CSV")),
]
DEFAULT_SORT = "name"


class OrderedCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes listing the chosen values first, in the order chosen.

    The browser submits ticked boxes in page order, so rendering the chosen
    columns first keeps their order when the form is submitted again.
    """

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        chosen = [str(item) for item in value]

        def position(group):
            option_value = str(group[1][0]["value"])
            if option_value in chosen:
                return (0, chosen.index(option_value))
            return (1, group[2])

        return sorted(groups, key=position)


class ColumnsField(forms.MultipleChoiceField):
    """Column keys in the order submitted, without repeats."""

    def clean(self, value):
        keys = super().clean(value)
        return list(dict.fromkeys(keys))


def sort_choices():
    choices = []
    for column in COLUMNS.values():
        choices.append((column.key, _("%(column)s, A to Z") % {"column": column.label}))
        choices.append(
            (f"-{column.key}", _("%(column)s, Z to A") % {"column": column.label})
        )
    return choices


class ReportParametersForm(forms.Form):
    """Which columns the report shows and in which order, how rows are sorted
    and which format Generate, Print or Export returns."""

    columns = ColumnsField(
        label=_("Columns"),
        choices=[(column.key, column.label) for column in COLUMNS.values()],
        required=False,
        widget=OrderedCheckboxSelectMultiple,
        help_text=_(
            "Ticked columns appear in the order listed; move them with the "
            "arrows. None ticked shows the default columns."
        ),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=sort_choices,
        required=False,
        help_text=_("Ties are sorted by name."),
    )
    format = forms.ChoiceField(choices=FORMATS, required=False)

    def __init__(self, data=None, **kwargs):
        # Missing columns and sort mean the defaults; putting them in the data
        # makes the form show what the report uses.
        if data is not None:
            data = data.copy()
            if not data.getlist("columns"):
                data.setlist("columns", DEFAULT_COLUMNS)
            if not data.get("sort"):
                data["sort"] = DEFAULT_SORT
        super().__init__(data, **kwargs)
        self.initial.setdefault("columns", list(DEFAULT_COLUMNS))
        self.initial.setdefault("sort", DEFAULT_SORT)
        self.fields["sort"].widget.attrs["class"] = "form-select"

    def clean_columns(self):
        return self.cleaned_data["columns"] or list(DEFAULT_COLUMNS)

    def clean_sort(self):
        return self.cleaned_data["sort"] or DEFAULT_SORT

    def clean_format(self):
        return self.cleaned_data["format"] or HTML

    @property
    def chosen_columns(self):
        return [COLUMNS[key] for key in self.cleaned_data["columns"]]
