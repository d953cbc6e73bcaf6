"""The audit log: one append-only table of who did what, when, from where, to what."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEntryIsAppendOnly(Exception):
    """Audit entries are written once and never changed or deleted."""


class AuditEntryQuerySet(models.QuerySet):
    """Bulk changes would skip the model's guard, so they are refused too."""

    def update(self, **kwargs):
        raise AuditEntryIsAppendOnly("Audit entries cannot be changed.")

    def delete(self):
        raise AuditEntryIsAppendOnly("Audit entries cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditEntryIsAppendOnly("Audit entries cannot be changed.")


class AuditEntry(models.Model):
    """One thing that happened: a sign-in, a refused page, a token used, a child's record read.

    Write entries with `notinschool.audit.services.audit_record`. The actor is kept both as a
    link and as the email address at the time, so the entry still reads correctly if the
    account later changes. On PostgreSQL a trigger also refuses UPDATE and DELETE.
    """

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    action = models.CharField(max_length=60, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_email = models.CharField(max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    local_authority = models.ForeignKey(
        "places.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=100, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["actor", "occurred_at"]),
            models.Index(fields=["local_authority", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action} by {self.actor_email or 'nobody'}"

    def save(self, *args, **kwargs):
        """Insert only: saving an entry that already exists is refused."""
        if self.pk is not None or not self._state.adding:
            raise AuditEntryIsAppendOnly("Audit entries cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Refused: the log keeps everything."""
        raise AuditEntryIsAppendOnly("Audit entries cannot be deleted.")
