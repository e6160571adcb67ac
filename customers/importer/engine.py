"""The import's steps, shared by the web screens and `manage.py import_customers`.

1. `prepare`: check the uploaded file and record how to read it.
2. `dry_run`: read every row into the import's row store and check it,
   writing nothing to the customers.
3. `run_import`: check the rows against the database again, because it may
   have changed since the dry run. Then create the accepted rows in one
   transaction and write the rejected ones to an XLSX file.

Each step reports progress as (phase, rows done, rows in total) through an
optional callback. The web views write it to a file that the page polls.
"""

import logging
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from customers.importer.cells import encode_cell
from customers.importer.mapping import ImportMode, ImportOptions, check_mapping
from customers.importer.problems import ProblemKind, RowStatus
from customers.importer.reading import (
    FileInfo,
    ImportFileError,
    TableReader,
    inspect_file,
)
from customers.importer.store import ImportStore
from customers.importer.validation import check_rows
from customers.importer.writing import write_customers, write_rejected_workbook

logger = logging.getLogger(__name__)

LOAD_BATCH_SIZE = 2000


class Phase(models.TextChoices):
    READING = "reading", gettext_lazy("Reading the file")
    CHECKING = "checking", gettext_lazy("Checking rows")
    IMPORTING = "importing", gettext_lazy("Importing customers")
    DONE = "done", gettext_lazy("Done")


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", gettext_lazy("Uploaded")
    CHECKED = "checked", gettext_lazy("Dry run done")
    IMPORTED = "imported", gettext_lazy("Imported")


Progress = Callable[[str, int, int | None], None]


def no_progress(phase, done, total):
    return None


@dataclass
class ImportSummary:
    """The counts shown after a dry run or an import, on screen and by the command."""

    rows: int = 0
    ready: int = 0
    duplicates: int = 0
    invalid: int = 0
    by_problem: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    imported: bool = False
    created: int = 0
    rejected: int = 0
    problem_rows: int = 0
    mode: str = ImportMode.SKIP_INVALID
    blocked: bool = False

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportSummary":
        return cls(**data)

    def problem_lines(self) -> list[str]:
        labels = dict(ProblemKind.choices)
        return [
            _("%(problem)s: %(count)s")
            % {"problem": labels.get(kind, kind), "count": f"{count:,}"}
            for kind, count in sorted(
                self.by_problem.items(), key=lambda item: -item[1]
            )
        ]

    def lines(self) -> list[str]:
        """Return the summary as lines of text."""
        lines = [_("Rows in the file: %(count)s") % {"count": f"{self.rows:,}"}]
        if self.imported:
            lines.append(_("Imported: %(count)s") % {"count": f"{self.created:,}"})
            lines.append(_("Rejected: %(count)s") % {"count": f"{self.rejected:,}"})
            if self.blocked:
                lines.append(
                    ngettext(
                        "Nothing was imported, because %(count)s row has problems "
                        "and the import was to be all or nothing.",
                        "Nothing was imported, because %(count)s rows have problems "
                        "and the import was to be all or nothing.",
                        self.problem_rows,
                    )
                    % {"count": f"{self.problem_rows:,}"}
                )
        else:
            lines.append(_("Ready to import: %(count)s") % {"count": f"{self.ready:,}"})
            lines.append(
                _("Likely duplicates, with no other problem: %(count)s")
                % {"count": f"{self.duplicates:,}"}
            )
            lines.append(_("With problems: %(count)s") % {"count": f"{self.invalid:,}"})
        return lines


def prepare(store: ImportStore, filename: str) -> FileInfo:
    """Check the file in the store's folder and record how to read it.

    Raises ImportFileError with a message for the user.
    """
    info = inspect_file(store.source_path, filename)
    store.update_meta(
        filename=filename, info=info.as_dict(), state=ImportState.UPLOADED
    )
    return info


def save_upload(store: ImportStore, filename: str, chunks) -> Path:
    """Write an uploaded file's chunks into the store as its source file."""
    kind = "xlsx" if Path(filename).suffix.lower() in (".xlsx", ".xlsm") else "csv"
    store.update_meta(kind=kind, filename=filename)
    with open(store.source_path, "wb") as target:
        for chunk in chunks:
            target.write(chunk)
    return store.source_path


def copy_file(store: ImportStore, path: Path) -> Path:
    """Copy a file from disk into the store as its source file."""
    return save_upload(store, path.name, _file_chunks(path))


def _file_chunks(path: Path):
    with open(path, "rb") as source:
        yield from iter(lambda: source.read(1024 * 1024), b"")


def load_rows(store: ImportStore, sheet: str | None, progress: Progress = no_progress):
    """Read every data row of the file (or one sheet) into the row store."""
    info = FileInfo.from_dict(store.meta["info"])
    reader = TableReader(store.source_path, info, sheet)
    with store.rows() as rows:
        rows.clear()
        batch = []
        count = 0
        progress(Phase.READING, 0, reader.estimated_rows)
        for row in reader.rows():
            batch.append(
                (
                    row.number,
                    [encode_cell(cell) for cell in row.cells],
                    [problem.as_dict() for problem in row.problems],
                )
            )
            if len(batch) >= LOAD_BATCH_SIZE:
                rows.add(batch)
                count += len(batch)
                batch = []
                progress(Phase.READING, count, reader.estimated_rows)
        rows.add(batch)
        count += len(batch)
        rows.add_reading_problems(
            {
                number: [problem.as_dict() for problem in problems]
                for number, problems in reader.late_problems.items()
            }
        )
    store.update_meta(
        sheet=reader.sheet,
        headers=reader.headers,
        header_row=reader.header_row,
        epoch_1904=reader.epoch_1904,
        notes=reader.notes,
        rows=count,
    )
    return reader


def check(
    store: ImportStore,
    mapping: list[str],
    options: ImportOptions,
    progress=no_progress,
    *,
    database_only=False,
):
    def report(done, total):
        progress(Phase.CHECKING, done, total)

    with store.rows() as rows:
        result = check_rows(rows, mapping, options, report, database_only=database_only)
    return ImportSummary(
        rows=result.total,
        ready=result.by_status[RowStatus.READY],
        duplicates=result.by_status[RowStatus.DUPLICATE],
        invalid=result.by_status[RowStatus.INVALID],
        by_problem={
            str(kind): count for kind, count in Counter(result.by_problem).items()
        },
        notes=list(store.meta.get("notes", [])),
    )


def dry_run(
    store: ImportStore,
    mapping: list[str],
    options: ImportOptions,
    *,
    sheet: str | None = None,
    progress: Progress = no_progress,
) -> ImportSummary:
    """Read and check every row; write nothing to the customers.

    Raises ImportFileError for a file that fails while being read, or whose
    columns the mapping does not fit.
    """
    # Until this run finishes, the stored rows match no mapping.
    store.update_meta(state=ImportState.UPLOADED)
    reader = load_rows(store, sheet, progress)
    if len(mapping) != len(reader.headers) or check_mapping(
        mapping, reader.headers, options.code_policy
    ):
        raise ImportFileError(
            _("The mapping does not fit the file's columns. Map the columns again.")
        )
    options.epoch_1904 = reader.epoch_1904
    summary = check(store, mapping, options, progress)
    store.update_meta(
        state=ImportState.CHECKED, mapping=mapping, summary=summary.as_dict()
    )
    progress(Phase.DONE, summary.rows, summary.rows)
    return summary


def accepted_statuses(allow_duplicates: bool) -> list[str]:
    if allow_duplicates:
        return [RowStatus.READY, RowStatus.DUPLICATE]
    return [RowStatus.READY]


def rejected_statuses(allow_duplicates: bool) -> list[str]:
    if allow_duplicates:
        return [RowStatus.INVALID]
    return [RowStatus.DUPLICATE, RowStatus.INVALID]


class ImportWriteFailed(Exception):
    """The import's transaction failed and was rolled back; nothing was written."""


def run_import(
    store: ImportStore,
    options: ImportOptions,
    *,
    mode: str = ImportMode.SKIP_INVALID,
    allow_duplicates: bool = False,
    user=None,
    recheck: bool = True,
    progress: Progress = no_progress,
) -> ImportSummary:
    """Create the accepted rows of a dry-run import and record the result.

    With `recheck`, the rows are checked against the database again first,
    because codes and customers may have been added since the dry run. In
    all-or-nothing mode one rejected row means nothing is written. Raises
    ImportWriteFailed if the transaction fails.
    """
    mapping = store.meta["mapping"]
    options.epoch_1904 = store.meta.get("epoch_1904", False)
    if recheck:
        summary = check(store, mapping, options, progress, database_only=True)
    else:
        summary = ImportSummary.from_dict(store.meta["summary"])
    summary.imported = True
    summary.mode = mode

    with store.rows() as rows:
        summary.problem_rows = rows.count(rejected_statuses(allow_duplicates))
        summary.blocked = mode == ImportMode.ALL_OR_NOTHING and summary.problem_rows > 0
        id_range = "none"
        if not summary.blocked:
            try:
                written = write_customers(
                    rows,
                    accepted_statuses(allow_duplicates),
                    options,
                    user,
                    lambda done, total: progress(Phase.IMPORTING, done, total),
                )
            except IntegrityError as error:
                logger.warning("Import %s rolled back: %s", store.token, error)
                raise ImportWriteFailed(
                    _(
                        "Another user took one of the codes while the import ran, so "
                        "nothing was imported. Run the dry run and the import again."
                    )
                ) from None
            summary.created = written.created
            if written.created:
                id_range = f"{written.first_id}..{written.last_id}"
        summary.rejected = summary.rows - summary.created
        logger.info(
            "Import %s at branch %s by user %s: %d customers created (ids %s), "
            "%d rows rejected",
            store.token,
            options.branch.pk,
            getattr(user, "pk", None),
            summary.created,
            id_range,
            summary.rejected,
        )
        if summary.problem_rows:
            write_rejected_workbook(
                rows,
                rejected_statuses(allow_duplicates),
                store.meta["headers"],
                store.rejected_path,
            )

    store.update_meta(state=ImportState.IMPORTED, result=summary.as_dict())
    progress(Phase.DONE, summary.rows, summary.rows)
    return summary


def copy_rejected(store: ImportStore, target: Path) -> None:
    shutil.copyfile(store.rejected_path, target)
