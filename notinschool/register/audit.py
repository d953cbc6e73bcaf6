"""The register's audit entries: one for every read and every change of a child's data.

Entries hold the child's opaque id and what was done, never the child's name.
"""

from notinschool.audit.actions import Action
from notinschool.audit.services import audit_record

TARGET = "register.child"


def audit_read(*, request, la, child_id: str = "", what: str, details: dict | None = None) -> None:
    """Record that someone saw a child's data (or a list of children)."""
    audit_record(
        action=Action.PERSONAL_DATA_READ,
        request=request,
        local_authority=la,
        target_type=TARGET,
        target_id=child_id,
        details={"what": what, **(details or {})},
    )


def audit_change(*, request=None, by=None, la, child_id: str = "", what: str, details: dict | None = None) -> None:
    """Record that someone added, changed or erased a child's data."""
    audit_record(
        action=Action.PERSONAL_DATA_CHANGED,
        actor=by,
        request=request,
        local_authority=la,
        target_type=TARGET,
        target_id=child_id,
        details={"what": what, **(details or {})},
    )


def audit_not_found(*, request, la, child_id: str) -> None:
    """Record a request for a child this LA does not hold: a mistyped link, or someone
    trying another LA's ids. Audited as a refused access."""
    audit_record(
        action=Action.ACCESS_REFUSED,
        request=request,
        local_authority=la,
        target_type=TARGET,
        target_id=child_id[:100],
        details={"reason": "no such child in this LA's register", "path": request.path[:300]},
    )
