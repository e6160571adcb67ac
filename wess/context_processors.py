from django.conf import settings

from branches.current import allowed_branches


def switchable_branches(request):
    """Return the branches for the navbar switcher, read once per request.

    Table cells rendered from templates run the context processors again, so
    the list is kept on the request.
    """
    if not hasattr(request, "_wess_switchable_branches"):
        branches = []
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            branches = list(allowed_branches(user).order_by("name"))
        request._wess_switchable_branches = branches
    return request._wess_switchable_branches


def wess(request):
    """Add the current branch, the switcher's branches and company settings."""
    return {
        "current_branch": getattr(request, "branch", None),
        "switchable_branches": switchable_branches(request),
        "company_name": settings.WESS_COMPANY_NAME,
        "currency": settings.WESS_CURRENCY,
        "page_sizes": settings.WESS_LISTING_PAGE_SIZES,
    }
