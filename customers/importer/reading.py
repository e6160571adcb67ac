"""Reading customer files: an upload's type, encoding and rows.

`inspect_file` decides whether an uploaded file can be imported at all and
how to read it. `read_head` returns the header and a few sample rows for
the mapping screen, and `TableReader` streams every data row. CSV and XLSX
files share the rules for finding the header: the first row with at least
two values (so a title line above it is skipped), or the first non-empty
row when no row has two.
"""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from customers.importer.cells import cell_text, is_blank
from customers.importer.problems import Problem, ProblemKind

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILE_MEGABYTES = MAX_FILE_BYTES // (1024 * 1024)
MAX_ROWS = 100_000
MAX_COLUMNS = 200
# Rows searched for a header with at least two values.
HEADER_SEARCH_ROWS = 20
# Rows read to choose the delimiter of a CSV file.
DELIMITER_SAMPLE_ROWS = 50
CSV_DELIMITERS = (",", ";", "\t")
CSV_EXTENSIONS = (".csv", ".tsv", ".txt")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
# Excel 97-2003 (.xls) files are OLE2 compound documents.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileKind(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}
DELIMITER_LABELS = {",": "comma", ";": "semicolon", "\t": "tab"}


class ImportFileError(Exception):
    """A file that cannot be imported, with a message saying what to fix."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


@dataclass
class FileInfo:
    """How to read an uploaded file, found by `inspect_file`."""

    kind: str
    encoding: str = ""
    delimiter: str = ""
    sheets: list[str] = field(default_factory=list)
    rows: int | None = None

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheets": self.sheets,
            "rows": self.rows,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "FileInfo":
        return cls(**data)

    @property
    def encoding_label(self) -> str:
        return ENCODING_LABELS.get(self.encoding, self.encoding)

    @property
    def delimiter_label(self) -> str:
        return DELIMITER_LABELS.get(self.delimiter, self.delimiter)


@dataclass
class RawRow:
    """A row as it is in the file, with the problems found while reading it."""

    number: int
    cells: list
    problems: list[Problem] = field(default_factory=list)


@dataclass
class TableHead:
    """The header of a sheet or CSV file and its first data rows."""

    header_row: int
    headers: list[str]
    samples: list[list]
    hidden_columns: set[int] = field(default_factory=set)

    @property
    def labels(self) -> list[str]:
        return [column_label(index, name) for index, name in enumerate(self.headers)]


def column_label(index: int, header: str) -> str:
    """Return `C (Email)`, or `C` for a column without a header."""
    letter = get_column_letter(index + 1)
    return f"{letter} ({header})" if header else letter


def too_large_message(size: int | None = None) -> str:
    """Return the error for a file over MAX_FILE_BYTES, with its size if known."""
    if size is None:
        return _(
            "The file is larger than the maximum of %(limit)d MB. Split it into "
            "smaller files and import them one after another."
        ) % {"limit": MAX_FILE_MEGABYTES}
    return _(
        "The file is %(size).1f MB; the maximum is %(limit)d MB. Split it into "
        "smaller files and import them one after another."
    ) % {"size": size / (1024 * 1024), "limit": MAX_FILE_MEGABYTES}


def inspect_file(path: Path, filename: str) -> FileInfo:
    """Return how to read the file at `path`, uploaded as `filename`.

    Raises ImportFileError for a file of the wrong type, too large, empty,
    not decodable, or without customer rows.
    """
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError(
            _(
                "The file is empty. Upload a file with a header row "
                "and at least one customer row."
            )
        )
    if size > MAX_FILE_BYTES:
        raise ImportFileError(too_large_message(size))

    extension = Path(filename).suffix.lower()
    with open(path, "rb") as source:
        start = source.read(len(OLE2_MAGIC))
    if extension == ".xls" or start.startswith(OLE2_MAGIC):
        # Password-protected .xlsx files are OLE2 containers as well.
        raise ImportFileError(
            _(
                "This is an Excel 97-2003 workbook (.xls) or a password-protected "
                "workbook, which cannot be read. Open it in Excel, remove any "
                "password and save it as Excel Workbook (.xlsx) or CSV."
            )
        )
    if extension in XLSX_EXTENSIONS:
        return inspect_workbook(path, looks_zipped=start.startswith(ZIP_MAGIC))
    if extension in CSV_EXTENSIONS:
        if start.startswith(ZIP_MAGIC):
            raise ImportFileError(
                _(
                    "This file is named %(extension)s but is a zip archive, such as "
                    "an Excel workbook. Rename an Excel workbook to .xlsx, or save "
                    "it as CSV from Excel."
                )
                % {"extension": extension}
            )
        return inspect_csv(path)
    raise ImportFileError(
        _(
            "Files of type %(extension)s cannot be imported. Upload an Excel "
            "workbook (.xlsx) or a CSV file (.csv)."
        )
        % {"extension": extension or _("(no extension)")}
    )


def inspect_workbook(path: Path, *, looks_zipped: bool) -> FileInfo:
    from customers.importer.workbook import open_workbook

    if not looks_zipped:
        try:
            decode_text(path.read_bytes())
        except ImportFileError:
            pass
        else:
            raise ImportFileError(
                _(
                    "This file is named .xlsx but contains plain text, like a CSV "
                    "file. Rename it to .csv and upload it again, or save it as "
                    "Excel Workbook (.xlsx) from Excel."
                )
            )
        raise ImportFileError(
            _(
                "This file is named .xlsx but is not an Excel workbook. Open it in "
                "Excel and save it as Excel Workbook (.xlsx)."
            )
        )
    with open_workbook(path) as workbook:
        return FileInfo(FileKind.XLSX, sheets=workbook.sheets)


def inspect_csv(path: Path) -> FileInfo:
    text, encoding = decode_text(path.read_bytes())
    if not text.strip():
        raise ImportFileError(
            _(
                "The file is empty. Upload a file with a header row "
                "and at least one customer row."
            )
        )
    delimiter = detect_delimiter(text)
    info = FileInfo(FileKind.CSV, encoding=encoding, delimiter=delimiter)
    reader = TableReader(path, info)
    info.rows = sum(1 for _row in reader.rows())
    if info.rows == 0:
        raise ImportFileError(_("The file has a header row but no customer rows."))
    return info


def decode_text(data: bytes) -> tuple[str, str]:
    """Return the text of a CSV file and the encoding it was written in.

    A byte order mark decides; without one, UTF-8 is tried first and
    Windows-1252 (what Excel on Windows writes for "CSV") second.
    """
    if data.startswith(codecs.BOM_UTF8):
        return decode_as(data[len(codecs.BOM_UTF8) :], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_as(data, "utf-16"), "utf-16"
    if b"\x00" in data:
        raise ImportFileError(
            _(
                "This file contains binary data, not text. Upload a CSV file "
                "saved as text, or an Excel workbook (.xlsx)."
            )
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "The file is neither UTF-8 nor Windows-1252 text. In Excel, save "
                "it as CSV UTF-8 (Comma delimited) and upload it again."
            )
        ) from None


def decode_as(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "The file starts with a %(encoding)s byte order mark but is not "
                "valid %(encoding)s text. Save it again as CSV UTF-8."
            )
            % {"encoding": ENCODING_LABELS[encoding]}
        ) from None
    if "\x00" in text:
        raise ImportFileError(
            _("This file contains binary data, not text. Upload a CSV file.")
        )
    return text.removeprefix("\ufeff")


def detect_delimiter(text: str) -> str:
    """Return the delimiter (comma, semicolon or tab) that splits `text` best.

    Each candidate splits the first rows; the winner splits most of them into
    the same number of columns, and into the most columns. A file with one
    column is read as comma-separated.
    """
    sample = text[: 64 * 1024]
    best = (False, 1, 0.0)
    chosen = ","
    for delimiter in CSV_DELIMITERS:
        counts = []
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    counts.append(len(cells))
                if len(counts) >= DELIMITER_SAMPLE_ROWS:
                    break
        except csv.Error:
            continue
        if not counts:
            continue
        usual = max(set(counts), key=counts.count)
        share = counts.count(usual) / len(counts)
        score = (share >= 0.9, usual, share)
        if usual > 1 and score > best:
            best = score
            chosen = delimiter
    return chosen


def csv_raw_rows(text: str, delimiter: str) -> Iterator[RawRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for cells in reader:
            number += 1
            yield RawRow(number, cells)
    except csv.Error as error:
        raise ImportFileError(
            _("Row %(row)d could not be read as CSV: %(error)s.")
            % {"row": number + 1, "error": error}
        ) from None


class TableReader:
    """The header and data rows of a CSV file or one sheet of a workbook.

    `rows()` yields each data row once, with blank rows left out. Some
    problems appear only at the end of a file (merged cells in XLSX), so
    after `rows()` finishes, `late_problems` contains them by row number.
    `notes` contains remarks about the whole file.
    """

    def __init__(self, path: Path, info: FileInfo, sheet: str | None = None):
        self.path = path
        self.info = info
        self.sheet = sheet
        self.header_row = 0
        self.headers: list[str] = []
        self.estimated_rows: int | None = info.rows
        self.epoch_1904 = False
        self.late_problems: dict[int, list[Problem]] = {}
        self.notes: list[str] = []
        self._sheet = None

    @property
    def hidden_columns(self) -> set[int]:
        """Indexes of the columns hidden in the sheet, known once reading starts."""
        return self._sheet.hidden_columns if self._sheet is not None else set()

    def rows(self) -> Iterator[RawRow]:
        if self.info.kind == FileKind.XLSX:
            yield from self._workbook_rows()
        else:
            text, _encoding = decode_text(self.path.read_bytes())
            yield from self._data_rows(csv_raw_rows(text, self.info.delimiter))

    def _workbook_rows(self) -> Iterator[RawRow]:
        from customers.importer.workbook import open_workbook

        with open_workbook(self.path) as workbook:
            sheet = workbook.sheet(self.sheet)
            self._sheet = sheet
            self.sheet = sheet.title
            self.epoch_1904 = workbook.epoch_1904
            self.estimated_rows = sheet.estimated_rows
            yield from self._data_rows(sheet.raw_rows())
            self.notes.extend(sheet.notes)
            self.late_problems = sheet.merged_cell_problems(self.header_row)

    def _data_rows(self, raw_rows: Iterator[RawRow]) -> Iterator[RawRow]:
        waiting = []
        header = None
        count = 0
        for row in raw_rows:
            if all(is_blank(cell) for cell in row.cells):
                continue
            if header is None:
                waiting.append(row)
                header = self._pick_header(waiting)
                if header is None:
                    continue
                rows = waiting[waiting.index(header) + 1 :]
                waiting = []
            else:
                rows = [row]
            for data_row in rows:
                count += 1
                if count > MAX_ROWS:
                    raise ImportFileError(
                        _(
                            "The file has more than %(limit)s customer rows. Split "
                            "it into files of at most %(limit)s rows."
                        )
                        % {"limit": f"{MAX_ROWS:,}"}
                    )
                yield self._fit_to_header(data_row)
        if header is None and waiting:
            header = self._set_header(waiting[0])
            for data_row in waiting[1:]:
                yield self._fit_to_header(data_row)
        if header is None:
            raise ImportFileError(self._empty_message())

    def _pick_header(self, waiting: list[RawRow]) -> RawRow | None:
        row = waiting[-1]
        if sum(1 for cell in row.cells if not is_blank(cell)) >= 2:
            return self._set_header(row)
        if len(waiting) >= HEADER_SEARCH_ROWS:
            return self._set_header(waiting[0])
        return None

    def _set_header(self, row: RawRow) -> RawRow:
        width = max(
            index + 1 for index, cell in enumerate(row.cells) if not is_blank(cell)
        )
        if width > MAX_COLUMNS:
            raise ImportFileError(
                _("The header row has more than %(limit)d columns.")
                % {"limit": MAX_COLUMNS}
            )
        self.header_row = row.number
        self.headers = [cell_text(cell) for cell in row.cells[:width]]
        return row

    def _fit_to_header(self, row: RawRow) -> RawRow:
        width = len(self.headers)
        extra = [cell for cell in row.cells[width:] if not is_blank(cell)]
        if extra:
            row.problems.append(
                Problem(
                    ProblemKind.EXTRA_VALUES,
                    _(
                        "This row has values in %(count)d more columns than the "
                        "header row names. A value may contain an unquoted "
                        "delimiter, or a column lacks its header."
                    )
                    % {"count": len(extra)},
                )
            )
        cells = list(row.cells[:width])
        cells.extend([None] * (width - len(cells)))
        row.cells = cells
        return row

    def _empty_message(self) -> str:
        if self.info.kind == FileKind.XLSX:
            return _("The sheet %(sheet)s is empty.") % {"sheet": self.sheet}
        return _("The file is empty.")


def read_head(path: Path, info: FileInfo, sheet: str | None = None, samples: int = 3):
    """Return the header and the first `samples` data rows.

    Raises ImportFileError when the sheet is empty or has no data rows.
    """
    reader = TableReader(path, info, sheet)
    rows = []
    iterator = reader.rows()
    for row in iterator:
        rows.append(row.cells)
        if len(rows) >= samples:
            break
    iterator.close()
    if not rows:
        if info.kind == FileKind.XLSX:
            raise ImportFileError(
                _("The sheet %(sheet)s has a header row but no customer rows.")
                % {"sheet": reader.sheet}
            )
        raise ImportFileError(_("The file has a header row but no customer rows."))
    return TableHead(reader.header_row, reader.headers, rows, reader.hidden_columns)
