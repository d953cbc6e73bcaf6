"""Reading the emails sent: those about one LA's return for a period, newest first."""

from django.db.models import QuerySet

from notinschool.notifications.models import Notification


def notifications_about(*, local_authority, period: str) -> QuerySet[Notification]:
    """Every email about this LA's return for the period, newest first, with who made it happen."""
    return (
        Notification.objects.filter(local_authority=local_authority, period=period)
        .select_related("actor")
        .order_by("-created_at", "recipient")
    )


def notifications_with_key(prefix: str) -> QuerySet[Notification]:
    """The emails whose idempotency key starts with `prefix` (one notify call, or a family of them)."""
    return Notification.objects.filter(idempotency_key__startswith=prefix)
