import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.current import allowed_branches, set_current_branch

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
        logger.info("User %s was refused branch %r", request.user.pk, raw[:20])
        raise PermissionDenied(_("You do not work at that branch."))

    set_current_branch(request, branch)
    messages.info(request, _("You are now working at %(branch)s.") % {"branch": branch})
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("customers:list")
