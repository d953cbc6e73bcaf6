"""The register's audit entries: one for every read and every change of a child's data.

Entries hold the child's opaque id and what was done, never the child's name.
"""

from notinschool.audit.actions import Action
from notinschool.audit.services import audit_record
from notinschool.core.actor import Actor

TARGET = "register.child"


def audit_read(*, actor: Actor, la, child_id: str = "", what: str, details: dict | None = None) -> None:
    """Record that someone saw a child's data (or a list of children)."""
    audit_record(
        action=Action.PERSONAL_DATA_READ,
        actor=actor,
        local_authority=la,
        target_type=TARGET,
        target_id=child_id,
        details={"what": what, **(details or {})},
    )


def audit_change(*, actor: Actor, la, child_id: str = "", what: str, details: dict | None = None) -> None:
    """Record that someone added, changed or erased a child's data."""
    audit_record(
        action=Action.PERSONAL_DATA_CHANGED,
        actor=actor,
        local_authority=la,
        target_type=TARGET,
        target_id=child_id,
        details={"what": what, **(details or {})},
    )


def audit_not_found(*, actor: Actor, la, child_id: str, path: str, owner=None) -> None:
    """Record a request for a child this LA does not hold: a mistyped link, or someone trying
    another LA's ids. Audited as a refused access under the person's own LA and, when the id
    is another LA's child (`owner`), under that LA too, so the child's LA sees the attempt."""
    details = {"reason": "no such child in this LA's register", "path": path[:300]}
    audit_record(
        action=Action.ACCESS_REFUSED,
        actor=actor,
        local_authority=la,
        target_type=TARGET,
        target_id=child_id[:100],
        details=details,
    )
    if owner is not None and owner != la:
        audit_record(
            action=Action.ACCESS_REFUSED,
            actor=actor,
            local_authority=owner,
            target_type=TARGET,
            target_id=child_id[:100],
            details={
                "reason": "a person in another LA asked for this LA's child",
                "from_la": getattr(la, "old_code", ""),
                "path": path[:300],
            },
        )
