"""Collections, LA returns and their versions.

One `Return` per LA per period, whichever networks the LA belongs to: each network sees the
same approved figures. Every upload, form save, API call or register generation is a new,
immutable `ReturnVersion`; the return points at its current and its approved version.
"""

from django.conf import settings
from django.db import models

from notinschool.core.models import ImmutableModel


class Collection(models.Model):
    """A network's collection of returns for one period, with its dates (data, never constants)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Provisional(models.TextChoices):
        HIDE = "hide", "Hide figures not yet approved"
        MARK = "mark", "Show them marked provisional"

    network = models.ForeignKey("places.Network", on_delete=models.CASCADE, related_name="collections")
    period = models.CharField(max_length=20)
    census_date = models.DateField()
    due_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    provisional_figures = models.CharField(max_length=10, choices=Provisional.choices, default=Provisional.HIDE)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["network", "-period"]
        constraints = [models.UniqueConstraint(fields=["network", "period"], name="one_collection_per_network_period")]

    def __str__(self) -> str:
        return f"{self.network.name} {self.period}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ReturnStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "Draft"
    HAS_ERRORS = "has_errors", "Has errors"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    REOPENED = "reopened", "Reopened"


class Return(models.Model):
    """One LA's return for one period."""

    local_authority = models.ForeignKey("places.LocalAuthority", on_delete=models.PROTECT, related_name="returns")
    period = models.CharField(max_length=20)
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.NOT_STARTED)
    current_version = models.ForeignKey(
        "ReturnVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_version = models.ForeignKey(
        "ReturnVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["local_authority__name", "period"]
        constraints = [models.UniqueConstraint(fields=["local_authority", "period"], name="one_return_per_la_period")]

    def __str__(self) -> str:
        return f"{self.local_authority.name} {self.period}"


class ReturnVersion(ImmutableModel):
    """One upload, form save, API call or generation: never changed once stored."""

    class Source(models.TextChoices):
        UPLOAD = "upload", "Uploaded file"
        FORM = "form", "Typed into the form"
        API = "api", "Sent through the API"
        REGISTER = "register", "Generated from the register"

    return_record = models.ForeignKey(Return, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    source = models.CharField(max_length=10, choices=Source.choices)
    file = models.FileField(upload_to="returns/", blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    report = models.JSONField()
    error_count = models.PositiveIntegerField(default=0)
    query_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["return_record", "number"]
        constraints = [models.UniqueConstraint(fields=["return_record", "number"], name="version_number_unique")]

    def __str__(self) -> str:
        return f"{self.return_record} version {self.number}"

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0


class ReturnFigure(ImmutableModel):
    """One figure of one version: a measure, a category (blank for a total) and a count.
    `value` is NULL when the LA left it blank: missing is never 0."""

    version = models.ForeignKey(ReturnVersion, on_delete=models.CASCADE, related_name="figures")
    measure = models.CharField(max_length=60)
    category = models.CharField(max_length=60, blank=True)
    value = models.IntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "measure", "category"], name="one_figure_per_item"),
        ]
        indexes = [models.Index(fields=["measure", "category"])]

    def __str__(self) -> str:
        return f"{self.measure}/{self.category or 'total'} = {self.value}"


class QueryExplanation(models.Model):
    """The LA's explanation of one query on one version, and the coordinator's review of it
    (ADR 0311). Every writing and review is kept in `ExplanationEvent`."""

    class Review(models.TextChoices):
        WAITING = "waiting", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        SENT_BACK = "sent_back", "Sent back"

    version = models.ForeignKey(ReturnVersion, on_delete=models.CASCADE, related_name="explanations")
    rule_code = models.CharField(max_length=40)
    where = models.CharField(max_length=60, blank=True)
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField(auto_now=True)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.WAITING)
    review_comment = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "rule_code", "where"], name="one_explanation_per_query"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_code} {self.where}: {self.text[:40]}"


class ExplanationEvent(ImmutableModel):
    """One entry in an explanation's history: written, rewritten, accepted or sent back."""

    class Kind(models.TextChoices):
        WRITTEN = "written", "Written"
        ACCEPTED = "accepted", "Accepted"
        SENT_BACK = "sent_back", "Sent back"

    explanation = models.ForeignKey(QueryExplanation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField()  # the explanation as it stood
    comment = models.TextField(blank=True)  # the coordinator's, when sending back or accepting
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["explanation", "at", "id"]


class ReturnEvent(ImmutableModel):
    """One entry in a return's history: a new version or a change of status, with why."""

    return_record = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="events")
    version = models.ForeignKey(ReturnVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=ReturnStatus.choices)
    to_status = models.CharField(max_length=20, choices=ReturnStatus.choices)
    description = models.CharField(max_length=200)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["return_record", "at", "id"]


class UploadAttempt(ImmutableModel):
    """Every attempt to send a return, including those refused (nothing else is stored for them)."""

    local_authority = models.ForeignKey("places.LocalAuthority", null=True, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=20)
    channel = models.CharField(max_length=10, choices=ReturnVersion.Source.choices)
    filename = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    content_hash = models.CharField(max_length=64, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=20)  # stored, duplicate, refused
    message = models.TextField(blank=True)
    version = models.ForeignKey(ReturnVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at"]


class ReturnContact(models.Model):
    """Someone at an LA to contact about its returns."""

    class Topic(models.TextChoices):
        EHE = "ehe", "Elective home education"
        CME = "cme", "Children missing education"
        S19 = "s19", "s19 health provision"
        SAO = "sao", "School attendance orders"

    local_authority = models.ForeignKey(
        "places.LocalAuthority", on_delete=models.CASCADE, related_name="return_contacts"
    )
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150, blank=True)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    topics = models.JSONField(default=list)
    receives_reminders = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["local_authority__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.local_authority.name})"


class Reminder(ImmutableModel):
    """A reminder sent to an LA's contacts about a collection."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="reminders")
    local_authority = models.ForeignKey("places.LocalAuthority", on_delete=models.CASCADE, related_name="+")
    recipients = models.JSONField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    scheduled = models.BooleanField(default=False)

    class Meta:
        ordering = ["-sent_at"]
