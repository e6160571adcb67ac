"""One Customer List report as a request specifies it.

`CustomerListReport` reads the filter and parameter forms from the query
string, so a report URL can be bookmarked and shared, and builds the rows
every output uses from the current branch's visible customers.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Branch
from customers.models import Customer
from reports.columns import COLUMNS, select_columns
from reports.filters import CustomerReportFilter
from reports.forms import ReportParametersForm

# The largest report printed as a PDF. WeasyPrint's time and memory grow
# with the rows: bench/report_benchmark.py measured 1,000 rows of 10 columns
# at about 10 s of CPU and 200 MiB more memory, 5,000 rows at 58 s and
# 940 MiB, on a shared 2-core machine (docs/benchmarks.md). Larger reports
# are offered as XLSX.
PDF_MAX_ROWS = 1000
# Columns whose widths add up to more than this are printed on landscape A4.
PORTRAIT_WIDTH_UNITS = 11.0


class CustomerListReport:
    """The filters, parameters and rows of one report at one branch."""

    def __init__(self, request):
        self.branch = request.branch
        self.user = request.user
        data = request.GET
        # Only a request with a format generates; the bare URL shows the forms.
        self.requested = "format" in data
        bound = data if self.requested else None
        self.filterset = CustomerReportFilter(
            bound,
            queryset=Customer.objects.visible_at(self.branch),
            branch=self.branch,
        )
        self.parameters = ReportParametersForm(bound)
        self.generated_at = timezone.localtime()

    def is_valid(self) -> bool:
        filters_valid = self.filterset.is_valid()
        return self.parameters.is_valid() and filters_valid

    @property
    def format(self) -> str:
        return self.parameters.cleaned_data["format"]

    @property
    def columns(self):
        return self.parameters.chosen_columns

    @property
    def sort_key(self) -> str:
        return self.parameters.cleaned_data["sort"]

    def ordering(self) -> list[str]:
        key = self.sort_key
        descending = key.startswith("-")
        fields = COLUMNS[key.lstrip("-")].order_fields
        return [f"-{field}" if descending else field for field in fields]

    def customers(self):
        """Return the visible customers the filters select, unordered."""
        return self.filterset.qs

    def rows(self):
        """Return the report's rows as dicts, in the report's order."""
        return select_columns(self.customers(), self.columns).order_by(*self.ordering())

    def needs_landscape(self) -> bool:
        return sum(column.width for column in self.columns) > PORTRAIT_WIDTH_UNITS

    def branch_names(self) -> list[str]:
        chosen = self.filterset.form.cleaned_data.get("branch")
        branches = chosen or Branch.objects.sharing_with(self.branch).order_by("name")
        return [branch.name for branch in branches]

    def filter_summary(self) -> list[tuple[str, str]]:
        """Return (label, value) of each filter in use but the branch, for the
        PDF header."""
        form = self.filterset.form
        summary = []
        for name, field in form.fields.items():
            if name == "branch":
                continue
            value = form.cleaned_data.get(name)
            if not self.is_filled(value):
                continue
            summary.append((str(field.label), self.describe(field, value)))
        return summary

    @staticmethod
    def is_filled(value) -> bool:
        if value is None or value == "":
            return False
        if isinstance(value, str | datetime.date):
            return True
        return len(value) > 0

    @staticmethod
    def describe(field, value) -> str:
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if isinstance(value, str):
            return str(dict(field.choices).get(value, value))
        names = []
        for item in value:
            names.append(str(_("No group")) if item == "null" else str(item))
        return ", ".join(names)

    def file_name(self, extension: str) -> str:
        stamp = self.generated_at.strftime("%Y%m%d-%H%M")
        return f"customer-list-{self.branch.code}-{stamp}.{extension}"

    def header_context(self) -> dict:
        return {
            "company_name": settings.WESS_COMPANY_NAME,
            "branch_names": self.branch_names(),
            "filter_summary": self.filter_summary(),
            "generated_at": self.generated_at,
            "generated_by": self.user.get_full_name() or self.user.get_username(),
            "columns": self.columns,
            "sort_label": dict(self.parameters.fields["sort"].choices)[self.sort_key],
        }
