"""Consents, extracts (stored immutably, byte for byte), their downloads, and share links."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from notinschool.core.models import ImmutableModel


class Audience(models.TextChoices):
    """Who a page, paper or download is for."""

    NETWORK = "network", "The network (members only)"
    LIMITED = "limited", "Limited circulation (named LAs or roles)"
    PUBLIC = "public", "Public"


class Consent(models.Model):
    """An LA's permission for its figures to go to one recipient, asked for by a network.

    One row per (network, LA, recipient): its status now, who asked and when, who decided
    and when. Every change is also written to the audit log, so the history is kept there.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        GRANTED = "granted", "Granted"
        REFUSED = "refused", "Refused"

    network = models.ForeignKey("places.Network", on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey("places.LocalAuthority", on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(max_length=60)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    purpose = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["local_authority__name", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "local_authority", "recipient"], name="one_consent_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_authority} → {self.recipient}: {self.status}"


class Extract(ImmutableModel):
    """One extract as it was built: what was asked for, which LAs were in and out, and the
    exact CSV bytes with their SHA-256, so every later download is the same file."""

    network = models.ForeignKey("places.Network", on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(max_length=60)
    title = models.CharField(max_length=150)
    measures = models.JSONField()
    periods = models.JSONField()
    included_las = models.JSONField()  # old codes whose figures are in the file
    excluded_las = models.JSONField()  # {old code: why} for LAs asked for but left out
    csv_bytes = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} for {self.recipient}"


class ExtractDownload(ImmutableModel):
    """Someone downloaded an extract (signed in, or through a share link)."""

    extract = models.ForeignKey(Extract, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    share_link = models.ForeignKey("ShareLink", null=True, on_delete=models.SET_NULL, related_name="+")
    file_format = models.CharField(max_length=4)
    downloaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-downloaded_at"]


class ShareLink(models.Model):
    """Read-only access to one extract for people outside the network, until it expires or
    is revoked. Only the token's SHA-256 is stored; the link is shown once, when made."""

    extract = models.ForeignKey(Extract, on_delete=models.PROTECT, related_name="share_links")
    shared_with = models.CharField(max_length=150)
    # The audience (a recipient key) the people with the link belong to; blank for links made
    # before audiences were recorded.
    audience = models.CharField(max_length=60, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.extract} shared with {self.shared_with}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired


class ShareLinkOpen(ImmutableModel):
    """A share link was opened: when, by whom if signed in, from where."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="opens")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    ip_address = models.GenericIPAddressField(null=True)
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_at"]
