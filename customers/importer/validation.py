"""Checking import rows: each row on its own, against the file, and against
the customers already registered.

`clean_row` applies the rules of the customer form to one row. `FileChecks`
finds codes and people that appear twice in the file. `check_existing`
looks up a batch of rows in the database with two queries: one for codes,
which are unique across all branches, and one for likely duplicates among
the customers visible at the import's branch.
"""

import datetime
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext as _

from customers.forms import DUPLICATE_MIN_DIGITS, OLDEST_BIRTH_DATE, validate_phone
from customers.importer.cells import (
    DateImpossible,
    DateUnreadable,
    cell_text,
    decode_cell,
    identifier_text,
    is_shortened_number,
    parse_date,
    parse_flag,
)
from customers.importer.mapping import CodePolicy, ImportOptions, field_label
from customers.importer.problems import Problem, ProblemKind, row_status
from customers.importer.store import RowStore
from customers.models import AUTO_CODE, Customer, is_auto_code
from customers.phones import digits_only

BATCH_SIZE = 1000
# Problems found by looking up the database; the rest depend only on the file.
DATABASE_KINDS = frozenset({ProblemKind.CODE_TAKEN, ProblemKind.LIKELY_DUPLICATE})
OLDEST_JOIN_DATE = datetime.date(1900, 1, 1)
SINGLE_LINE_FIELDS = ("referral_source", "occupation")
MULTILINE_FIELDS = ("address", "remarks")
GENDERS = {
    "f": Customer.Gender.FEMALE,
    "female": Customer.Gender.FEMALE,
    "p": Customer.Gender.FEMALE,
    "perempuan": Customer.Gender.FEMALE,
    "m": Customer.Gender.MALE,
    "male": Customer.Gender.MALE,
    "l": Customer.Gender.MALE,
    "lelaki": Customer.Gender.MALE,
    "o": Customer.Gender.OTHER,
    "other": Customer.Gender.OTHER,
}


def max_length(key: str) -> int | None:
    return Customer._meta.get_field(key).max_length


@dataclass
class CheckedRow:
    """A row after the checks: its customer values and its problems.

    `values` contains what would be saved, with dates as ISO text. For a
    field with a problem it contains the file's text instead, for the preview.
    """

    number: int
    values: dict
    problems: list[Problem] = field(default_factory=list)
    problem_fields: set[str] = field(default_factory=set)

    @property
    def status(self) -> str:
        return row_status(self.problems)

    def has_problem(self, key: str) -> bool:
        return key in self.problem_fields

    def add(self, kind, message, key="") -> None:
        self.problems.append(Problem(kind, message, key))
        self.problem_fields.add(key)

    @property
    def code_key(self) -> str:
        code = self.values.get("code", AUTO_CODE)
        if is_auto_code(code) or self.has_problem("code"):
            return ""
        return code.upper()

    @cached_property
    def identity_keys(self) -> dict[str, str]:
        """The mobile digits, email and identity number used to spot the same
        person twice, each only when present and valid.

        Read only after `clean_row`, which adds every problem with them.
        """
        keys = {}
        digits = digits_only(self.values.get("mobile", ""))
        if len(digits) >= DUPLICATE_MIN_DIGITS and not self.has_problem("mobile"):
            keys["mobile"] = digits
        for key in ("email", "identity_number"):
            value = self.values.get(key, "")
            if value and not self.has_problem(key):
                keys[key] = value.upper()
        return keys


def mapped_columns(mapping: list[str], options: ImportOptions) -> set[int]:
    """Return the columns whose values are imported under these options."""
    return {
        index
        for index, key in enumerate(mapping)
        if key and not (key == "code" and options.code_policy == CodePolicy.AUTO)
    }


def clean_row(
    number: int,
    cells: list,
    reading: list[Problem],
    mapping: list[str],
    options: ImportOptions,
) -> CheckedRow:
    """Return the customer values of one row and every problem with them."""
    raw = {key: cells[index] for index, key in enumerate(mapping) if key}
    row = CheckedRow(number, {})
    imported = mapped_columns(mapping, options)
    row.problems.extend(
        problem
        for problem in reading
        if not problem.columns or imported.intersection(problem.columns)
    )

    clean_name(row, raw)
    clean_code(row, raw, options)
    for key in ("mobile", "telephone"):
        if key in raw:
            clean_phone(row, key, raw[key])
    if "email" in raw:
        clean_email(row, raw["email"])
    if "identity_number" in raw:
        clean_identity_number(row, raw["identity_number"])
    if "gender" in raw:
        clean_gender(row, raw["gender"])
    for key in ("date_of_birth", "join_date"):
        if key in raw:
            clean_date(row, key, raw[key], options)
    for key in SINGLE_LINE_FIELDS + MULTILINE_FIELDS:
        if key in raw:
            text = cell_text(raw[key], multiline=key in MULTILINE_FIELDS)
            row.values[key] = text
            check_length(row, key, text)
    if "marketing_consent" in raw:
        clean_consent(row, raw["marketing_consent"])
    return row


def check_length(row: CheckedRow, key: str, text: str) -> None:
    limit = max_length(key)
    if limit and len(text) > limit:
        row.add(
            ProblemKind.TOO_LONG,
            _("%(field)s is %(length)d characters long; the maximum is %(limit)d.")
            % {"field": field_label(key), "length": len(text), "limit": limit},
            key,
        )


def check_shortened(row: CheckedRow, key: str, text: str) -> bool:
    if not is_shortened_number(text):
        return False
    row.add(
        ProblemKind.SHORTENED_NUMBER,
        _(
            '%(field)s "%(value)s" is a number Excel shortened to scientific '
            "notation, so its digits are lost. Format the column as Text in "
            "Excel, type the numbers again and save."
        )
        % {"field": field_label(key), "value": text},
        key,
    )
    return True


def clean_name(row: CheckedRow, raw: dict) -> None:
    if "name" in raw:
        name = cell_text(raw["name"])
    else:
        parts = (cell_text(raw.get("first_name")), cell_text(raw.get("last_name")))
        name = " ".join(part for part in parts if part)
    row.values["name"] = name
    if not name:
        row.add(ProblemKind.MISSING_NAME, _("The name is empty."), "name")
    else:
        check_length(row, "name", name)


def clean_code(row: CheckedRow, raw: dict, options: ImportOptions) -> None:
    code = AUTO_CODE
    if options.code_policy == CodePolicy.FILE:
        text = identifier_text(raw.get("code"))
        if text and not is_auto_code(text):
            code = text
    row.values["code"] = code
    if code != AUTO_CODE and not check_shortened(row, "code", code):
        check_length(row, "code", code)


def clean_phone(row: CheckedRow, key: str, value) -> None:
    text = identifier_text(value)
    row.values[key] = text
    if not text or check_shortened(row, key, text):
        return
    try:
        validate_phone(text)
    except ValidationError as error:
        row.add(
            ProblemKind.INVALID_PHONE,
            _('%(field)s "%(value)s": %(error)s')
            % {"field": field_label(key), "value": text, "error": error.messages[0]},
            key,
        )
        return
    check_length(row, key, text)


def clean_email(row: CheckedRow, value) -> None:
    text = cell_text(value).lower()
    row.values["email"] = text
    if not text:
        return
    try:
        validate_email(text)
    except ValidationError:
        row.add(
            ProblemKind.INVALID_EMAIL,
            _('Email "%(value)s" is not a valid email address.') % {"value": text},
            "email",
        )
        return
    check_length(row, "email", text)


def clean_identity_number(row: CheckedRow, value) -> None:
    text = identifier_text(value).upper()
    row.values["identity_number"] = text
    if text and not check_shortened(row, "identity_number", text):
        check_length(row, "identity_number", text)


def clean_gender(row: CheckedRow, value) -> None:
    text = cell_text(value)
    gender = GENDERS.get(text.lower(), "") if text else ""
    row.values["gender"] = gender or text
    if text and not gender:
        row.add(
            ProblemKind.INVALID_VALUE,
            _('Gender "%(value)s" is not one of F (female), M (male) or O (other).')
            % {"value": text},
            "gender",
        )


def clean_consent(row: CheckedRow, value) -> None:
    try:
        row.values["marketing_consent"] = parse_flag(value)
    except ValueError:
        text = cell_text(value)
        row.values["marketing_consent"] = text
        row.add(
            ProblemKind.INVALID_VALUE,
            _('Marketing consent "%(value)s" is neither yes nor no.') % {"value": text},
            "marketing_consent",
        )


def clean_date(row: CheckedRow, key: str, value, options: ImportOptions) -> None:
    text = cell_text(value)
    try:
        date = parse_date(
            value, day_first=options.day_first, epoch_1904=options.epoch_1904
        )
    except DateUnreadable:
        row.values[key] = text
        example = "31/12/2024" if options.day_first else "12/31/2024"
        row.add(
            ProblemKind.INVALID_DATE,
            _(
                '%(field)s "%(value)s" is not a date. Write dates as %(example)s '
                "or 2024-12-31."
            )
            % {"field": field_label(key), "value": text, "example": example},
            key,
        )
        return
    except DateImpossible:
        row.values[key] = text
        order = (
            _(
                "Dates are read day first; choose month first if the file writes "
                "the month first."
            )
            if options.day_first
            else _(
                "Dates are read month first; choose day first if the file writes "
                "the day first."
            )
        )
        row.add(
            ProblemKind.IMPOSSIBLE_DATE,
            _('%(field)s "%(value)s" is not a real date. %(order)s')
            % {"field": field_label(key), "value": text, "order": order},
            key,
        )
        return

    row.values[key] = date.isoformat() if date else None
    if date is None:
        return
    oldest = OLDEST_BIRTH_DATE if key == "date_of_birth" else OLDEST_JOIN_DATE
    if date > options.today:
        message = _("%(field)s %(value)s is in the future.")
    elif date < oldest:
        message = _("%(field)s %(value)s is before 1900.")
    else:
        return
    row.add(
        ProblemKind.IMPOSSIBLE_DATE,
        message % {"field": field_label(key), "value": date.isoformat()},
        key,
    )


KEY_WORDS = {
    "mobile": lambda: _("mobile number"),
    "email": lambda: _("email"),
    "identity_number": lambda: _("identity number"),
}


def describe_keys(keys) -> str:
    words = [
        KEY_WORDS[key]()
        for key in ("mobile", "email", "identity_number")
        if key in keys
    ]
    return _(" and ").join(words)


class FileChecks:
    """Codes and people seen so far in the file, to flag later repeats.

    The first row with a code or a person is kept and later rows are
    flagged. A row whose values, apart from the code, equal an earlier row's
    is a repeated row. A row that shares only the mobile digits, email or
    identity number with an earlier one is likely the same person.
    """

    def __init__(self):
        self.codes: dict[str, int] = {}
        self.signatures: dict[bytes, int] = {}
        self.people: dict[tuple[str, str], int] = {}

    def check(self, row: CheckedRow) -> None:
        code = row.code_key
        if code:
            earlier = self.codes.setdefault(code, row.number)
            if earlier != row.number:
                row.add(
                    ProblemKind.DUPLICATE_CODE,
                    _("Code %(code)s is also used in row %(row)d.")
                    % {"code": row.values["code"], "row": earlier},
                    "code",
                )

        values = {key: value for key, value in row.values.items() if key != "code"}
        signature = hashlib.blake2b(
            json.dumps(values, sort_keys=True).encode(), digest_size=16
        ).digest()
        earlier = self.signatures.setdefault(signature, row.number)
        if earlier != row.number:
            row.add(
                ProblemKind.DUPLICATE_ROW,
                _("Row %(row)d has the same values.") % {"row": earlier},
            )
            return

        matches: dict[int, list[str]] = {}
        for key, value in row.identity_keys.items():
            earlier = self.people.setdefault((key, value), row.number)
            if earlier != row.number:
                matches.setdefault(earlier, []).append(key)
        for earlier, keys in sorted(matches.items()):
            row.add(
                ProblemKind.DUPLICATE_IN_FILE,
                _("Same %(keys)s as row %(row)d.")
                % {"keys": describe_keys(keys), "row": earlier},
            )


def check_existing(rows: list[CheckedRow], options: ImportOptions) -> None:
    """Flag rows whose code is taken or who look like a visible customer."""
    codes = {row.code_key for row in rows} - {""}
    if codes:
        # Codes are unique across every branch, so this check covers all
        # customers; it reveals only that a code is taken, as the form does.
        taken = set(
            Customer.objects.annotate(code_upper=Upper("code"))
            .filter(code_upper__in=codes)
            .order_by()
            .values_list("code_upper", flat=True)
        )
        for row in rows:
            if row.code_key in taken:
                row.add(
                    ProblemKind.CODE_TAKEN,
                    _("Code %(code)s is already used by another customer.")
                    % {"code": row.values["code"]},
                    "code",
                )

    wanted: dict[str, set[str]] = {
        "mobile": set(),
        "email": set(),
        "identity_number": set(),
    }
    for row in rows:
        for key, value in row.identity_keys.items():
            wanted[key].add(value)
    condition = Q()
    if wanted["mobile"]:
        condition |= Q(mobile_digits__in=wanted["mobile"])
    if wanted["email"]:
        condition |= Q(email_upper__in=wanted["email"])
    if wanted["identity_number"]:
        condition |= Q(identity_upper__in=wanted["identity_number"])
    if not condition:
        return

    known: dict[tuple[str, str], list[tuple]] = {}
    matches = (
        Customer.objects.visible_at(options.branch)
        .annotate(email_upper=Upper("email"), identity_upper=Upper("identity_number"))
        .filter(condition)
        .order_by("pk")
        .values_list(
            "pk", "code", "name", "mobile_digits", "email_upper", "identity_upper"
        )
    )
    for pk, code, name, mobile, email, identity in matches:
        for key, value in (
            ("mobile", mobile),
            ("email", email),
            ("identity_number", identity),
        ):
            if value:
                known.setdefault((key, value), []).append((pk, code, name))

    for row in rows:
        found: dict[tuple, list[str]] = {}
        for key, value in row.identity_keys.items():
            for customer in known.get((key, value), []):
                found.setdefault(customer, []).append(key)
        for (_pk, code, name), keys in list(found.items())[:3]:
            row.add(
                ProblemKind.LIKELY_DUPLICATE,
                _("Likely the same person as %(name)s (%(code)s): same %(keys)s.")
                % {"name": name, "code": code, "keys": describe_keys(keys)},
            )


def clean_stored_row(stored: dict, mapping: list[str], options: ImportOptions):
    cells = [decode_cell(cell) for cell in stored["cells"]]
    reading = [Problem.from_dict(problem) for problem in stored["reading"]]
    return clean_row(stored["number"], cells, reading, mapping, options)


def reuse_stored_row(stored: dict) -> CheckedRow:
    """Return a checked row as the last check left it, minus the problems
    that depend on the database, which `check_existing` finds again."""
    row = CheckedRow(stored["number"], stored["values"])
    for data in stored["problems"]:
        problem = Problem.from_dict(data)
        if problem.kind not in DATABASE_KINDS:
            row.problems.append(problem)
            row.problem_fields.add(problem.field)
    return row


@dataclass
class CheckResult:
    """Counts from checking every row of an import."""

    total: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_problem: Counter = field(default_factory=Counter)


def check_rows(
    rows: RowStore,
    mapping: list[str],
    options: ImportOptions,
    progress: Callable[[int, int], None] | None = None,
    *,
    database_only: bool = False,
) -> CheckResult:
    """Check every stored row and save its status, problems and values.

    With `database_only`, the rows keep the results of the last full check
    with the same mapping and options, and only the checks against the
    database run again: the others depend on nothing but the file.
    """
    result = CheckResult(total=rows.count())
    file_checks = FileChecks()
    done = 0
    for batch in rows.batches(BATCH_SIZE):
        if database_only:
            checked = [reuse_stored_row(stored) for stored in batch]
        else:
            checked = [clean_stored_row(stored, mapping, options) for stored in batch]
            for row in checked:
                file_checks.check(row)
        check_existing(checked, options)

        for row in checked:
            result.by_status[row.status] += 1
            result.by_problem.update({problem.kind for problem in row.problems})
        rows.save_results(
            [
                (
                    row.number,
                    row.status,
                    [p.as_dict() for p in row.problems],
                    row.values,
                )
                for row in checked
            ]
        )
        done += len(batch)
        if progress is not None:
            progress(done, result.total)
    return result
