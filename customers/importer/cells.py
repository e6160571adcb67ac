"""Cell values from CSV and XLSX files, turned into text, dates and flags.

A CSV cell is always text. An XLSX cell may also be a number, a boolean or
a date, because openpyxl converts date-formatted numbers to datetimes. The
work file stores cells as JSON, so dates travel as tagged objects.
"""

import datetime
import re

from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

# Excel's largest serial date, 9999-12-31.
MAX_SERIAL = 2_958_465
# Serials below this are years or small numbers far more often than dates:
# 10000 is 1927-05-18, earlier than any join date or most dates of birth.
MIN_SERIAL = 10_000
# A number as Excel writes it to CSV once the column is too narrow: 6.59E+09.
SCIENTIFIC = re.compile(r"^[+-]?\d(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)
# A whole number that passed through a float: 6591234567.0.
FLOAT_WHOLE = re.compile(r"^(\d+)\.0+$")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TIME_SUFFIX = re.compile(
    r"^(?P<date>.+?)(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?)$",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(r"^(\d{1,4})[/\-.](\d{1,2})[/\-.](\d{1,4})$")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
TRUE_WORDS = {"yes", "y", "true", "1", "x", "ya", "ok"}
FALSE_WORDS = {"no", "n", "false", "0", "tidak", ""}


class DateUnreadable(ValueError):
    """The text matches none of the date formats the importer reads."""


class DateImpossible(ValueError):
    """The text looks like a date but names a day that does not exist."""


def encode_cell(value):
    """Return `value` in a form JSON can store, tagging dates and times."""
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"time": value.isoformat()}
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def decode_cell(value):
    """Undo `encode_cell`."""
    if isinstance(value, dict):
        if "datetime" in value:
            return datetime.datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return datetime.date.fromisoformat(value["date"])
        if "time" in value:
            return datetime.time.fromisoformat(value["time"])
    return value


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value, *, multiline: bool = False) -> str:
    """Return the cell as the text a user would see in the spreadsheet.

    Whole numbers lose the `.0` a float gives them. Control characters are
    dropped, and single-line values have their whitespace collapsed.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            text = value.date().isoformat()
        else:
            text = value.strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, datetime.date | datetime.time):
        text = value.isoformat()
    else:
        text = str(value)
    text = CONTROL_CHARACTERS.sub("", text)
    if multiline:
        lines = [" ".join(line.split()) for line in text.splitlines()]
        return "\n".join(lines).strip()
    return " ".join(text.split())


def identifier_text(value) -> str:
    """Return a phone number, code or identity number cell as text.

    Text such as `6591234567.0`, which a float wrote, loses its `.0` too.
    """
    text = cell_text(value)
    whole = FLOAT_WHOLE.match(text)
    return whole.group(1) if whole else text


def is_shortened_number(text: str) -> bool:
    """Return whether `text` is a number Excel displayed in scientific notation."""
    return bool(SCIENTIFIC.match(text))


def parse_date(value, *, day_first: bool = True, epoch_1904: bool = False):
    """Return the date in a cell, or None for an empty cell.

    Accepted: dates and datetimes from XLSX; ISO dates (2024-12-31, also
    with / or .); day-first or month-first dates, as `day_first` selects
    (31/12/2024, 12/31/2024, two-digit years too); month names (31 Dec 2024,
    Dec 31, 2024); YYYYMMDD; and Excel serial numbers. A time after the date
    is ignored. Raises DateUnreadable or DateImpossible.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise DateUnreadable
    if isinstance(value, int | float):
        return serial_date(value, epoch_1904=epoch_1904)

    text = " ".join(str(value).split())
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        if re.fullmatch(r"\d{8}", text):
            return build_date(int(text[:4]), int(text[4:6]), int(text[6:]))
        return serial_date(float(text), epoch_1904=epoch_1904)
    with_time = TIME_SUFFIX.match(text)
    if with_time:
        text = with_time.group("date").strip()

    numeric = NUMERIC_DATE.match(text)
    if numeric:
        first, second, third = numeric.groups()
        if len(first) == 4:
            return build_date(int(first), int(second), int(third))
        if len(third) not in (2, 4) or len(first) > 2:
            raise DateUnreadable
        day, month = (first, second) if day_first else (second, first)
        return build_date(full_year(third), int(month), int(day))
    return named_month_date(text)


def named_month_date(text: str) -> datetime.date:
    """Parse `31 Dec 2024`, `31-Dec-24`, `Dec 31, 2024` or `December 31 2024`."""
    parts = [part for part in re.split(r"[\s,/\-.]+", text.lower()) if part]
    if len(parts) != 3:
        raise DateUnreadable
    months = [part for part in parts if part in MONTHS]
    numbers = [part for part in parts if part.isdigit()]
    if len(months) != 1 or len(numbers) != 2:
        raise DateUnreadable
    month = MONTHS[months[0]]
    if parts[0] in MONTHS:
        day, year = numbers
    elif len(numbers[0]) == 4:
        year, day = numbers
    else:
        day, year = numbers
    if len(day) > 2 or len(year) not in (2, 4):
        raise DateUnreadable
    return build_date(full_year(year), month, int(day))


def full_year(text: str) -> int:
    """Expand a two-digit year: up to this year's two digits it is 20yy, else 19yy."""
    year = int(text)
    if len(text) == 4:
        return year
    this_year = datetime.date.today().year % 100
    return 2000 + year if year <= this_year else 1900 + year


def build_date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DateImpossible from None


def serial_date(number: float, *, epoch_1904: bool = False) -> datetime.date:
    """Return the date of an Excel serial number (days since the epoch)."""
    if not MIN_SERIAL <= number <= MAX_SERIAL:
        raise DateUnreadable
    epoch = MAC_EPOCH if epoch_1904 else WINDOWS_EPOCH
    converted = from_excel(number, epoch)
    if isinstance(converted, datetime.datetime):
        return converted.date()
    raise DateUnreadable


def parse_flag(value) -> bool:
    """Return a yes/no cell as a boolean. Raises ValueError for other text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = cell_text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(word)
