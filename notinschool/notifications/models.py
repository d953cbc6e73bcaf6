"""Every email the service sends, one row per recipient: who, when, what, and about which return."""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """One email to one person. Its idempotency key makes it once-only: asking again for the
    same key sends nothing more, and a job run again after a crash skips what was sent."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent"

    kind = models.CharField(max_length=60)
    idempotency_key = models.CharField(max_length=255, unique=True)
    batch_key = models.CharField(max_length=200, db_index=True)
    recipient = models.EmailField()
    subject = models.CharField(max_length=250)
    body = models.TextField()
    # False for an email carrying a one-time link: its body is blanked once sent.
    keep_body = models.BooleanField(default=True)
    # The return it is about, if any, named by its LA and period (an LA that has not started
    # has no return record yet): the return's page lists its emails.
    local_authority = models.ForeignKey(
        "places.LocalAuthority", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    period = models.CharField(max_length=20, blank=True)
    return_record = models.ForeignKey(
        "returns.Return", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_email = models.EmailField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "recipient"]
        indexes = [models.Index(fields=["local_authority", "period", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient} ({self.get_status_display().lower()})"
