"""Customer Opening Balance: the listing and the form with its lines.

The form contains two formsets, due lines and prepaid lines, each with an
entry row and an Add button. With JavaScript, Add and Remove change the
page in place (static/js/sales.js); without it they are submit buttons,
and the view re-renders the form with the row added or marked for removal,
keeping every typed value. Save writes the balance, its lines and the
ledger rows in one transaction.
"""

import logging
import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from customers.models import Customer
from sales.balances import MoneyExpression, due_balance, money_output
from sales.filters import OpeningBalanceFilter
from sales.forms import (
    DueLineForm,
    DueLineFormSet,
    OpeningBalanceForm,
    PrepaidFormSet,
    PrepaidLineForm,
)
from sales.ledger import LineChange, lock_customer, post_line_changes, used_units
from sales.models import (
    ZERO,
    OpeningBalance,
    OpeningDueLine,
    OpeningPrepaidLine,
)
from sales.tables import OpeningBalanceTable
from wess.listing import configure_table
from wess.views import SaveActionMixin, StaffMixin

logger = logging.getLogger(__name__)

DUE = "due"
PREPAID = "prepaid"
ENTRY_SUFFIX = "_entry"
LINE_FIELDS = {DUE: ["amount", "note"], PREPAID: ["item", "quantity", "amount"]}
REMOVE_VALUE = re.compile(r"^(due|prepaid)-(\d{1,4})$")


def money_sum(queryset, column):
    output = money_output()
    totals = (
        queryset.filter(opening_balance=OuterRef("pk"))
        .order_by()
        .values("opening_balance")
        .annotate(total=Sum(column))
        .values("total")
    )
    return MoneyExpression(
        Coalesce(
            Subquery(totals, output_field=output), Value(ZERO), output_field=output
        )
    )


def opening_balances_at(branch):
    """Opening balances of the customers `branch` may see, with line totals."""
    return (
        OpeningBalance.objects.filter(
            customer__in=Customer.objects.visible_at(branch).values("pk")
        )
        .select_related("customer", "branch")
        .annotate(
            due_total=money_sum(OpeningDueLine.objects.all(), "amount"),
            prepaid_total=money_sum(
                OpeningPrepaidLine.objects.filter(is_removed=False), "amount"
            ),
        )
    )


class OpeningBalanceListView(StaffMixin, TemplateView):
    permission_required = "sales.view_openingbalance"
    template_name = "sales/opening_balance_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = OpeningBalanceFilter(
            self.request.GET or None,
            queryset=opening_balances_at(self.request.branch),
            branch=self.request.branch,
        )
        filterset.is_valid()
        table = configure_table(
            self.request, OpeningBalanceTable(filterset.qs), filterset=filterset
        )
        context.update(filter=filterset, table=table)
        return context


class LineForms:
    """The header form, both formsets and both entry rows of one request."""

    def __init__(self, data, balance, branch):
        self.form = OpeningBalanceForm(data, instance=balance, branch=branch)
        self.formsets = {
            DUE: DueLineFormSet(data, instance=balance, prefix=DUE),
            PREPAID: PrepaidFormSet(data, instance=balance, prefix=PREPAID),
        }
        self.entries = {
            DUE: DueLineForm(
                data,
                prefix=DUE + ENTRY_SUFFIX,
                empty_permitted=True,
                use_required_attribute=False,
            ),
            PREPAID: PrepaidLineForm(
                data,
                prefix=PREPAID + ENTRY_SUFFIX,
                empty_permitted=True,
                use_required_attribute=False,
            ),
        }
        if balance.pk:
            for form in self.formsets[PREPAID].initial_forms:
                form.used = used_units(form.instance)

    def is_valid(self):
        results = [self.form.is_valid()]
        results += [formset.is_valid() for formset in self.formsets.values()]
        is_new = self.form.instance.pk is None
        if all(results) and is_new and not self.kept_lines():
            # An empty new balance would block the real one, since there is
            # one per customer and branch. A saved one may lose its lines.
            self.form.add_error(
                None, _("Add at least one due line or prepaid item before saving.")
            )
            return False
        return all(results)

    def kept_lines(self) -> int:
        """Count the filled lines that are not marked for removal."""
        return sum(
            1
            for formset in self.formsets.values()
            for form in formset.forms
            if form.has_changed() or form.instance.pk
            if not formset._should_delete_form(form)
        )


def append_entry(data, kind, entry):
    """Copy a valid entry row into the formset's data as a new row."""
    total = data.get(f"{kind}-TOTAL_FORMS", "")
    count = int(total) if total.isdigit() and len(total) < 5 else 0
    for name in LINE_FIELDS[kind]:
        value = entry.data.get(entry.add_prefix(name), "")
        data[f"{kind}-{count}-{name}"] = value
        data[entry.add_prefix(name)] = ""
    data[f"{kind}-TOTAL_FORMS"] = str(count + 1)


class OpeningBalanceFormView(SaveActionMixin, StaffMixin, View):
    """NEW and edit of an opening balance, for the current branch."""

    template_name = "sales/opening_balance_form.html"
    list_url_name = "sales:opening_balances"
    new_url_name = "sales:opening_balance_new"
    edit_url_name = "sales:opening_balance_edit"

    def get_permission_required(self):
        if "pk" in self.kwargs:
            return ["sales.change_openingbalance"]
        return ["sales.add_openingbalance"]

    def get_balance(self):
        if "pk" not in self.kwargs:
            return OpeningBalance(branch=self.request.branch)
        # Only the branch that entered a balance edits it; the customer must
        # still be selectable there.
        return get_object_or_404(
            OpeningBalance.objects.filter(
                branch=self.request.branch,
                customer__in=Customer.objects.selectable_at(self.request.branch).values(
                    "pk"
                ),
            ).select_related("customer", "branch"),
            pk=self.kwargs["pk"],
        )

    def get(self, request, **kwargs):
        self.object = self.get_balance()
        return self.render(LineForms(None, self.object, request.branch))

    def post(self, request, **kwargs):
        self.object = self.get_balance()
        data = request.POST.copy()
        forms = LineForms(data, self.object, request.branch)
        add = data.get("add") if data.get("add") in LINE_FIELDS else None
        remove = REMOVE_VALUE.match(data.get("remove", ""))
        # Enter in a text box presses the hidden first button, "refresh".
        refresh = "refresh" in data
        saving = not (add or remove or refresh)

        entries_valid = True
        for kind, entry in forms.entries.items():
            if add == kind and not entry.has_changed():
                entry.is_valid()
                entry.add_error(LINE_FIELDS[kind][0], _("Fill in this line first."))
                entries_valid = False
                continue
            if not (add == kind or refresh or saving) or not entry.has_changed():
                continue
            # A line typed on the entry row but not added yet is added now.
            if entry.is_valid():
                append_entry(data, kind, entry)
            else:
                entries_valid = False
        if remove:
            data[f"{remove.group(1)}-{remove.group(2)}-DELETE"] = "on"

        if not saving or not entries_valid:
            forms = self.rebind(data, forms)
            return self.render(forms, quiet_header=not saving)

        forms = LineForms(data, self.object, request.branch)
        if not forms.is_valid():
            logger.debug("Opening balance form invalid at branch %s", request.branch.pk)
            return self.render(forms)
        return self.save(forms)

    def rebind(self, data, old):
        """Bind the forms to `data`, keeping entry rows that were invalid."""
        forms = LineForms(data, self.object, self.request.branch)
        for kind, entry in old.entries.items():
            if entry.is_bound and entry.errors:
                forms.entries[kind] = entry
        return forms

    def save(self, forms):
        request = self.request
        first_save = self.object.pk is None
        try:
            with transaction.atomic():
                balance = self.write(forms, first_save)
        except ValidationError as error:
            forms.form.add_error(None, error)
            return self.render(forms)
        except IntegrityError:
            forms.form.add_error(
                None,
                _(
                    "This customer already has an opening balance at this "
                    "branch. Edit that one instead."
                ),
            )
            return self.render(forms)

        self.object = balance
        logger.info(
            "Saved opening balance %s of customer %s at branch %s",
            balance.pk,
            balance.customer_id,
            request.branch.pk,
        )
        messages.success(
            request,
            _("The opening balance of %(name)s (%(code)s) was saved.")
            % {"name": balance.customer.name, "code": balance.customer.code},
        )
        return redirect(self.get_success_url())

    def write(self, forms, first_save):
        request = self.request
        balance = forms.form.save(commit=False)
        customer = lock_customer(balance.customer)
        before = {
            line.pk: line
            for line in OpeningPrepaidLine.objects.filter(
                opening_balance_id=balance.pk, is_removed=False
            ).select_related("item")
        }
        balance.updated_by = request.user
        if first_save:
            balance.created_by = request.user
            balance.branch = request.branch
        balance.save()

        dues = forms.formsets[DUE]
        dues.instance = balance
        dues.save()

        prepaids = forms.formsets[PREPAID]
        prepaids.instance = balance
        prepaids.save(commit=False)
        changes = []
        for line in prepaids.new_objects:
            line.opening_balance = balance
            line.save()
            changes.append(LineChange(line=line))
        for line, _fields in prepaids.changed_objects:
            line.save()
            changes.append(LineChange(line=line, before=before[line.pk]))
        for line in prepaids.deleted_objects:
            line.is_removed = True
            line.save(update_fields=["is_removed"])
            changes.append(LineChange(line=line, before=before[line.pk], removed=True))
        post_line_changes(
            changes, branch=request.branch, user=request.user, first_save=first_save
        )

        if due_balance(customer) < 0:
            raise ValidationError(
                _(
                    "The due lines total less than the customer has already "
                    "paid. Keep at least the amount paid."
                ),
                code="below_paid",
            )
        return balance

    def render(self, forms, quiet_header=False):
        if quiet_header:
            # Adding or removing a line is not a save, so the header shows
            # what was typed without errors such as "Choose a customer".
            header = forms.form
            forms.form = OpeningBalanceForm(
                initial={name: header[name].data for name in header.fields},
                instance=self.object,
                branch=self.request.branch,
            )
        context = {
            "object": self.object if self.object.pk else None,
            "form": forms.form,
            "due_formset": forms.formsets[DUE],
            "prepaid_formset": forms.formsets[PREPAID],
            "due_entry": forms.entries[DUE],
            "prepaid_entry": forms.entries[PREPAID],
            "due_total": forms.formsets[DUE].total("amount"),
            "prepaid_total": forms.formsets[PREPAID].total("amount"),
            "prepaid_quantity": forms.formsets[PREPAID].total("quantity"),
        }
        return render(self.request, self.template_name, context)
