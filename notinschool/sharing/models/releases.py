"""What left the network, to whom: each release's tables as released, kept for good (ADR 0705)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from notinschool.core.models import ImmutableModel


class Release(ImmutableModel):
    """Figures released to one audience (a recipient key: ``dfe``, ``public``, ``network:<slug>``)
    by an extract, a share link of one, or the public page. Later releases to the same audience,
    or to the public, are checked against it."""

    class Kind(models.TextChoices):
        EXTRACT = "extract", "Extract"
        SHARE_LINK = "share_link", "Share link"
        PUBLIC_PAGE = "public_page", "Public page"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    audience = models.CharField(max_length=60)
    network = models.ForeignKey("places.Network", on_delete=models.PROTECT, related_name="+")
    extract = models.ForeignKey(
        "sharing.Extract", null=True, blank=True, on_delete=models.PROTECT, related_name="releases"
    )
    share_link = models.OneToOneField(
        "sharing.ShareLink", null=True, blank=True, on_delete=models.PROTECT, related_name="release"
    )
    period = models.CharField(max_length=20, blank=True)  # the public page's term
    fingerprint = models.CharField(max_length=64, blank=True)  # the public page: what it was built from
    notes = models.JSONField(default=list)  # figures hidden or withheld because of earlier releases
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at", "id"]
        indexes = [models.Index(fields=["kind", "network", "period"], name="release_public_page")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.audience}"


class ReleasedTable(ImmutableModel):
    """One table of a release as it was released, with the unrounded figures it was worked out
    from (``sharing.released.table_record``; the figures are never shown)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="tables")
    position = models.PositiveSmallIntegerField()  # its place among the release's tables
    period = models.CharField(max_length=20)
    group = models.CharField(max_length=60)  # the quantity its figures belong to (a total measure)
    table = models.JSONField()

    class Meta:
        ordering = ["release", "position"]
        indexes = [models.Index(fields=["period", "group"], name="released_table_quantity")]

    def __str__(self) -> str:
        return f"{self.table.get('label', self.group)}, {self.period}, in release {self.release_id}"


class ReleaseLock(models.Model):
    """One row locked while a release is checked and recorded, so two releases made at once are
    each checked against the other (PostgreSQL; SQLite already writes one transaction at a time)."""

    def __str__(self) -> str:
        return "The release lock"
