"""The django-tables2 tables of the sales listings and reports."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from sales.models import Appointment, Item, OpeningBalance
from wess.templatetags.wess_tags import money


class ListingMeta:
    """Query parameter names shared by every listing (see wess.listing)."""

    order_by_field = "sort"
    page_field = "page"
    per_page_field = "per_page"


class MoneyColumn(tables.Column):
    """An amount shown with the configured currency, right-aligned."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end text-nowrap money"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return money(value)


class ItemTable(tables.Table):
    """The item catalogue. Column names match the search parameters."""

    selection = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {"aria-label": _("Select all"), "data-select-all": "pk"},
            "td__input": {"form": "bulk-form", "name": "pk"},
        },
    )
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"), linkify=True)
    kind = tables.Column(verbose_name=_("Kind"))
    price = MoneyColumn(verbose_name=_("Price"))
    active = tables.BooleanColumn(accessor="is_active", verbose_name=_("Active"))
    published = tables.TemplateColumn(
        accessor="is_published",
        verbose_name=_("Published"),
        template_name="sales/_item_published_toggle.html",
        order_by="is_published",
        attrs={"td": {"class": "text-center"}},
    )
    edit = tables.TemplateColumn(
        verbose_name="",
        template_name="sales/_item_edit_link.html",
        orderable=False,
    )

    class Meta(ListingMeta):
        model = Item
        fields = []
        sequence = (
            "selection",
            "code",
            "name",
            "kind",
            "price",
            "active",
            "published",
            "edit",
        )
        attrs = {"class": "table table-sm table-hover align-middle customer-table"}
        empty_text = _("No items match the search.")


class OpeningBalanceTable(tables.Table):
    """The Customer Opening Balance listing."""

    customer = tables.Column(
        verbose_name=_("Customer"),
        accessor="customer__name",
        linkify=("customers:detail", [tables.A("customer_id")]),
    )
    code = tables.Column(verbose_name=_("Code"), accessor="customer__code")
    branch = tables.Column(verbose_name=_("Branch"), order_by="branch__name")
    date = tables.DateColumn(verbose_name=_("Date"), format="Y-m-d")
    reference = tables.Column(verbose_name=_("Reference"))
    due_total = MoneyColumn(verbose_name=_("Due total"))
    prepaid_total = MoneyColumn(verbose_name=_("Prepaid total"))
    edit = tables.TemplateColumn(
        verbose_name="",
        template_name="sales/_opening_balance_edit_link.html",
        orderable=False,
    )

    class Meta(ListingMeta):
        model = OpeningBalance
        fields = []
        sequence = (
            "customer",
            "code",
            "branch",
            "date",
            "reference",
            "due_total",
            "prepaid_total",
            "edit",
        )
        attrs = {
            "class": "table table-sm table-hover align-middle customer-table "
            "opening-balance-table"
        }
        empty_text = _("No opening balances match the search.")


class AppointmentTable(tables.Table):
    """One branch's appointments of one day."""

    start = tables.DateTimeColumn(verbose_name=_("Start"), format="H:i")
    end = tables.DateTimeColumn(verbose_name=_("End"), format="H:i", orderable=False)
    customer = tables.Column(
        verbose_name=_("Customer"),
        accessor="customer__name",
        linkify=("customers:detail", [tables.A("customer_id")]),
    )
    item = tables.Column(verbose_name=_("Item"))
    staff_name = tables.Column(verbose_name=_("Staff"))
    status = tables.Column(verbose_name=_("Status"))
    edit = tables.TemplateColumn(
        verbose_name="",
        template_name="sales/_appointment_edit_link.html",
        orderable=False,
    )

    class Meta(ListingMeta):
        model = Appointment
        fields = []
        sequence = ("start", "end", "customer", "item", "staff_name", "status", "edit")
        attrs = {
            "class": "table table-sm table-hover align-middle customer-table "
            "appointment-table"
        }
        empty_text = _("No appointments on this day.")


class InterBranchTable(tables.Table):
    """Per pair of branches, what one redeemed of items the other sold."""

    redeeming_branch = tables.Column(verbose_name=_("Redeemed at"))
    selling_branch = tables.Column(verbose_name=_("Sold by"))
    quantity = tables.Column(
        verbose_name=_("Quantity"), attrs={"td": {"class": "text-end"}}
    )
    value = MoneyColumn(verbose_name=_("Value"))

    class Meta(ListingMeta):
        attrs = {"class": "table table-sm table-hover inter-branch-table"}
        empty_text = _("No redemptions between branches in this period.")
