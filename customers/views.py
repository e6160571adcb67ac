import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView, TemplateView
from django.views.generic.edit import CreateView, UpdateView

from audit.history import object_history
from branches.models import Branch
from customers.codes import allocate_customer_code
from customers.filters import CustomerFilter, phone_lookup
from customers.forms import CustomerForm
from customers.guard import delete_customers, plan_delete
from customers.models import Customer, CustomerGroup, is_auto_code
from customers.tables import CustomerTable, name_order
from wess.listing import BoundedCountPaginator, SearchPaginator, configure_table
from wess.views import SaveActionMixin, StaffMixin, takes_customer_ids

logger = logging.getLogger(__name__)

BULK_ACTIONS = ("delete", "publish", "unpublish")
AUTOCOMPLETE_LIMIT = 20


def visible_customers(request):
    return Customer.objects.visible_at(request.branch)


class CustomerListView(StaffMixin, TemplateView):
    permission_required = "customers.view_customer"
    template_name = "customers/customer_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        branches = list(
            Branch.objects.sharing_with(self.request.branch).order_by("name").distinct()
        )
        groups = list(CustomerGroup.objects.order_by("name"))
        customers = Customer.objects.visible_at(
            self.request.branch, sharing=branches
        ).only(*CustomerTable.record_fields)
        filterset = CustomerFilter(
            self.request.GET or None,
            queryset=customers,
            groups=groups,
            branches=branches,
        )
        # Invalid boxes are reported under the box and left out of the search.
        filterset.is_valid()
        searching = filterset.searches_by_trigram()
        customers = filterset.qs
        if searching:
            customers = customers.order_by(*name_order(searching=True))
        table = configure_table(
            self.request,
            CustomerTable(
                customers,
                searching=searching,
                groups={group.pk: group.name for group in groups},
                branches={branch.pk: branch.name for branch in branches},
            ),
            filterset=filterset,
            # A search sorts all its matches, so its page query counts them too.
            paginator_class=SearchPaginator if searching else BoundedCountPaginator,
        )
        context.update(filter=filterset, table=table)
        return context


class CustomerFormMixin(SaveActionMixin, StaffMixin):
    model = Customer
    form_class = CustomerForm
    template_name = "customers/customer_form.html"
    list_url_name = "customers:list"
    new_url_name = "customers:new"
    edit_url_name = "customers:edit"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(branch=self.request.branch, user=self.request.user)
        return kwargs

    def form_valid(self, form):
        customer = form.instance
        customer.updated_by = self.request.user
        if customer.pk is None:
            customer.created_by = self.request.user
        if "group" in form.changed_data or (customer.pk is None and customer.group_id):
            customer.group_assigned_on = (
                timezone.localdate() if customer.group else None
            )

        try:
            with transaction.atomic():
                if is_auto_code(customer.code):
                    customer.code = allocate_customer_code(customer.home_branch)
                self.object = form.save()
        except IntegrityError:
            # Another save took the typed code between validation and insert.
            customer.code = form.cleaned_data["code"]
            form.add_error("code", _("This code was just taken. Enter another one."))
            return self.form_invalid(form)

        logger.info(
            "Saved customer %s at branch %s", self.object.pk, self.request.branch.pk
        )
        messages.success(
            self.request,
            _("Customer %(name)s (%(code)s) was saved.")
            % {"name": self.object.name, "code": self.object.code},
        )
        return redirect(self.get_success_url())


class CustomerCreateView(CustomerFormMixin, CreateView):
    permission_required = "customers.add_customer"


class CustomerUpdateView(CustomerFormMixin, UpdateView):
    permission_required = "customers.change_customer"
    pk_url_kwarg = "customer_id"

    def get_queryset(self):
        return visible_customers(self.request)


class CustomerDetailView(StaffMixin, DetailView):
    permission_required = "customers.view_customer"
    template_name = "customers/customer_detail.html"
    context_object_name = "customer"
    pk_url_kwarg = "customer_id"

    def get_queryset(self):
        return visible_customers(self.request).select_related(
            "group", "home_branch", "created_by", "updated_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["appointments"] = self.object.appointments.select_related("branch")[:50]
        context["history"] = object_history(self.object)
        return context


def back_path(request) -> str:
    """Return the posted listing path to go back to, or the plain listing's."""
    back = request.POST.get("next", "")
    if back.startswith("/customers/") and not back.startswith("//"):
        return back
    return reverse("customers:list")


def redirect_back(request):
    """Return to the listing the request came from, keeping its search."""
    return redirect(back_path(request))


@require_POST
@login_required
@permission_required("customers.publish_customer", raise_exception=True)
def toggle_published(request, customer_id):
    with transaction.atomic():
        customer = get_object_or_404(
            visible_customers(request).select_for_update(of=("self",)),
            pk=customer_id,
        )
        customer.is_published = not customer.is_published
        customer.updated_by = request.user
        customer.save(update_fields=["is_published", "updated_by", "updated_at"])
    logger.info(
        "Customer %s published=%s at branch %s",
        customer_id,
        customer.is_published,
        request.branch.pk,
    )
    if request.headers.get("HX-Request"):
        return render(
            request,
            "customers/_published_toggle.html",
            # The swapped-in form still goes back to the listing without htmx.
            {
                "record": customer,
                "value": customer.is_published,
                "next": back_path(request),
            },
        )
    messages.success(
        request,
        (
            _("%(name)s is published.")
            if customer.is_published
            else _("%(name)s is unpublished.")
        )
        % {"name": customer.name},
    )
    return redirect_back(request)


# The largest id a BigAutoField holds. SQLite cannot even compare with a
# larger integer, so such an id is turned away before any query.
MAX_CUSTOMER_ID = 2**63 - 1


def parse_ids(values) -> list[int]:
    """Return the posted values that are integers.

    An id that no customer can have, below 1 or above MAX_CUSTOMER_ID, raises
    Http404, as an unknown id does.
    """
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    if any(not 0 < customer_id <= MAX_CUSTOMER_ID for customer_id in ids):
        raise Http404(_("One or more customers were not found."))
    return ids


BULK_PERMISSIONS = {
    "delete": "customers.delete_customer",
    "publish": "customers.publish_customer",
    "unpublish": "customers.publish_customer",
}


@require_POST
@login_required
@takes_customer_ids("pk")
def bulk_action(request):
    """Delete, publish or unpublish the checked customers.

    Ids outside the current branch's visibility are a 404, as for one
    customer, and nothing is changed.
    """
    action = request.POST.get("action", "")
    if action not in BULK_ACTIONS:
        return HttpResponseBadRequest(_("Unknown action."))
    if not request.user.has_perm(BULK_PERMISSIONS[action]):
        raise PermissionDenied
    ids = sorted(set(parse_ids(request.POST.getlist("pk"))))
    if not ids:
        messages.warning(request, _("Tick at least one customer first."))
        return redirect_back(request)

    selected = visible_customers(request).filter(pk__in=ids)
    if selected.count() != len(ids):
        raise Http404(_("One or more customers were not found."))

    if action == "delete":
        return bulk_delete(request, selected, ids)

    publish = action == "publish"
    with transaction.atomic():
        # Saved one by one (at most a page of rows) so the audit trail records
        # each change with its user and branch.
        changed = 0
        for customer in selected.select_for_update(of=("self",)):
            if customer.is_published != publish:
                customer.is_published = publish
                customer.updated_by = request.user
                customer.save(
                    update_fields=["is_published", "updated_by", "updated_at"]
                )
                changed += 1
    logger.info("Bulk %s of customers %s at branch %s", action, ids, request.branch.pk)
    message = (
        ngettext(
            "%(count)d customer published.", "%(count)d customers published.", changed
        )
        if publish
        else ngettext(
            "%(count)d customer unpublished.",
            "%(count)d customers unpublished.",
            changed,
        )
    )
    messages.success(request, message % {"count": changed})
    return redirect_back(request)


def bulk_delete(request, selected, ids):
    if request.POST.get("confirm") != "yes":
        plan = plan_delete(selected.order_by("name"))
        return render(
            request,
            "customers/customer_confirm_delete.html",
            {"plan": plan, "ids": ids, "next": request.POST.get("next", "")},
        )

    plan = delete_customers(selected)
    if plan.deletable:
        messages.success(
            request,
            ngettext(
                "%(count)d customer deleted.",
                "%(count)d customers deleted.",
                len(plan.deletable),
            )
            % {"count": len(plan.deletable)},
        )
    if not plan.blocked:
        return redirect_back(request)
    return render(
        request,
        "customers/customer_delete_result.html",
        {"plan": plan, "blocked_ids": [c.pk for c, _ in plan.blocked]},
    )


@require_GET
@login_required
@permission_required("customers.view_customer", raise_exception=True)
def autocomplete(request):
    """Selectable customers matching `q` by name, code or phone digits."""
    query = request.GET.get("q", "").strip().replace("\x00", "")[:100]
    results = []
    if query and request.branch is not None:
        condition = Q(name__icontains=query) | Q(code__icontains=query)
        if any(character.isdigit() for character in query):
            condition |= phone_lookup(["mobile", "telephone"], query)
        customers = (
            Customer.objects.selectable_at(request.branch)
            .filter(condition)
            .order_by("name")[:AUTOCOMPLETE_LIMIT]
        )
        for customer in customers:
            label = f"{customer.name} ({customer.code})"
            if customer.mobile:
                label += f" {customer.mobile}"
            results.append({"id": customer.pk, "text": label})
    return JsonResponse({"results": results})
