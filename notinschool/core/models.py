"""Base models shared by every app."""

from django.db import models


class ImmutableRecordError(RuntimeError):
    """Raised when code tries to change or delete a record that must never change."""


class ImmutableQuerySet(models.QuerySet):
    """Bulk updates and deletes are refused, as single ones are."""

    def update(self, **kwargs):
        raise ImmutableRecordError(f"{self.model.__name__} records are never changed")

    def delete(self):
        raise ImmutableRecordError(f"{self.model.__name__} records are never deleted")


class ImmutableModel(models.Model):
    """A record written once: saving an existing row or deleting one raises ImmutableRecordError.

    Only cascades from a parent's deletion can remove rows (for example test teardown, or a
    deliberate, audited erasure of a whole parent record).
    """

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(f"{type(self).__name__} records are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(f"{type(self).__name__} records are never deleted")
