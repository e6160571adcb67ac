"""The running-sequence reference code screen, for managers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from branches.models import Branch
from customers.forms import CodeSequenceForm, may_manage_all_branches
from customers.models import CodeSequence
from wess.views import StaffMixin


class CodeSequenceView(StaffMixin, FormView):
    """Lists every sequence with a preview of its next code, and edits one.

    `?id=` picks the sequence to edit; without it the form adds a sequence.
    """

    permission_required = "customers.change_codesequence"
    template_name = "customers/code_sequence.html"
    form_class = CodeSequenceForm

    def editable_sequences(self):
        """Return the sequences the user may edit: their branches', and the global
        one for users at every branch."""
        user = self.request.user
        mine = Q(branch__in=Branch.objects.for_user(user).values("pk"))
        if may_manage_all_branches(user):
            mine |= Q(branch__isnull=True)
        return CodeSequence.objects.filter(mine)

    def get_sequence(self):
        raw = str(self.request.GET.get("id") or self.request.POST.get("id") or "")
        if not raw.isdigit() or len(raw) > 18:
            return None
        sequence = get_object_or_404(CodeSequence, pk=raw)
        if not self.editable_sequences().filter(pk=sequence.pk).exists():
            raise PermissionDenied(_("You do not manage this code sequence."))
        return sequence

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=self.get_sequence(), user=self.request.user)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sequences"] = CodeSequence.objects.select_related("branch").order_by(
            "branch__name"
        )
        context["editable_ids"] = set(
            self.editable_sequences().values_list("pk", flat=True)
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
