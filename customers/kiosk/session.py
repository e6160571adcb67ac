"""The kiosk marker and the in-progress self-entry, both kept in the session.

A kiosk session holds no staff login, only KIOSK_KEY: the branch id and a
random kiosk id used for rate limits. The customer's typed answers wait
under DRAFT_KEY until submission, never in hidden form fields, and are
discarded once the kiosk has been idle for `idle_seconds()`.
"""

import secrets
import time

from django.conf import settings
from django.contrib.auth import logout

from branches.models import Branch

KIOSK_KEY = "wess_kiosk"
DRAFT_KEY = "wess_kiosk_draft"
DEFAULT_IDLE_SECONDS = 180


def idle_seconds() -> int:
    """Seconds without activity after which the kiosk forgets the entry."""
    return getattr(settings, "WESS_KIOSK_IDLE_SECONDS", DEFAULT_IDLE_SECONDS)


def start_kiosk(request, branch):
    """Log the staff user out and turn the session into a kiosk for `branch`."""
    logout(request)
    request.session[KIOSK_KEY] = {
        "branch": branch.pk,
        "kiosk": secrets.token_hex(16),
    }


def kiosk_marker(request) -> dict | None:
    marker = request.session.get(KIOSK_KEY)
    if isinstance(marker, dict) and isinstance(marker.get("branch"), int):
        return marker
    return None


def kiosk_branch(request):
    """Return the branch of a kiosk session, or None for other sessions."""
    marker = kiosk_marker(request)
    if marker is None:
        return None
    return Branch.objects.active().filter(pk=marker["branch"]).first()


def kiosk_id(request) -> str:
    marker = kiosk_marker(request) or {}
    return str(marker.get("kiosk", ""))


def end_kiosk(request):
    request.session.flush()


class Draft:
    """The self-entry being typed: per step, the values posted for its fields.

    Values are stored as posted (strings and lists of strings), so a step
    shows them again exactly as typed; submission validates every step again.
    """

    def __init__(self, request):
        self.session = request.session
        stored = self.session.get(DRAFT_KEY)
        self.data = stored if isinstance(stored, dict) else {}

    @property
    def is_empty(self) -> bool:
        return not self.data.get("steps") and not self.data.get("programme")

    def expired(self, now=None) -> bool:
        touched = self.data.get("touched")
        if not isinstance(touched, int | float):
            return False
        return (now or time.time()) - touched > idle_seconds()

    def touch(self):
        self.data["touched"] = time.time()
        self.save()

    def save(self):
        self.session[DRAFT_KEY] = self.data
        self.session.modified = True

    def clear(self):
        self.data = {}
        self.session.pop(DRAFT_KEY, None)

    @property
    def programme_id(self) -> int | None:
        value = self.data.get("programme")
        return value if isinstance(value, int) else None

    def set_programme(self, programme_id: int):
        if self.programme_id != programme_id:
            # Answers to another programme's questions no longer apply.
            self.data.get("steps", {}).pop("questions", None)
            self.data.get("done", {}).pop("questions", None)
        self.data["programme"] = programme_id
        self.mark_done("programme")

    def step_values(self, step: str) -> dict:
        values = self.data.get("steps", {}).get(step)
        return values if isinstance(values, dict) else {}

    def set_step_values(self, step: str, values: dict):
        self.data.setdefault("steps", {})[step] = values

    def is_done(self, step: str) -> bool:
        return bool(self.data.get("done", {}).get(step))

    def mark_done(self, step: str, done: bool = True):
        self.data.setdefault("done", {})[step] = done
