from django.conf import settings

from branches.current import switchable_branches


def wess(request):
    """Add the current branch, the switcher's branches and company settings."""
    return {
        "current_branch": getattr(request, "branch", None),
        "switchable_branches": switchable_branches(request),
        "company_name": settings.WESS_COMPANY_NAME,
        "currency": settings.WESS_CURRENCY,
        "page_sizes": settings.WESS_LISTING_PAGE_SIZES,
        "login_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
