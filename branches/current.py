"""The current branch of a staff session.

The branch is stored in the session under SESSION_KEY and checked against
the user's branch visibility on every request, so a membership change takes
effect on the next request.
"""

from branches.models import Branch

SESSION_KEY = "wess_branch_id"


def allowed_branches(user):
    if not user.is_authenticated:
        return Branch.objects.none()
    return Branch.objects.for_user(user).active()


def resolve_current_branch(request):
    """Return the session's branch if the user may still work there.

    Falls back to the first branch the user works at, and to None for a user
    who works at none.
    """
    allowed = allowed_branches(request.user)
    branch_id = request.session.get(SESSION_KEY)
    branch = None
    if branch_id is not None:
        branch = allowed.filter(pk=branch_id).first()
    if branch is None:
        branch = allowed.order_by("name").first()
        if branch is not None:
            request.session[SESSION_KEY] = branch.pk
    return branch


def set_current_branch(request, branch):
    request.session[SESSION_KEY] = branch.pk
