"""Writing an import: new customers in one transaction, and the rejected rows
as an XLSX file the user can correct and import again."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from customers.codes import allocate_customer_codes
from customers.importer.cells import decode_cell
from customers.importer.mapping import ImportOptions
from customers.importer.store import RowStore
from customers.models import Customer, is_auto_code

WRITE_BATCH_SIZE = 1000
TEXT_FIELDS = (
    "name",
    "gender",
    "identity_number",
    "mobile",
    "telephone",
    "email",
    "address",
    "referral_source",
    "occupation",
    "remarks",
)
DATE_FIELDS = ("date_of_birth", "join_date")


@dataclass
class WriteResult:
    created: int = 0
    first_id: int | None = None
    last_id: int | None = None


def build_customer(values: dict, options: ImportOptions, user, today) -> Customer:
    """Return an unsaved customer from a checked row's values."""
    customer = Customer(
        code=values["code"],
        home_branch=options.branch,
        group=options.group,
        group_assigned_on=today if options.group else None,
        marketing_consent=values.get("marketing_consent") is True,
        is_published=True,
        source=Customer.Source.IMPORT,
        created_by=user,
        updated_by=user,
    )
    for key in TEXT_FIELDS:
        setattr(customer, key, values.get(key) or "")
    for key in DATE_FIELDS:
        if values.get(key):
            setattr(customer, key, datetime.date.fromisoformat(values[key]))
    if customer.join_date is None:
        customer.join_date = today
    return customer


def write_customers(
    rows: RowStore,
    statuses: list[str],
    options: ImportOptions,
    user,
    progress: Callable[[int, int], None] | None = None,
) -> WriteResult:
    """Create a customer for every row with one of `statuses`, in one transaction.

    Rows keep their file order. `#AUTO` codes come from the sequence inside
    the transaction and skip codes that other rows of the file bring. An
    IntegrityError (a code taken meanwhile) rolls everything back.
    """
    total = rows.count(statuses)
    reserved = set()
    for batch in rows.batches(WRITE_BATCH_SIZE, statuses):
        for row in batch:
            code = row["values"]["code"]
            if not is_auto_code(code):
                reserved.add(code.upper())

    result = WriteResult()
    today = timezone.localdate()
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        for batch in rows.batches(WRITE_BATCH_SIZE, statuses):
            customers = [
                build_customer(row["values"], options, user, today) for row in batch
            ]
            automatic = [c for c in customers if is_auto_code(c.code)]
            codes = allocate_customer_codes(options.branch, len(automatic), reserved)
            for customer, code in zip(automatic, codes, strict=True):
                customer.code = code
            for customer in customers:
                customer.refresh_derived_fields()
            Customer.objects.bulk_create(customers)
            result.created += len(customers)
            ids = [customer.pk for customer in customers if customer.pk is not None]
            if ids:
                result.first_id = result.first_id or min(ids)
                result.last_id = max(ids)
            if progress is not None:
                progress(result.created, total)
    return result


def text_cell(sheet, value):
    """Return a cell that keeps `value` as it is: text starting with = stays
    text instead of turning into a formula."""
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell
    return value


def write_rejected_workbook(
    rows: RowStore, statuses: list[str], headers: list[str], path: Path
) -> int:
    """Write the rows with `statuses` to an XLSX file; return how many.

    The sheet has the file's own columns, so the user can correct the rows
    and import the file again, then the original row number and the reasons.
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Rejected rows"))
    sheet.append(
        [text_cell(sheet, header) for header in headers]
        + [text_cell(sheet, _("Original row")), text_cell(sheet, _("Reason"))]
    )
    count = 0
    for batch in rows.batches(WRITE_BATCH_SIZE, statuses):
        for row in batch:
            cells = [text_cell(sheet, decode_cell(cell)) for cell in row["cells"]]
            reason = " ".join(problem["message"] for problem in row["problems"])
            sheet.append(cells + [row["number"], text_cell(sheet, reason)])
            count += 1
    book.save(path)
    return count
