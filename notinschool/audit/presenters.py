"""Display values for audit entries."""

from django.utils import timezone

from notinschool.audit.models import AuditEntry


def when(entry: AuditEntry) -> str:
    """UK local time to the second, like "6 October 2025 14:03:27"."""
    local = timezone.localtime(entry.occurred_at)
    return f"{local.day} {local:%B %Y %H:%M:%S}"
