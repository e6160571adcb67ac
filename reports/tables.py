import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from reports.columns import Kind, ReportColumn


class ReportCell(tables.Column):
    """A preview column showing values as the PDF does."""

    def __init__(self, column: ReportColumn):
        self.report_column = column
        attrs = {}
        if column.kind is Kind.MONEY:
            attrs = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}
        super().__init__(
            accessor=column.field,
            verbose_name=column.label,
            order_by=column.order_fields,
            default="",
            attrs=attrs,
        )

    def render(self, value):
        return self.report_column.display(value)


class CustomerReportTable(tables.Table):
    """The HTML preview of the Customer List report, one page at a time.

    The columns are the report's chosen columns, in the chosen order; their
    names are the column keys, so header sorting uses the `sort` parameter.
    """

    class Meta:
        order_by_field = "sort"
        page_field = "page"
        per_page_field = "per_page"
        attrs = {"class": "table table-sm table-striped align-middle report-table"}
        empty_text = _("No customers match the filters.")

    def __init__(self, rows, columns: list[ReportColumn]):
        super().__init__(
            rows,
            extra_columns=[(column.key, ReportCell(column)) for column in columns],
            sequence=[column.key for column in columns],
        )
