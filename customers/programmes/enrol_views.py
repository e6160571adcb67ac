"""Enrolment from the staff side: a customer's page enrols them in a programme."""

import logging

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from customers.models import Customer, Enrolment
from customers.programmes.answers import answers_from_cleaned, record_enrolment
from customers.programmes.forms import EnrolmentForm, ProgrammeChoiceForm
from wess.views import StaffMixin

logger = logging.getLogger(__name__)


class EnrolView(StaffMixin, TemplateView):
    """Choose a programme (`programme` in the query), then answer its questions.

    Only published customers are enrolled; the customer id is checked
    against the current branch's selectable customers again on save.
    """

    permission_required = "customers.add_enrolment"
    template_name = "programmes/enrol_form.html"

    def dispatch(self, request, *args, **kwargs):
        allowed = (
            request.user.is_authenticated
            and request.branch is not None
            and self.has_permission()
        )
        if not allowed:
            return super().dispatch(request, *args, **kwargs)
        self.customer = get_object_or_404(
            Customer.objects.visible_at(request.branch), pk=kwargs["customer_id"]
        )
        if not self.customer.is_published:
            messages.error(
                request,
                _("%(name)s is unpublished. Publish the customer before enrolling.")
                % {"name": self.customer.name},
            )
            return redirect(self.customer)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        source = (
            self.request.POST if self.request.method == "POST" else self.request.GET
        )
        choice = ProgrammeChoiceForm(source if source.get("programme") else None)
        programme = choice.cleaned_data["programme"] if choice.is_valid() else None
        form = None
        if programme is not None:
            form = EnrolmentForm(
                self.request.POST if self.request.method == "POST" else None,
                questions=programme.active_questions(),
            )
        context.update(
            customer=self.customer, choice=choice, programme=programme, form=form
        )
        return context

    def post(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        form = context["form"]
        if form is None or not form.is_valid():
            return self.render_to_response(context)

        with transaction.atomic():
            customer = (
                Customer.objects.selectable_at(request.branch)
                .select_for_update(of=("self",))
                .filter(pk=self.customer.pk)
                .first()
            )
            if customer is None:
                messages.error(request, _("This customer can no longer be enrolled."))
                return redirect(self.customer)
            enrolment = record_enrolment(
                customer=customer,
                programme=context["programme"],
                branch=request.branch,
                answers=answers_from_cleaned(form.questions, form.cleaned_data),
                source=Enrolment.Source.STAFF,
                created_by=request.user,
                enrolled_on=form.cleaned_data["enrolled_on"],
            )

        logger.info(
            "Enrolled customer %s in programme %s (enrolment %s) at branch %s",
            customer.pk,
            enrolment.programme_id,
            enrolment.pk,
            request.branch.pk,
        )
        messages.success(
            request,
            _("%(name)s was enrolled in %(programme)s.")
            % {"name": customer.name, "programme": enrolment.programme},
        )
        return redirect(customer)
