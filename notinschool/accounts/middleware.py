"""Session expiry: signed-in sessions end after 30 minutes idle or 12 hours in all.

Django's own session expiry is reset each time the session is saved, so on its own it cannot
give an absolute limit; this middleware keeps the time of sign-in and of the last request.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from notinschool.audit.actions import Action
from notinschool.audit.services import audit_record
from notinschool.core.actor import Actor

SIGNED_IN_AT = "notinschool_signed_in_at"
LAST_SEEN_AT = "notinschool_last_seen_at"
# Saving the session on every request would write to the database every time; a minute's
# precision is plenty for a 30-minute limit.
TOUCH_EVERY_SECONDS = 60


class SessionTimeoutMiddleware:
    """End a signed-in session that has been idle too long or has lasted too long."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen_at = session.get(LAST_SEEN_AT, now)
            idle = now - last_seen_at > settings.NOTINSCHOOL_SESSION_IDLE_SECONDS
            too_old = now - signed_in_at > settings.NOTINSCHOOL_SESSION_MAX_SECONDS
            if idle or too_old:
                audit_record(action=Action.SESSION_EXPIRED, actor=Actor.from_request(request), details={"idle": idle})
                logout(request)
                messages.info(request, "You were signed out because you had not used the service for a while.")
                return redirect_to_login(request.get_full_path())
            if now - last_seen_at >= TOUCH_EVERY_SECONDS or LAST_SEEN_AT not in session:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)
