"""Fixed-window rate limits for kiosk submissions and exit attempts.

Counters live in Django's default cache, one per kiosk session and one per
client IP address, so a burst from one tablet, or from many sessions opened
at one address, is stopped.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    name: str
    per_kiosk: int
    per_address: int
    window_seconds: int


def submit_limit() -> Limit:
    per_kiosk, per_address, window = getattr(
        settings, "WESS_KIOSK_SUBMIT_LIMIT", (5, 20, 600)
    )
    return Limit("submit", per_kiosk, per_address, window)


def exit_limit() -> Limit:
    per_kiosk, per_address, window = getattr(
        settings, "WESS_KIOSK_EXIT_LIMIT", (5, 20, 300)
    )
    return Limit("exit", per_kiosk, per_address, window)


def client_address(request) -> str:
    # NOTE: behind a reverse proxy REMOTE_ADDR is the proxy's address, so the
    # per-address limit then counts every tablet together.
    return request.META.get("REMOTE_ADDR", "")


def count(key: str, window_seconds: int) -> int:
    # add() only creates a missing key, so the window starts at the first hit.
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:
        # The key expired between add() and incr().
        cache.set(key, 1, timeout=window_seconds)
        return 1


def hit(limit: Limit, kiosk_id: str, request) -> bool:
    """Count one attempt; return whether it is still within the limit.

    NOTE: with the default local-memory cache each server process counts on
    its own, so several worker processes allow several times the limit.
    """
    by_kiosk = count(f"wess-kiosk:{limit.name}:kiosk:{kiosk_id}", limit.window_seconds)
    by_address = count(
        f"wess-kiosk:{limit.name}:ip:{client_address(request)}", limit.window_seconds
    )
    allowed = by_kiosk <= limit.per_kiosk and by_address <= limit.per_address
    # Log the first rejected attempt of a window only, not every one after it.
    if by_kiosk == limit.per_kiosk + 1 or by_address == limit.per_address + 1:
        logger.warning(
            "Kiosk %s rate limit reached: %s from this kiosk, %s from its address",
            limit.name,
            by_kiosk,
            by_address,
        )
    return allowed
