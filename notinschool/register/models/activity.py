"""Dated events on a child's record: the s437/SAO process, and visits and other contacts."""

from django.db import models

from notinschool.register.models.children import RECORDED_BY, USER_MODEL, Child


class SAOEvent(models.Model):
    """One step of the School Attendance Order process (Education Act 1996 ss437–443)."""

    # Set by the services on the step they return (never stored): a step that came early.
    warnings: list[str]

    class Kind(models.TextChoices):
        PRELIMINARY_NOTICE = "preliminary_notice", "Preliminary notice"
        S437_NOTICE = "s437_notice", "s437(1) notice to satisfy"
        INTENTION_NOTICE = "intention_notice", "Notice of intention to serve an SAO"
        SAO_SERVED = "sao_served", "School Attendance Order served"
        SAO_REVOKED = "sao_revoked", "School Attendance Order revoked"
        PROSECUTION = "prosecution", "Prosecution under s443"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="sao_events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    happened_on = models.DateField()
    deadline = models.DateField(null=True, blank=True, help_text="When the parent must reply by.")
    school_named = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER_MODEL, **RECORDED_BY)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "happened_on", "id"]
        indexes = [models.Index(fields=["kind", "happened_on"], name="register_sao_kind_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class Contact(models.Model):
    """A visit, call, letter or meeting: scheduled (`scheduled_for`) and, once it happens,
    recorded (`happened_on`, notes)."""

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", "Home visit"
        MEETING = "meeting", "Meeting elsewhere"
        PHONE = "phone", "Phone call"
        LETTER = "letter", "Letter or email"
        REPORT = "report", "Written report from the parents"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    scheduled_for = models.DateField(null=True, blank=True)
    happened_on = models.DateField(null=True, blank=True)
    with_whom = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(USER_MODEL, **RECORDED_BY)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child", "-scheduled_for", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"
