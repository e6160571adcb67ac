"""Problems found in the rows of an import, and the status they give a row."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemKind(models.TextChoices):
    MISSING_NAME = "missing_name", _("Name missing")
    TOO_LONG = "too_long", _("Value too long")
    INVALID_EMAIL = "invalid_email", _("Invalid email")
    INVALID_PHONE = "invalid_phone", _("Invalid phone number")
    INVALID_DATE = "invalid_date", _("Unreadable date")
    IMPOSSIBLE_DATE = "impossible_date", _("Impossible date")
    INVALID_VALUE = "invalid_value", _("Unrecognised value")
    SHORTENED_NUMBER = "shortened_number", _("Number shortened by Excel")
    DUPLICATE_CODE = "duplicate_code", _("Code repeated in the file")
    CODE_TAKEN = "code_taken", _("Code already used")
    DUPLICATE_ROW = "duplicate_row", _("Row repeated in the file")
    DUPLICATE_IN_FILE = "duplicate_in_file", _("Same person as another row")
    LIKELY_DUPLICATE = "likely_duplicate", _("Likely an existing customer")
    FORMULA = "formula", _("Formula without a saved result")
    CELL_ERROR = "cell_error", _("Excel error value")
    MERGED_CELLS = "merged_cells", _("Merged cells")
    HIDDEN_ROW = "hidden_row", _("Hidden row")
    EXTRA_VALUES = "extra_values", _("Values beyond the header")


# Problems that only suggest the row is a person already known. The user may
# import such rows anyway; every other problem keeps a row out.
DUPLICATE_KINDS = frozenset(
    {ProblemKind.DUPLICATE_IN_FILE, ProblemKind.LIKELY_DUPLICATE}
)


class RowStatus(models.TextChoices):
    READY = "ready", _("Ready")
    DUPLICATE = "duplicate", _("Likely duplicate")
    INVALID = "invalid", _("Has problems")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a row, with the message shown to the user."""

    kind: str
    message: str
    field: str = ""
    # File columns (0-based) the problem is about; the problem matters only
    # when one of them is imported. Empty for a problem with the whole row.
    columns: tuple[int, ...] = ()

    def as_dict(self) -> dict:
        data = {"kind": str(self.kind), "message": str(self.message)}
        if self.field:
            data["field"] = self.field
        if self.columns:
            data["columns"] = list(self.columns)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Problem":
        return cls(
            data["kind"],
            data["message"],
            data.get("field", ""),
            tuple(data.get("columns", ())),
        )


def row_status(problems) -> str:
    """Return the status that a row's problems give it."""
    if not problems:
        return RowStatus.READY
    if all(problem.kind in DUPLICATE_KINDS for problem in problems):
        return RowStatus.DUPLICATE
    return RowStatus.INVALID
