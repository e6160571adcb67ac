"""The "Self-entries to review" list and the review of one held entry."""

import logging

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from customers.models import Customer, SelfEntry
from customers.models.programmes import format_answer
from customers.programmes import selfentry
from customers.programmes.answers import answers_from_json
from customers.programmes.filters import SelfEntryFilter
from customers.programmes.tables import SelfEntryTable
from wess.listing import configure_table
from wess.views import StaffMixin

logger = logging.getLogger(__name__)

ACTIONS = ("attach", "accept", "discard")


def branch_entries(request):
    """Self-entries made at the current branch's kiosks."""
    return SelfEntry.objects.filter(branch=request.branch)


class SelfEntryListView(StaffMixin, TemplateView):
    permission_required = "customers.review_selfentry"
    template_name = "programmes/selfentry_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = branch_entries(self.request).select_related("programme")
        filterset = SelfEntryFilter(self.request.GET, queryset=entries)
        filterset.is_valid()
        table = configure_table(
            self.request, SelfEntryTable(filterset.qs), filterset=filterset
        )
        context.update(filter=filterset, table=table)
        return context


def comparison_rows(details: dict, customer: Customer | None):
    """Rows of (field name, label, existing value, entered value, pre-ticked).

    Only fields the entry filled in are listed. Without a customer, the
    existing values are empty.
    """
    rows = []
    for name in selfentry.DETAIL_FIELDS:
        entered = details.get(name)
        if entered in (None, "", False):
            continue
        field = Customer._meta.get_field(name)
        existing = getattr(customer, name) if customer is not None else None
        rows.append(
            {
                "name": name,
                "label": field.verbose_name,
                "existing": display_value(field, existing),
                "entered": display_value(field, entered),
                "differs": existing != entered,
                "ticked": existing in (None, "", False),
            }
        )
    return rows


def display_value(field, value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class SelfEntryReviewView(StaffMixin, TemplateView):
    """Attach a held entry to a matching customer, accept it, or discard it."""

    permission_required = "customers.review_selfentry"
    template_name = "programmes/selfentry_review.html"

    def get_entry(self):
        return get_object_or_404(
            branch_entries(self.request).select_related(
                "programme", "customer", "reviewed_by"
            ),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.get_entry()
        details = selfentry.details_from_json(entry.details)
        answers = answers_from_json(entry.programme, entry.answers)
        matches = []
        if entry.status == SelfEntry.Status.PENDING:
            matches = [
                {
                    "customer": match,
                    "rows": comparison_rows(details, match),
                }
                for match in selfentry.find_matches(entry.branch, details)
            ]
        context.update(
            entry=entry,
            details=comparison_rows(details, None),
            answers=[
                (question, format_answer(value))
                for question, value in sorted(
                    answers.items(), key=lambda item: (item[0].position, item[0].pk)
                )
            ],
            matches=matches,
        )
        return context

    def post(self, request, *args, **kwargs):
        entry = self.get_entry()
        action = request.POST.get("action")
        if action not in ACTIONS:
            messages.error(request, _("Choose attach, accept or discard."))
            return redirect("customers:selfentry_review", entry.pk)

        with transaction.atomic():
            if action == "attach":
                done = self.attach(entry)
            elif action == "accept":
                done = selfentry.accept_entry(entry, request.user)
            else:
                done = selfentry.discard_entry(entry, request.user)

        if done is None or done is False:
            if action != "attach":
                messages.warning(request, _("This self-entry was already reviewed."))
            return redirect("customers:selfentry_review", entry.pk)
        if action == "attach":
            messages.success(
                request,
                _("The self-entry of %(name)s was attached to %(customer)s.")
                % {"name": entry.name, "customer": done.customer},
            )
            return redirect(done.customer)
        if action == "accept":
            messages.success(
                request,
                _("%(name)s was added as a new customer with code %(code)s.")
                % {"name": done.name, "code": done.code},
            )
            return redirect(done)
        messages.success(
            request,
            _("The self-entry of %(name)s was discarded.") % {"name": entry.name},
        )
        return redirect("customers:selfentry_list")

    def attach(self, entry):
        """Attach inside the view's transaction; None with a message if not done."""
        try:
            customer_id = int(self.request.POST.get("customer", ""))
        except ValueError:
            customer_id = None
        customer = (
            Customer.objects.selectable_at(self.request.branch)
            .select_for_update(of=("self",))
            .filter(pk=customer_id)
            .first()
        )
        if customer is None:
            messages.error(
                self.request,
                _("Choose a published customer of this branch to attach the entry to."),
            )
            return None
        enrolment = selfentry.attach_entry(
            entry, customer, self.request.POST.getlist("update"), self.request.user
        )
        if enrolment is None:
            messages.warning(self.request, _("This self-entry was already reviewed."))
        return enrolment
