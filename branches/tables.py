import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from branches.models import Branch


class BranchTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"))
    phone = tables.Column(verbose_name=_("Phone"))
    sharing = tables.TemplateColumn(
        verbose_name=_("Shares its customers with"),
        template_name="branches/_sharing_cell.html",
        orderable=False,
    )
    is_active = tables.BooleanColumn(verbose_name=_("Active"))
    edit = tables.TemplateColumn(
        verbose_name="", template_name="branches/_edit_link.html", orderable=False
    )

    class Meta:
        model = Branch
        fields = []
        sequence = ("code", "name", "phone", "sharing", "is_active", "edit")
        order_by_field = "sort"
        attrs = {"class": "table table-sm table-hover align-middle"}
