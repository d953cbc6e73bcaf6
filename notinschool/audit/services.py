"""Writing to the audit log. Every app calls `audit_record`; nothing else writes entries."""

from django.http import HttpRequest

from notinschool.audit.models import AuditEntry


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from, as the web server saw it.

    REMOTE_ADDR only: a client can set X-Forwarded-For to anything. Behind a proxy, configure
    the proxy (or gunicorn's forwarded-allow-ips) to set REMOTE_ADDR.
    """
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor=None,
    request: HttpRequest | None = None,
    local_authority=None,
    target_type: str = "",
    target_id: str = "",
    details: dict | None = None,
) -> AuditEntry:
    """Append one entry to the audit log and return it.

    `actor` defaults to the request's signed-in user. `details` must be JSON-serialisable and
    should hold identifiers, never personal data beyond what the entry is about.
    """
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(
        action=action,
        actor=actor,
        actor_email=actor.email if actor is not None else "",
        ip_address=client_ip(request),
        local_authority=local_authority,
        target_type=target_type,
        target_id=str(target_id),
        details=details or {},
    )
    entry.save()
    return entry
