"""Reading the audit log for the administrator's page and CSV export."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from notinschool.audit.models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    """What the administrator asked to see. Empty values mean "any"."""

    actor_email: str = ""
    action: str = ""
    local_authority_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def audit_entries(criteria: AuditFilter | None) -> QuerySet[AuditEntry]:
    """Entries matching the filter, newest first. Dates are whole days in UK time, inclusive.
    No filter (one that could not be read) selects nothing."""
    if criteria is None:
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.select_related("local_authority")
    if criteria.actor_email:
        entries = entries.filter(actor_email__iexact=criteria.actor_email.strip())
    if criteria.action:
        entries = entries.filter(action=criteria.action)
    if criteria.local_authority_id:
        entries = entries.filter(local_authority_id=criteria.local_authority_id)
    if criteria.date_from:
        entries = entries.filter(occurred_at__gte=_start_of(criteria.date_from))
    if criteria.date_to:
        entries = entries.filter(occurred_at__lt=_start_of(criteria.date_to + timedelta(days=1)))
    return entries.order_by("-occurred_at", "-id")
