"""The running-sequence reference code screen, for managers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from customers.forms import CodeSequenceForm
from customers.models import CodeSequence
from wess.views import StaffMixin


class CodeSequenceView(StaffMixin, FormView):
    """Lists every sequence with a preview of its next code, and edits one.

    `?id=` picks the sequence to edit; without it the form adds a sequence.
    """

    permission_required = "customers.change_codesequence"
    template_name = "customers/code_sequence.html"
    form_class = CodeSequenceForm

    def get_sequence(self):
        raw = self.request.GET.get("id") or self.request.POST.get("id")
        if not raw:
            return None
        if not str(raw).isdigit():
            return None
        return get_object_or_404(CodeSequence, pk=raw)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_sequence()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sequences"] = CodeSequence.objects.select_related("branch").order_by(
            "branch__name"
        )
        return context

    def form_valid(self, form):
        sequence = form.save()
        messages.success(
            self.request,
            _("Code sequence saved. The next code is %(code)s.")
            % {"code": sequence.format(sequence.next_number)},
        )
        return redirect(f"{self.request.path}?id={sequence.pk}")
