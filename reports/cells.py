"""Text cleaning shared by the XLSX and CSV exports.

Spreadsheet programs evaluate a cell typed as `=`, `+`, `-` or `@` as a
formula, and some also take a leading tab or carriage return as the start
of one (formula injection, CWE-1236). XLSX cannot store most C0 control
characters at all: openpyxl raises IllegalCharacterError on them.
"""

import re
from dataclasses import dataclass

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The C0 controls that XML 1.0, and so XLSX, cannot contain: every one
# except tab, line feed and carriage return.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class SafeText:
    """A text value ready for a spreadsheet.

    `text` has the illegal characters removed. `formula_like` is true when a
    spreadsheet would take `text` for a formula, so the writer must mark the
    cell as text.
    """

    text: str
    formula_like: bool

    @property
    def csv_value(self) -> str:
        """The text for a CSV field: a leading apostrophe makes Excel and
        LibreOffice read a formula-like value as text and show the apostrophe."""
        return f"'{self.text}" if self.formula_like else self.text


def safe_text(value) -> SafeText:
    """Clean `value` for an XLSX or CSV cell; None becomes the empty string."""
    text = ILLEGAL_CHARACTERS.sub("", "" if value is None else str(value))
    return SafeText(text=text, formula_like=text.startswith(FORMULA_STARTS))
