"""The dry run's preview: every row of the file with its status and problems."""

from collections.abc import Sequence

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableListData

from customers.importer.store import ImportStore

# Field columns of the preview, in the order of the customer form. Columns
# of fields that the mapping leaves out are hidden.
FIELD_COLUMNS = (
    "code",
    "name",
    "gender",
    "date_of_birth",
    "identity_number",
    "mobile",
    "telephone",
    "email",
    "address",
    "join_date",
    "referral_source",
    "occupation",
    "remarks",
    "marketing_consent",
)
ALWAYS_SHOWN = ("code", "name")


class StoredRows(Sequence):
    """The stored rows of an import with some statuses, read a page at a time.

    django-tables2 needs only the length and slices, so the preview of a
    50,000-row file reads one page of rows from the row store per request.
    """

    def __init__(self, store: ImportStore, statuses: list[str]):
        self.store = store
        self.statuses = statuses
        self._length = None

    def __len__(self):
        if self._length is None:
            with self.store.rows() as rows:
                self._length = rows.count(self.statuses)
        return self._length

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1 or stop <= start:
                return []
            with self.store.rows() as rows:
                return rows.page(self.statuses, offset=start, limit=stop - start)
        found = self[index : index + 1]
        if not found:
            raise IndexError(index)
        return found[0]


def value_column(key, label):
    return tables.Column(
        accessor=f"values__{key}",
        verbose_name=label,
        orderable=False,
        default="",
        attrs={"td": {"class": "text-nowrap"}}
        if key not in ("address", "remarks")
        else {},
    )


class PreviewTable(tables.Table):
    """One row per file row, in file order; the Status box filters them."""

    number = tables.Column(verbose_name=_("Row"), orderable=False)
    status = tables.TemplateColumn(
        verbose_name=_("Status"),
        template_name="importer/_status_cell.html",
        orderable=False,
    )
    code = value_column("code", _("Code"))
    name = value_column("name", _("Name"))
    gender = value_column("gender", _("Gender"))
    date_of_birth = value_column("date_of_birth", _("Date of birth"))
    identity_number = value_column("identity_number", _("Identity number"))
    mobile = value_column("mobile", _("Mobile"))
    telephone = value_column("telephone", _("Telephone"))
    email = value_column("email", _("Email"))
    address = value_column("address", _("Address"))
    join_date = value_column("join_date", _("Join date"))
    referral_source = value_column("referral_source", _("Referral source"))
    occupation = value_column("occupation", _("Occupation"))
    remarks = value_column("remarks", _("Remarks"))
    marketing_consent = tables.BooleanColumn(
        accessor="values__marketing_consent",
        verbose_name=_("Marketing consent"),
        orderable=False,
        default="",
    )
    problems = tables.TemplateColumn(
        verbose_name=_("Problems"),
        template_name="importer/_problems_cell.html",
        orderable=False,
    )

    class Meta:
        fields = []
        sequence = ("number", "status") + FIELD_COLUMNS + ("problems",)
        order_by_field = "sort"
        page_field = "page"
        per_page_field = "per_page"
        attrs = {"class": "table table-sm align-middle customer-table import-preview"}
        empty_text = _("No rows have this status.")


def preview_table(store: ImportStore, statuses: list[str]) -> PreviewTable:
    """Return the preview of the rows with `statuses`, showing mapped fields."""
    mapped = set(store.meta.get("mapping", []))
    if mapped & {"first_name", "last_name"}:
        mapped.add("name")
    hidden = [
        key for key in FIELD_COLUMNS if key not in mapped and key not in ALWAYS_SHOWN
    ]
    return PreviewTable(TableListData(StoredRows(store, statuses)), exclude=hidden)
