"""Writing to the audit log. Every app calls `audit_record`; nothing else writes entries."""

from notinschool.audit.models import AuditEntry
from notinschool.core.actor import Actor, client_address

# The name django-axes is configured with (AXES_CLIENT_IP_CALLABLE).
client_ip = client_address


def audit_record(
    *,
    action: str,
    actor: Actor | None = None,
    local_authority=None,
    target_type: str = "",
    target_id: str = "",
    details: dict | None = None,
) -> AuditEntry:
    """Append one entry to the audit log and return it.

    `actor` says who acted and from where (`Actor.from_request` in a view, `Actor.system()` for
    the service itself; a bare user is taken as that user with no address). `details` must be
    JSON-serialisable and should hold identifiers, never personal data beyond what the entry
    is about.
    """
    if actor is not None and not isinstance(actor, Actor):
        actor = Actor.of(actor)
    ip_address = actor.ip_address if actor is not None else None
    user = actor.user if actor is not None else None
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    entry = AuditEntry(
        action=action,
        actor=user,
        actor_email=user.email if user is not None else "",
        ip_address=ip_address,
        local_authority=local_authority,
        target_type=target_type,
        target_id=str(target_id),
        details=details or {},
    )
    entry.save()
    return entry
