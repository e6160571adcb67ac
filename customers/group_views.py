"""Customer groups screen, for managers."""

import django_tables2 as tables
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django.views.generic.edit import CreateView, UpdateView

from customers.forms import CustomerGroupForm
from customers.models import CustomerGroup
from wess.listing import configure_table
from wess.views import SaveActionMixin, StaffMixin


class CustomerGroupTable(tables.Table):
    name = tables.Column(
        verbose_name=gettext_lazy("Name"),
        linkify=("customers:group_edit", [tables.A("pk")]),
    )
    description = tables.Column(verbose_name=gettext_lazy("Description"))
    validity_days = tables.Column(verbose_name=gettext_lazy("Validity (days)"))
    customer_count = tables.Column(verbose_name=gettext_lazy("Customers"))
    is_published = tables.BooleanColumn(verbose_name=gettext_lazy("Published"))

    class Meta:
        model = CustomerGroup
        fields = []
        sequence = (
            "name",
            "description",
            "validity_days",
            "customer_count",
            "is_published",
        )
        order_by_field = "sort"
        attrs = {"class": "table table-sm table-hover"}


class CustomerGroupListView(StaffMixin, TemplateView):
    permission_required = "customers.view_customergroup"
    template_name = "customers/group_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = CustomerGroup.objects.annotate(customer_count=Count("customers"))
        context["table"] = configure_table(self.request, CustomerGroupTable(groups))
        return context


class CustomerGroupFormMixin(SaveActionMixin, StaffMixin):
    model = CustomerGroup
    form_class = CustomerGroupForm
    template_name = "customers/group_form.html"
    list_url_name = "customers:groups"
    new_url_name = "customers:group_new"
    edit_url_name = "customers:group_edit"

    def form_valid(self, form):
        self.object = form.save()
        messages.success(
            self.request, _("Group %(name)s was saved.") % {"name": self.object}
        )
        return redirect(self.get_success_url())


class CustomerGroupCreateView(CustomerGroupFormMixin, CreateView):
    permission_required = "customers.add_customergroup"


class CustomerGroupUpdateView(CustomerGroupFormMixin, UpdateView):
    permission_required = "customers.change_customergroup"
