import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, UpdateView

from branches.current import allowed_branches, set_current_branch
from branches.forms import BranchPreferenceForm
from branches.models import Branch
from branches.tables import BranchTable
from wess.listing import configure_table
from wess.views import SaveActionMixin, StaffMixin

logger = logging.getLogger(__name__)


@require_POST
@login_required
def switch_branch(request):
    """Make the posted branch current, if the user works there."""
    raw = request.POST.get("branch", "")
    branch = None
    if raw.isdigit():
        branch = allowed_branches(request.user).filter(pk=raw).first()
    if branch is None:
        logger.info("Rejected branch %r for user %s", raw[:20], request.user.pk)
        raise PermissionDenied(_("You do not work at that branch."))

    set_current_branch(request, branch)
    messages.info(request, _("You are now working at %(branch)s.") % {"branch": branch})
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("customers:list")


def may_manage(user, branch) -> bool:
    """Return whether `user` may change `branch`'s preferences: a manager with
    the permission who works at that branch, or a superuser."""
    if not user.has_perm("branches.change_branch_preference"):
        return False
    return Branch.objects.for_user(user).filter(pk=branch.pk).exists()


class BranchListView(StaffMixin, TemplateView):
    permission_required = "branches.view_branch"
    template_name = "branches/branch_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        branches = Branch.objects.prefetch_related("shares_customers_with")
        table = configure_table(self.request, BranchTable(branches))
        context.update(
            table=table,
            managed_ids=set(
                Branch.objects.for_user(self.request.user).values_list("pk", flat=True)
            ),
        )
        return context


class BranchPreferenceView(SaveActionMixin, StaffMixin, UpdateView):
    """The branch form with its PREFERENCE section.

    Saving changes who sees this branch's customers from the next request on,
    because visibility is read from the database on every request.
    """

    permission_required = "branches.change_branch_preference"
    model = Branch
    form_class = BranchPreferenceForm
    template_name = "branches/branch_form.html"
    list_url_name = "branches:list"
    new_url_name = "branches:list"
    edit_url_name = "branches:edit"

    def get_object(self, queryset=None):
        branch = super().get_object(queryset)
        if not may_manage(self.request.user, branch):
            raise PermissionDenied(_("You do not manage this branch."))
        return branch

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["receives_from"] = self.object.receives_customers_from.order_by("name")
        return context

    def form_valid(self, form):
        self.object = form.save()
        shared = sorted(b.code for b in self.object.shares_customers_with.all())
        logger.info(
            "Branch %s now shares its customers with %s (changed by user %s)",
            self.object.pk,
            shared,
            self.request.user.pk,
        )
        messages.success(
            self.request, _("Branch %(name)s was saved.") % {"name": self.object.name}
        )
        return redirect(self.get_success_url())
