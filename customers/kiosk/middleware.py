import logging

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from customers.kiosk.session import end_kiosk, kiosk_branch, kiosk_marker

logger = logging.getLogger(__name__)

KIOSK_PREFIX = "/kiosk/"
# Stylesheets, scripts and fonts of the kiosk pages.
ALLOWED_PREFIXES = (KIOSK_PREFIX, "/static/")


class KioskMiddleware:
    """Confine a browser in kiosk mode to the /kiosk/ pages.

    In a kiosk session every other URL, /admin/ included, redirects to the
    kiosk start, `request.kiosk_branch` is the kiosk's branch and no user
    is logged in. Every kiosk page, in kiosk mode or not, is sent with
    Cache-Control: no-store, so Back and reload after a submission fetch
    the page again instead of showing what was typed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.kiosk_branch = None
        if kiosk_marker(request) is not None:
            response = self.confine(request)
        else:
            response = self.get_response(request)
        if request.path.startswith(KIOSK_PREFIX) or request.kiosk_branch:
            add_never_cache_headers(response)
        return response

    def confine(self, request):
        branch = kiosk_branch(request)
        if branch is None:
            # The branch was deactivated or deleted: the kiosk cannot go on.
            logger.info("Ended a kiosk session whose branch is no longer active")
            end_kiosk(request)
            return redirect("login")

        request.kiosk_branch = branch
        # A kiosk session never acts as a staff user, even if one somehow
        # logged in within it.
        request.user = AnonymousUser()
        request.branch = None
        if not request.path.startswith(ALLOWED_PREFIXES):
            return redirect("kiosk:home")
        return self.get_response(request)
