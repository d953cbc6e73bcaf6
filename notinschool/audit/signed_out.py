"""Recording requests for protected pages from people not signed in, summarised (ADR 0313).

A scan sends thousands of such requests; one audit entry each would bury everything else and
fill the table. Instead, in each ten-minute window: the first request from an address is
recorded with its page; then one entry when that address reaches 10, 100, 1,000… requests,
saying how many so far and which page was last; and at most `NETWORK_LIMIT` entries in all,
after which one entry says that recording stopped for the rest of the window. Counting is in
the shared cache (Redis when configured), so every app server counts together.
"""

import time

from django.core.cache import cache
from django.http import HttpRequest

from notinschool.audit.actions import Action
from notinschool.audit.services import audit_record, client_ip
from notinschool.core.actor import Actor

WINDOW_SECONDS = 10 * 60
NETWORK_LIMIT = 200  # entries in one window, from every address together
_KEEP = WINDOW_SECONDS * 2


def _milestone(count: int) -> bool:
    """1, 10, 100, 1,000…: the counts at which an address's requests are written down."""
    while count >= 10 and count % 10 == 0:
        count //= 10
    return count == 1


def _count(key: str) -> int:
    cache.add(key, 0, _KEEP)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, _KEEP)
        return 1


def record_signed_out_request(request: HttpRequest) -> bool:
    """Count a signed-out request for a protected page and audit it when it is the first from
    its address in the window, or a milestone. Returns True when an entry was written."""
    window = int(time.time() // WINDOW_SECONDS)
    address = client_ip(request) or "unknown"
    count = _count(f"audit:signed-out:{window}:{address}")
    if not _milestone(count):
        return False
    written = _count(f"audit:signed-out:{window}:entries")
    if written > NETWORK_LIMIT + 1:
        return False
    if written == NETWORK_LIMIT + 1:
        details = {"limit": NETWORK_LIMIT, "window_minutes": WINDOW_SECONDS // 60}
        audit_record(action=Action.SIGNED_OUT_LIMIT, actor=Actor.from_request(request), details=details)
        return True
    audit_record(
        action=Action.SIGNED_OUT_REQUEST,
        actor=Actor.from_request(request),
        details={
            "path": request.path[:300],
            "method": request.method,
            "requests_from_address": count,
            "window_minutes": WINDOW_SECONDS // 60,
        },
    )
    return True
