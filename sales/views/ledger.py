"""Redemptions, their reversal, and due payments.

URLs that name a customer take `customer_id` and look it up among the
customers selectable at the current branch (visible and published), so any
other id is a 404. A customer id posted in the general redemption form is
checked against the same queryset.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from customers.models import Customer
from sales.balances import customer_prepaid_summary, due_balance
from sales.forms import DuePaymentForm, RedemptionForm
from sales.ledger import record_due_payment, redeem, reverse_redemption
from sales.models import PrepaidLedgerEntry
from wess.templatetags.wess_tags import money
from wess.views import StaffMixin

logger = logging.getLogger(__name__)


class CustomerFromUrlMixin:
    """Sets `self.customer` from the URL's `customer_id`, or None without one.

    Runs after StaffMixin's login and permission checks, so a user without
    the permission gets a 403 and an id outside the branch's selectable
    customers a 404.
    """

    def get(self, request, *args, **kwargs):
        self.customer = self.customer_from_url()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.customer = self.customer_from_url()
        return super().post(request, *args, **kwargs)

    def customer_from_url(self):
        if "customer_id" not in self.kwargs:
            return None
        return get_object_or_404(
            Customer.objects.selectable_at(self.request.branch).select_related(
                "home_branch"
            ),
            pk=self.kwargs["customer_id"],
        )


class RedeemView(CustomerFromUrlMixin, StaffMixin, FormView):
    """Use prepaid units at the current branch.

    With `customer_id` in the URL the customer is fixed, and only items the
    customer still has are offered. Without it the form has a customer
    picker.
    """

    permission_required = "sales.add_prepaidledgerentry"
    form_class = RedemptionForm
    template_name = "sales/redeem_form.html"

    def get_initial(self):
        initial = super().get_initial()
        item = self.request.GET.get("item", "")
        if item.isdigit():
            initial["item"] = int(item)
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(branch=self.request.branch, customer=self.customer)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["customer"] = self.customer
        if self.customer is not None:
            context["prepaid"] = customer_prepaid_summary(self.customer)
        return context

    def form_valid(self, form):
        customer = form.cleaned_data["customer"]
        item = form.cleaned_data["item"]
        quantity = form.cleaned_data["quantity"]
        try:
            redeem(
                customer=customer,
                item=item,
                quantity=quantity,
                branch=self.request.branch,
                user=self.request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            field = "quantity" if error.code == "insufficient" else None
            form.add_error(field, error)
            return self.form_invalid(form)

        left = sum(
            balance.quantity
            for balance in customer_prepaid_summary(customer)
            if balance.item.pk == item.pk
        )
        messages.success(
            self.request,
            ngettext(
                "Redeemed %(quantity)d of %(item)s for %(name)s; %(left)d unit left.",
                "Redeemed %(quantity)d of %(item)s for %(name)s; %(left)d units left.",
                left,
            )
            % {
                "quantity": quantity,
                "item": item.name,
                "name": customer.name,
                "left": left,
            },
        )
        return redirect(customer.get_absolute_url())


@require_POST
@login_required
@permission_required("sales.add_prepaidledgerentry", raise_exception=True)
def reverse_redemption_view(request, pk):
    """Reverse one redemption of a customer selectable at this branch."""
    entry = get_object_or_404(
        PrepaidLedgerEntry.objects.filter(
            customer__in=Customer.objects.selectable_at(request.branch).values("pk")
        ).select_related("customer", "item"),
        pk=pk,
    )
    try:
        reverse_redemption(entry, branch=request.branch, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The redemption of %(item)s was reversed.") % {"item": entry.item.name},
        )
    return redirect(entry.customer.get_absolute_url())


class DuePaymentView(CustomerFromUrlMixin, StaffMixin, FormView):
    """Record a payment against the customer's due balance."""

    permission_required = "sales.add_duepayment"
    form_class = DuePaymentForm
    template_name = "sales/due_payment_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(customer=self.customer, due=due_balance(self.customer))
        return context

    def form_valid(self, form):
        try:
            payment = record_due_payment(
                customer=self.customer,
                amount=form.cleaned_data["amount"],
                date=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
                branch=self.request.branch,
                user=self.request.user,
            )
        except ValidationError as error:
            form.add_error("amount", error)
            return self.form_invalid(form)

        messages.success(
            self.request,
            _("Payment of %(amount)s from %(name)s recorded.")
            % {"amount": money(payment.amount), "name": self.customer.name},
        )
        return redirect(self.customer.get_absolute_url())
