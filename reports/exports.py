"""XLSX and CSV files of the Customer List report, written row by row.

Rows come from the database in chunks through `QuerySet.iterator`, and
openpyxl's write-only mode sends each row to a temporary file as it is
appended, so memory stays flat however many rows there are.
"""

import csv
import datetime
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter

from reports.cells import safe_text
from reports.columns import Kind, ReportColumn

CHUNK_SIZE = 2000
CSV_ROWS_PER_CHUNK = 500

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TEXT_FORMAT = "@"
# An XLSX column's width in characters for one unit of ReportColumn.width.
CHARACTERS_PER_WIDTH_UNIT = 9
BOM = "\ufeff"


def money_format() -> str:
    """Return the XLSX number format of money: the currency code, then the amount
    with two decimals, as the screen shows it (`SGD 1,234.50`, `SGD -2.00`)."""
    currency = settings.WESS_CURRENCY.replace('"', "")
    return f'"{currency}" #,##0.00;"{currency}" -#,##0.00'


def local_naive(value: datetime.datetime) -> datetime.datetime:
    """Convert to the configured time zone and drop tzinfo, because XLSX
    cells have no time zone and openpyxl rejects aware datetimes."""
    return timezone.localtime(value).replace(tzinfo=None)


def iterate_rows(rows) -> Iterator[dict]:
    return rows.iterator(chunk_size=CHUNK_SIZE)


# XLSX ---------------------------------------------------------------------


def xlsx_cell(sheet, column: ReportColumn, value, money_style: str):
    """Return an XLSX cell typed by the column's kind, or None for no value."""
    if value is None or value == "":
        return None
    kind = column.kind
    if kind is Kind.DATE:
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_FORMAT
        return cell
    if kind is Kind.DATETIME:
        cell = WriteOnlyCell(sheet, local_naive(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if kind is Kind.MONEY:
        cell = WriteOnlyCell(sheet, Decimal(value))
        cell.number_format = money_style
        return cell
    return xlsx_text(sheet, column.display(value), kind is Kind.IDENTIFIER)


def xlsx_text(sheet, value, identifier=False):
    """Return a string value or cell that no spreadsheet evaluates.

    openpyxl turns a string starting with `=` into a formula and one such as
    `#N/A` into an error value, so those become cells with the type set back
    to string. Formula-like text also gets the quote prefix, the stored form
    of Excel's leading apostrophe, so editing the cell keeps it text.
    Identifiers get the Text number format. Any other text is returned as a
    plain string, which openpyxl writes as a string cell at less cost.
    """
    safe = safe_text(value)
    if not (safe.formula_like or identifier or safe.text in ERROR_CODES):
        return safe.text
    cell = WriteOnlyCell(sheet, safe.text)
    cell.data_type = "s"
    if safe.formula_like:
        cell.quotePrefix = True
    if identifier:
        cell.number_format = TEXT_FORMAT
    return cell


def write_xlsx(rows, columns: list[ReportColumn], file, sheet_title: str) -> int:
    """Write the rows to `file` as an XLSX workbook; return the row count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=safe_text(sheet_title).text[:31])
    # Column widths and the frozen pane must be set before the first row.
    for index, column in enumerate(columns, start=1):
        width = max(
            column.width * CHARACTERS_PER_WIDTH_UNIT, len(str(column.label)) + 2
        )
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, safe_text(column.label).text)
        cell.data_type = "s"
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    money_style = money_format()
    count = 0
    for row in iterate_rows(rows):
        sheet.append([xlsx_cell(sheet, c, row[c.field], money_style) for c in columns])
        count += 1

    last = f"{get_column_letter(len(columns))}{count + 1}"
    sheet.auto_filter = AutoFilter(ref=f"A1:{last}")
    workbook.save(file)
    return count


def xlsx_file(rows, columns, sheet_title):
    """Write the workbook to a temporary file; return it rewound and the count.

    The file is deleted when closed, which the streaming response does after
    sending it.
    """
    # NOTE: the request lasts until the whole workbook is written: 17 to 24 s
    # of CPU for 100,000 rows in the benchmark, more wall time on a busy
    # server, so gunicorn's default 30-second timeout can end it. Until
    # exports run as background jobs, serve large branches with --timeout 120.
    file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response)
    count = write_xlsx(rows, columns, file, sheet_title)
    file.seek(0)
    return file, count


# CSV ----------------------------------------------------------------------


class LineBuffer:
    """A write-only file that returns what is written, for csv.writer."""

    def write(self, text):
        return text


def csv_value(column: ReportColumn, value) -> str:
    if value is None or value == "":
        return ""
    kind = column.kind
    if kind is Kind.DATE:
        return value.isoformat()
    if kind is Kind.DATETIME:
        return local_naive(value).strftime("%Y-%m-%d %H:%M")
    if kind is Kind.MONEY:
        return f"{Decimal(value):.2f}"
    return safe_text(column.display(value)).csv_value


def csv_chunks(rows, columns: list[ReportColumn], on_done=None) -> Iterable[str]:
    """Yield the CSV text in chunks of rows: a BOM, the header, then the rows.

    Fields are quoted as RFC 4180 specifies (when they contain a comma, a quote or
    a line break, with quotes doubled), and lines end with CRLF. `on_done` is
    called with the row count once the last row is out.
    """
    writer = csv.writer(LineBuffer(), lineterminator="\r\n")
    yield BOM + writer.writerow(
        [safe_text(column.label).csv_value for column in columns]
    )

    lines = []
    count = 0
    for row in iterate_rows(rows):
        lines.append(writer.writerow([csv_value(c, row[c.field]) for c in columns]))
        count += 1
        if len(lines) >= CSV_ROWS_PER_CHUNK:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)
    if on_done is not None:
        on_done(count)
