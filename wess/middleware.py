import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

LAST_SEEN_KEY = "wess_last_seen"


class IdleTimeoutMiddleware:
    """Log out a staff session that has been idle too long.

    Counters and tablets are shared, so a session left open is closed after
    WESS_IDLE_TIMEOUT_SECONDS without a request. Zero turns this off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.WESS_IDLE_TIMEOUT_SECONDS
        if limit and request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > limit:
                user_id = request.user.pk
                logout(request)
                logger.info("Logged out user %s after %s s idle", user_id, limit)
                messages.info(
                    request, _("You were logged out after a period without activity.")
                )
                return redirect_to_login(request.get_full_path())
            # Writing the session costs a query, so a minute's precision will do.
            if now - last_seen >= 60 or LAST_SEEN_KEY not in request.session:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
