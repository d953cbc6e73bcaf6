"""Vignettes (anonymised case stories), surveys with one response per LA, and papers."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from notinschool.core.models import ImmutableModel
from notinschool.sharing.models.extracts import Audience


class Vignette(models.Model):
    """A short anonymised case story by an LA user, shown only once the coordinator approves."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for review"
        APPROVED = "approved", "Published"
        SENT_BACK = "sent_back", "Sent back"

    network = models.ForeignKey("places.Network", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("places.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=120)
    body = models.TextField()
    measures = models.JSONField(default=list)
    periods = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    checked_not_identifying = models.BooleanField(default=False)
    warnings_when_saved = models.PositiveSmallIntegerField(default=0)
    review_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Survey(models.Model):
    """A small survey the coordinator asks every LA in the network, such as the yearly
    staffing snapshot. A copy for a new year keeps its questions' codes, for comparison."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    network = models.ForeignKey("places.Network", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=150)
    year = models.CharField(max_length=7, help_text="Academic year, like 2025-26")
    introduction = models.TextField(blank=True)
    caveats = models.TextField(blank=True)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.DRAFT)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"


class SurveyQuestion(models.Model):
    """One question: a number (decimals allowed), yes / no / don't know, a choice, or short text."""

    class Kind(models.TextChoices):
        NUMBER = "number", "Number (decimals allowed)"
        YES_NO = "yes_no", "Yes, no or don't know"
        CHOICE = "choice", "One of a list"
        TEXT = "text", "Short text"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=40)
    text = models.CharField(max_length=250)
    hint = models.CharField(max_length=250, blank=True)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["survey", "order"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="question_code_once_per_survey")]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One LA's answers, {question code: value}; editable while the survey is open."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    local_authority = models.ForeignKey("places.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["local_authority__name"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "local_authority"], name="one_response_per_la_per_survey")
        ]

    def __str__(self) -> str:
        return f"{self.local_authority} answers to {self.survey}"


class Paper(ImmutableModel):
    """An uploaded PDF or DOCX with its audience, stored under its content hash."""

    network = models.ForeignKey("places.Network", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=150)
    audience = models.CharField(max_length=8, choices=Audience.choices)
    limited_to_las = models.JSONField(default=list, blank=True)  # old codes, for LIMITED
    limited_to_roles = models.JSONField(default=list, blank=True)  # Role values, for LIMITED
    filename = models.CharField(max_length=150)
    file_type = models.CharField(max_length=4)  # pdf or docx
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="papers/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PaperDownload(ImmutableModel):
    """Someone downloaded a paper."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    downloaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-downloaded_at"]
