from branches.current import resolve_current_branch


class CurrentBranchMiddleware:
    """Attach `request.branch`: the staff user's current branch, or None."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.branch = None
        if request.user.is_authenticated:
            request.branch = resolve_current_branch(request)
        return self.get_response(request)
