"""What the Act asks the register to keep current: the history of each required or optional
fact, notifications from parents and providers (s436D, s436E), and transfers between LAs."""

import uuid

from django.db import models

from notinschool.register.models.children import RECORDED_BY, USER_MODEL, Child, Source


class FactChange(models.Model):
    """One change to one fact of the field set (`register.factset`): the value as text, the
    day it took effect, who recorded it and from what source. Never changed; a later change
    is a new row, so the history survives a new field set when regulations are made."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="fact_changes")
    fact = models.CharField(max_length=60)
    value = models.TextField(blank=True)
    changed_on = models.DateField(help_text="The day the change took effect.")
    source = models.CharField(max_length=20, choices=Source.choices, blank=True)
    field_set = models.CharField(max_length=20, help_text="The field set in force when recorded.")
    recorded_by = models.ForeignKey(USER_MODEL, **RECORDED_BY)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "fact", "changed_on", "id"]
        indexes = [models.Index(fields=["child", "fact"], name="register_fact_child")]

    def __str__(self) -> str:
        return f"Fact change {self.pk}"


class Notification(models.Model):
    """Something a parent (s436D) or an education provider (s436E) told the LA, or was asked
    for: what changed, when, by whom, and what is still awaited."""

    class From(models.TextChoices):
        PARENT = "parent", "A parent (s436D)"
        PROVIDER = "provider", "An education provider (s436E)"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="notifications")
    sent_by = models.CharField(max_length=10, choices=From.choices)
    sender_name = models.CharField(max_length=200)
    received_on = models.DateField()
    facts = models.JSONField(default=list, blank=True, help_text="Codes of the facts it changed.")
    what_changed = models.TextField(blank=True)
    awaiting = models.TextField(blank=True, help_text="What is still awaited; blank when nothing is.")
    settled_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER_MODEL, **RECORDED_BY)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "-received_on", "-id"]

    def __str__(self) -> str:
        return f"Notification {self.pk}"

    @property
    def outstanding(self) -> bool:
        return bool(self.awaiting.strip()) and self.settled_on is None


class Transfer(models.Model):
    """A child moving between LAs, as each side records it: the sending LA's export of the
    transfer record, or the receiving LA's import of one. Nothing crosses automatically."""

    class Direction(models.TextChoices):
        OUT = "out", "Sent to another LA"
        IN = "in", "Received from another LA"

    local_authority = models.ForeignKey("places.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    transfer_id = models.UUIDField(default=uuid.uuid4)
    other_la = models.ForeignKey("places.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, null=True, blank=True, on_delete=models.SET_NULL, related_name="transfers")
    moved_on = models.DateField()
    recorded_by = models.ForeignKey(USER_MODEL, **RECORDED_BY)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "direction", "transfer_id"], name="register_transfer_once"
            )
        ]

    def __str__(self) -> str:
        return f"Transfer {self.pk}"
