import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from customers.models import Customer


class CustomerTable(tables.Table):
    """The Customer Listing. Column names match the search parameters."""

    selection = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {"aria-label": _("Select all"), "data-select-all": "pk"},
            "td__input": {"form": "bulk-form", "name": "pk"},
        },
    )
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"), linkify=True)
    mobile = tables.Column(verbose_name=_("Mobile"))
    telephone = tables.Column(verbose_name=_("Telephone"))
    email = tables.EmailColumn(verbose_name=_("Email"))
    group = tables.Column(verbose_name=_("Group"), order_by="group__name")
    branch = tables.Column(
        accessor="home_branch", verbose_name=_("Branch"), order_by="home_branch__name"
    )
    join_date = tables.DateColumn(
        verbose_name=_("Join date"),
        format="Y-m-d",
        attrs={"td": {"class": "text-nowrap"}},
    )
    published = tables.TemplateColumn(
        accessor="is_published",
        verbose_name=_("Published"),
        template_name="customers/_published_toggle.html",
        order_by="is_published",
        attrs={"td": {"class": "text-center"}},
    )
    edit = tables.TemplateColumn(
        verbose_name="",
        template_name="customers/_edit_link.html",
        orderable=False,
    )

    class Meta:
        model = Customer
        fields = []
        sequence = (
            "selection",
            "code",
            "name",
            "mobile",
            "telephone",
            "email",
            "group",
            "branch",
            "join_date",
            "published",
            "edit",
        )
        order_by_field = "sort"
        page_field = "page"
        per_page_field = "per_page"
        attrs = {"class": "table table-sm table-hover align-middle customer-table"}
        empty_text = _("No customers match the search.")
