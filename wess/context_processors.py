from django.conf import settings

from branches.current import allowed_branches


def wess(request):
    """Add the current branch, the switcher's branches and company settings."""
    branch = getattr(request, "branch", None)
    user = getattr(request, "user", None)
    switchable = []
    if user is not None and user.is_authenticated:
        switchable = list(allowed_branches(user).order_by("name"))
    return {
        "current_branch": branch,
        "switchable_branches": switchable,
        "company_name": settings.WESS_COMPANY_NAME,
        "currency": settings.WESS_CURRENCY,
        "page_sizes": settings.WESS_LISTING_PAGE_SIZES,
    }
