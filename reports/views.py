import logging

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from reports.columns import Kind
from reports.exports import csv_chunks, xlsx_file
from reports.forms import CSV, HTML, PDF, XLSX
from reports.pdf import render_pdf
from reports.report import PDF_MAX_ROWS, CustomerListReport
from reports.tables import CustomerReportTable
from wess.listing import configure_table
from wess.views import StaffMixin

logger = logging.getLogger(__name__)

EXPORT_PERMISSION = "reports.export_customer_report"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CustomerReportView(StaffMixin, View):
    """Report > Customer List: the forms, the preview, and the PDF, XLSX and
    CSV outputs, chosen by the `format` query parameter.

    Viewing needs reports.view_customer_report; PDF, XLSX and CSV also need
    reports.export_customer_report.
    """

    permission_required = "reports.view_customer_report"
    template_name = "reports/customer_report.html"

    def get(self, request):
        report = CustomerListReport(request)
        if not report.requested:
            return self.page(report)
        if not report.is_valid():
            return self.page(report, status=400)

        output = report.format
        if output != HTML and not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied(_("You do not have permission to export reports."))

        if output == PDF:
            return self.pdf(report)
        if output == XLSX:
            return self.xlsx(report)
        if output == CSV:
            return self.csv(report)
        return self.page(report, table=self.preview_table(report))

    def page(self, report, table=None, status=200, **extra):
        context = {
            "report": report,
            "filter": report.filterset,
            "parameters": report.parameters,
            "table": table,
            "pdf_max_rows": PDF_MAX_ROWS,
            "can_export": self.request.user.has_perm(EXPORT_PERMISSION),
            **extra,
        }
        return render(self.request, self.template_name, context, status=status)

    def preview_table(self, report):
        table = CustomerReportTable(report.rows(), report.columns)
        return configure_table(self.request, table)

    def pdf(self, report):
        count = report.customers().count()
        if count > PDF_MAX_ROWS:
            return self.page(
                report,
                table=self.preview_table(report),
                pdf_refused_count=count,
            )

        rows = list(report.rows())
        context = {
            **report.header_context(),
            "rows": [
                [column.display(row[column.field]) for column in report.columns]
                for row in rows
            ],
            "money_columns": {
                index
                for index, column in enumerate(report.columns)
                if column.kind is Kind.MONEY
            },
            "count": len(rows),
            "landscape": report.needs_landscape(),
        }
        content = render_pdf(context, self.request)
        self.log_export(report, PDF, len(rows))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            False, report.file_name("pdf")
        )
        return response

    def xlsx(self, report):
        file, count = xlsx_file(report.rows(), report.columns, _("Customers"))
        self.log_export(report, XLSX, count)
        return FileResponse(
            file,
            as_attachment=True,
            filename=report.file_name("xlsx"),
            content_type=XLSX_CONTENT_TYPE,
        )

    def csv(self, report):
        def done(count):
            self.log_export(report, CSV, count)

        response = StreamingHttpResponse(
            csv_chunks(report.rows(), report.columns, on_done=done),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = content_disposition_header(
            True, report.file_name("csv")
        )
        return response

    def log_export(self, report, output, count):
        logger.info(
            "Customer list report as %s: %d rows for user %s at branch %s",
            output,
            count,
            self.request.user.pk,
            report.branch.pk,
        )
