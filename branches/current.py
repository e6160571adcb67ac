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


def switchable_branches(request) -> list:
    """Return the branches the request's user works at, read once per request.

    The navbar switcher and the current-branch check both need the list, and
    table cells rendered from templates run the context processors again.
    """
    if not hasattr(request, "_wess_switchable_branches"):
        branches = []
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            branches = list(allowed_branches(user).order_by("name"))
        request._wess_switchable_branches = branches
    return request._wess_switchable_branches


def resolve_current_branch(request):
    """Return the session's branch if the user may still work there.

    Falls back to the first branch the user works at, and to None for a user
    who works at none.
    """
    allowed = switchable_branches(request)
    branch_id = request.session.get(SESSION_KEY)
    branch = next((branch for branch in allowed if branch.pk == branch_id), None)
    if branch is None and allowed:
        branch = allowed[0]
        request.session[SESSION_KEY] = branch.pk
    return branch


def set_current_branch(request, branch):
    request.session[SESSION_KEY] = branch.pk
