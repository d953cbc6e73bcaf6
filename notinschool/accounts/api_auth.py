"""Bearer-token authentication for /api/v1/, for other apps' django-ninja routers.

    from notinschool.accounts.api_auth import LATokenAuth
    router = Router(auth=LATokenAuth(scope="returns:read"))

`request.auth` is then the `APIToken`: `request.auth.local_authority` is the only LA the call
may touch, and `request.auth.has_scope("returns:submit")` says what else it may do.
"""

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from notinschool.accounts.models import APIToken
from notinschool.accounts.selectors import api_token_by_secret
from notinschool.accounts.services import api_token_used
from notinschool.audit.actions import Action
from notinschool.audit.services import audit_record
from notinschool.core.actor import Actor

# Recording the last use on every call would write on every request; a minute is precise enough.
LAST_USED_PRECISION = timedelta(minutes=1)


class LATokenAuth(HttpBearer):
    """An LA's API token, not revoked, holding `scope` when one is given.

    Unknown or revoked tokens get 401; a good token without the scope gets 403. Every use and
    every refusal is audited.
    """

    def __init__(self, scope: str | None = None):
        self.scope = str(scope) if scope else None
        super().__init__()

    @property
    def rule(self) -> str:
        """How the URL access walk describes this authentication."""
        return f"api-token:{self.scope}" if self.scope else "api-token"

    def authenticate(self, request: HttpRequest, token: str) -> APIToken | None:
        """Look the token up by its hash; refuse revoked tokens and missing scopes."""
        found = api_token_by_secret(token)
        if found is None or not found.is_active:
            audit_record(
                action=Action.TOKEN_REFUSED,
                actor=Actor.from_request(request),
                local_authority=found.local_authority if found else None,
                target_type="api-token",
                target_id=str(found.pk) if found else "",
                details={"reason": "revoked" if found else "unknown", "path": request.path[:300]},
            )
            return None
        if self.scope and not found.has_scope(self.scope):
            audit_record(
                action=Action.TOKEN_REFUSED,
                actor=Actor.from_request(request),
                local_authority=found.local_authority,
                target_type="api-token",
                target_id=str(found.pk),
                details={"reason": f"lacks scope {self.scope}", "path": request.path[:300]},
            )
            raise HttpError(403, f"This token may not do this: it needs the {self.scope} scope.")
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_PRECISION:
            api_token_used(token=found, at=now)
            found.last_used_at = now
        audit_record(
            action=Action.TOKEN_USED,
            actor=Actor.from_request(request),
            local_authority=found.local_authority,
            target_type="api-token",
            target_id=str(found.pk),
            details={"method": request.method, "path": request.path[:300]},
        )
        return found
