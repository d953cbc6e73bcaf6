"""DfE's published figures, imported from Explore Education Statistics (EES) files.

A `PublishedRelease` is one imported file; its `PublishedFigure`s are the numbers (or symbols) in
it. A later release of the same statistics for the same periods supersedes the older figures
(`is_current` false) while the older release is kept for reference.
"""

from django.conf import settings
from django.db import models

from notinschool.places.models import LocalAuthority, Region


class Publication(models.TextChoices):
    """Which of DfE's statistics a file holds."""

    EHE_CENSUS = "ehe_census", "EHE census"
    CME_CENSUS = "cme_census", "CME census"
    EHE_ACADEMIC_YEAR = "ehe_academic_year", "EHE academic year"
    CME_ACADEMIC_YEAR = "cme_academic_year", "CME academic year"


class Layout(models.TextChoices):
    """How an EES file lays out its figures."""

    TIDY = "tidy", "Tidy (breakdown_topic, breakdown, child_count)"
    OLDER_TIDY = "older_tidy", "Older tidy (filter_group, filter, number)"
    FIRST_TIDY = "first_tidy", "First tidy (filter_group, filter, ehe_census_date)"
    WIDE = "wide", "Wide (one column per item)"


class Level(models.TextChoices):
    """DfE's geographic levels that the service imports."""

    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    LOCAL_AUTHORITY = "local_authority", "Local authority"


class Symbol(models.TextChoices):
    """DfE's symbols for a figure that is not shown as a number. Never read as 0."""

    NOT_AVAILABLE = "x", "not available"
    NOT_APPLICABLE = "z", "not applicable"
    LOW = "low", "low (rounds to 0 but is not 0)"
    CONFIDENTIAL = "c", "suppressed to protect confidentiality"
    LESS_THAN_HALF = "<0.5", "less than 0.5"
    UNRELIABLE = "u", "low reliability"


class PublishedRelease(models.Model):
    """One imported EES file. The content hash and content key make importing the same file, or
    the same content saved differently, a no-op."""

    publication = models.CharField(max_length=30, choices=Publication.choices)
    layout = models.CharField(max_length=20, choices=Layout.choices)
    file_name = models.CharField(max_length=255)
    content_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the file's bytes")
    content_key = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text="SHA-256 of the file's content however saved (line endings, byte order mark, "
        "encoding, column and row order)",
    )
    periods = models.JSONField(default=list, help_text="The service's period codes the file covers")
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    report = models.JSONField(default=dict, help_text="The import report: counts, symbols, unplaced rows")

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_publication_display()} ({self.file_name})"

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None


class PublishedFigure(models.Model):
    """One published figure for one place, period, measure and category.

    `value` is None exactly when `symbol` says why. Counts are rounded by DfE to
    `rounding_base` (10 for LAs and regions, 100 for England).
    """

    # No index of their own (ADR 0407): the unique constraint's index starts with the release, and
    # no page looks figures up by region (a region is only ever reached from a figure).
    release = models.ForeignKey(PublishedRelease, on_delete=models.CASCADE, related_name="figures", db_index=False)
    period = models.CharField(max_length=20, help_text="2022-23-autumn, or 2022-23 for the academic year")
    level = models.CharField(max_length=20, choices=Level.choices)
    place_code = models.CharField(max_length=9, help_text="Region code, or the LA's old code")
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    local_authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="published_figures"
    )
    measure = models.CharField(max_length=60)
    category = models.CharField(max_length=60, blank=True, help_text="Empty for a total")
    value = models.IntegerField(null=True, blank=True)
    symbol = models.CharField(max_length=4, choices=Symbol.choices, blank=True)
    percent = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    percent_symbol = models.CharField(max_length=4, choices=Symbol.choices, blank=True)
    rate_per_100 = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    rate_symbol = models.CharField(max_length=4, choices=Symbol.choices, blank=True)
    rounding_base = models.PositiveSmallIntegerField()
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["period", "level", "place_code", "measure", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "period", "place_code", "measure", "category"], name="one_published_figure"
            ),
            models.CheckConstraint(
                condition=(models.Q(value__isnull=True) & ~models.Q(symbol=""))
                | (models.Q(value__isnull=False) & models.Q(symbol="")),
                name="published_value_or_symbol",
            ),
        ]
        indexes = [models.Index(fields=["measure", "period", "is_current"], name="published_figure_lookup")]

    def __str__(self) -> str:
        shown = self.symbol if self.value is None else self.value
        return f"{self.measure} {self.category} {self.place_code} {self.period}: {shown}"

    @property
    def place_name(self) -> str:
        place = self.local_authority or self.region
        return place.name if place else self.place_code
