"""Excel workbooks (.xlsx) read row by row, without loading whole sheets.

openpyxl's read-only worksheets keep memory flat, but they drop what the
importer must report: hidden rows, merged cells and which cells hold
formulas. Its sheet parser reads all three, so `SheetParser` extends it.
The parser is internal to openpyxl; requirements.txt pins the version, and
the import tests fail if a new version changes it.
"""

import logging
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import MAC_EPOCH
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

from customers.importer.problems import Problem, ProblemKind
from customers.importer.reading import MAX_COLUMNS, ImportFileError, RawRow

logger = logging.getLogger(__name__)

# A zip bomb unpacks to far more than this; real 10 MB workbooks stay below.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
# Sheets formatted down to row 1,048,576 contain many blank rows. Reading
# stops after this many consecutive blank rows instead of scanning to the end.
MAX_BLANK_RUN = 10_000


class SheetParser(WorkSheetParser):
    """openpyxl's worksheet parser, also marking cells that hold a formula.

    With `data_only`, a formula cell's value is the result Excel saved, or
    None when the file was written by a program that never calculated it.
    Such programs (openpyxl among them) write an empty numeric result,
    which Excel never does: its empty results are typed as strings.
    """

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        cell["formula"] = element.find(FORMULA_TAG) is not None
        result = element.find(VALUE_TAG)
        cell["has_result"] = result is not None and (
            bool(result.text) or element.get("t") == "str"
        )
        return cell


def not_a_workbook() -> ImportFileError:
    return ImportFileError(
        _(
            "This file could not be read as an Excel workbook. Open it in Excel "
            "and save it again as Excel Workbook (.xlsx)."
        )
    )


def check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_a_workbook() from None
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or not any(
        name.startswith("xl/") for name in names
    ):
        raise not_a_workbook()
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _(
                "This workbook unpacks to more than %(limit)d MB. Save only the "
                "customer sheet, or save it as CSV, and upload that."
            )
            % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


@contextmanager
def open_workbook(path: Path) -> Iterator["Workbook"]:
    """Open a workbook for reading; raise ImportFileError if it is not one."""
    check_archive(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as error:
        # openpyxl raises many kinds of error on damaged files (KeyError,
        # ValueError, XML parse errors); each one means the same to the user.
        logger.info("Workbook %s could not be opened: %r", path.name, error)
        raise not_a_workbook() from None
    try:
        yield Workbook(book)
    finally:
        book.close()


class Workbook:
    """An open workbook: its visible worksheets and date system."""

    def __init__(self, book):
        self.book = book
        self.sheets = [
            sheet.title for sheet in book.worksheets if sheet.sheet_state == "visible"
        ]
        if not self.sheets:
            raise ImportFileError(_("This workbook has no visible worksheet."))
        self.epoch_1904 = book.epoch == MAC_EPOCH

    def sheet(self, title: str | None = None) -> "Sheet":
        """Return the sheet named `title`, or the first visible one."""
        title = title or self.sheets[0]
        if title not in self.sheets:
            raise ImportFileError(
                _("The workbook has no sheet named %(sheet)s.") % {"sheet": title}
            )
        return Sheet(self.book, self.book[title])


class Sheet:
    """One worksheet, read as `RawRow`s by `raw_rows()`."""

    def __init__(self, book, worksheet):
        self.book = book
        self.worksheet = worksheet
        self.title = worksheet.title
        max_row = worksheet.max_row
        # Some programs write a dimension of A1 for any sheet.
        self.estimated_rows = max_row if max_row and max_row > 1 else None
        self.notes: list[str] = []
        self.parser = None
        self.last_row = 0

    @property
    def hidden_columns(self) -> set[int]:
        if self.parser is None:
            return set()
        hidden = set()
        for attributes in self.parser.column_dimensions.values():
            if attributes.get("hidden") not in ("1", "true"):
                continue
            first = int(attributes.get("min", 0))
            last = int(attributes.get("max", first))
            hidden.update(range(first - 1, min(last, MAX_COLUMNS)))
        return hidden

    def raw_rows(self) -> Iterator[RawRow]:
        source = self.worksheet._get_source()
        self.parser = SheetParser(
            source,
            self.worksheet._shared_strings,
            data_only=True,
            epoch=self.book.epoch,
            date_formats=self.book._date_formats,
            timedelta_formats=self.book._timedelta_formats,
        )
        try:
            yield from self._rows(self.parser)
        except ImportFileError:
            raise
        except Exception as error:
            # A damaged sheet fails inside openpyxl with many kinds of error.
            logger.info(
                "Sheet %s failed after row %s: %r", self.title, self.last_row, error
            )
            raise ImportFileError(
                _(
                    "The sheet %(sheet)s could not be read after row %(row)d. Open "
                    "the file in Excel and save it again."
                )
                % {"sheet": self.title, "row": self.last_row}
            ) from None
        finally:
            source.close()

    def _rows(self, parser) -> Iterator[RawRow]:
        formulas = 0
        blank_run = 0
        for number, parsed_cells in parser.parse():
            self.last_row = number
            values = {}
            problems = []
            for cell in parsed_cells:
                column = cell["column"]
                value = cell["value"]
                coordinate = f"{get_column_letter(column)}{number}"
                if cell["formula"]:
                    if cell["has_result"]:
                        formulas += 1
                    else:
                        problems.append(formula_problem(coordinate, column))
                if cell["data_type"] == "e" and value is not None:
                    problems.append(error_problem(coordinate, column, value))
                    value = None
                if value is not None:
                    values[column] = value
            if not values and not problems:
                blank_run += 1
                if blank_run > MAX_BLANK_RUN:
                    self.notes.append(
                        _(
                            "Reading stopped at row %(row)d after %(count)s blank "
                            "rows; rows further down were not read."
                        )
                        % {"row": number, "count": f"{MAX_BLANK_RUN:,}"}
                    )
                    break
                continue
            blank_run = 0
            attributes = parser.row_dimensions.get(str(number), {})
            if attributes.get("hidden") in ("1", "true"):
                problems.append(
                    Problem(
                        ProblemKind.HIDDEN_ROW,
                        _(
                            "Row %(row)d is hidden in the sheet. Unhide it to "
                            "import it, or delete it."
                        )
                        % {"row": number},
                    )
                )
            width = max(values) if values else 0
            cells = [values.get(column) for column in range(1, width + 1)]
            yield RawRow(number, cells, problems)
        if formulas:
            self.notes.append(
                _(
                    "%(count)s cells contain formulas; the results Excel saved "
                    "with the file are imported."
                )
                % {"count": f"{formulas:,}"}
            )

    def merged_cell_problems(self, header_row: int) -> dict[int, list[Problem]]:
        """Return a problem for each data row inside merged cells, by row number.

        Merged cells above the header (a title) are ignored. Raises
        ImportFileError when the header row itself has merged cells.
        """
        merged = getattr(self.parser, "merged_cells", None)
        problems: dict[int, list[Problem]] = {}
        if merged is None:
            return problems
        for merged_range in merged.mergeCell:
            first_column, first_row, last_column, last_row = range_boundaries(
                merged_range.ref
            )
            if last_row < header_row:
                continue
            if first_row <= header_row:
                raise ImportFileError(
                    _(
                        "The header row has merged cells (%(range)s). Unmerge them "
                        "so that each column has its own header."
                    )
                    % {"range": merged_range.ref}
                )
            columns = tuple(range(first_column - 1, last_column))
            message = _(
                "Cells %(range)s are merged. Unmerge them and fill in this row's value."
            ) % {"range": merged_range.ref}
            for number in range(first_row, min(last_row, self.last_row) + 1):
                problems.setdefault(number, []).append(
                    Problem(ProblemKind.MERGED_CELLS, message, columns=columns)
                )
        return problems


def formula_problem(coordinate: str, column: int) -> Problem:
    return Problem(
        ProblemKind.FORMULA,
        _(
            "Cell %(cell)s contains a formula whose result was not saved. Open the "
            "file in Excel and save it, or paste the values over the formulas."
        )
        % {"cell": coordinate},
        columns=(column - 1,),
    )


def error_problem(coordinate: str, column: int, value) -> Problem:
    return Problem(
        ProblemKind.CELL_ERROR,
        _("Cell %(cell)s contains the Excel error %(error)s.")
        % {"cell": coordinate, "error": value},
        columns=(column - 1,),
    )
