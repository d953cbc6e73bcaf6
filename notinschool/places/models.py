"""Places: England, its regions, its local authorities (with their code history and population
estimates) and networks."""

from django.conf import settings
from django.db import models


class Region(models.Model):
    """England, a region, or a London sub-region (Inner and Outer London, as DfE publishes)."""

    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        REGION = "region", "Region"
        SUB_REGION = "sub_region", "Sub-region"

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    """An English local authority with children's services duties.

    `old_code` is DfE's three-digit number (886), `new_code` the nine-character ONS code
    (E10000016). Former LAs (before a reorganisation) are kept, pointing at their successors,
    so older files still place their rows.
    """

    class Status(models.TextChoices):
        CURRENT = "current", "Current"
        FORMER = "former", "Former"

    old_code = models.CharField(max_length=3, unique=True)
    new_code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="local_authorities")
    sub_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="sub_region_local_authorities"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CURRENT)
    ended_on = models.DateField(null=True, blank=True)
    successors = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="predecessors")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.old_code})"

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.CURRENT


class LocalAuthorityCode(models.Model):
    """Every code an LA has been known by, so a lookup accepts any of them."""

    class Kind(models.TextChoices):
        OLD = "old", "Three-digit DfE code"
        NEW = "new", "Current nine-character code"
        FORMER_NEW = "former_new", "Earlier nine-character code"

    code = models.CharField(max_length=9, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="codes")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} → {self.local_authority.name}"


class PopulationEstimate(models.Model):
    """ONS mid-year estimate of an LA's resident children aged 5 to 16 (inclusive) in one year.

    DfE divides its counts by this population for its "rate per 100" figures; so does the
    dashboard (ADR 0601)."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="population_estimates")
    mid_year = models.PositiveSmallIntegerField(help_text="The year of the mid-year (30 June) estimate")
    age_5_to_16 = models.PositiveIntegerField(help_text="Children aged 5 to 16 inclusive")
    source = models.CharField(max_length=255, blank=True, help_text="The file the estimate was read from")
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["local_authority", "mid_year"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "mid_year"], name="one_population_per_la_year"),
        ]

    def __str__(self) -> str:
        return f"{self.local_authority.name} mid-{self.mid_year}: {self.age_5_to_16:,} aged 5 to 16"


class StatisticalNeighbour(models.Model):
    """One of the ten LAs that DfE's model finds most like an LA."""

    model_name = models.CharField(max_length=50, default="DfE May 2025")
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="statistical_neighbour_links"
    )
    neighbour = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    closeness = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["local_authority", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["model_name", "local_authority", "rank"], name="one_neighbour_per_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.local_authority.name}: {self.rank}. {self.neighbour.name}"


class Network(models.Model):
    """A named set of LAs with its own coordinators: a region, or a club across regions."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    local_authorities = models.ManyToManyField(LocalAuthority, related_name="networks")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ComparisonGroup(models.Model):
    """A set of LAs a user saves to compare, such as "Berkshire six"."""

    name = models.CharField(max_length=100)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comparison_groups")
    network = models.ForeignKey(
        Network,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comparison_groups",
        help_text="When set, every member of the network can use the group.",
    )
    local_authorities = models.ManyToManyField(LocalAuthority, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="comparison_group_name_unique_per_owner"),
        ]

    def __str__(self) -> str:
        return self.name


class DataVersion(models.Model):
    """The version of everything a network's dashboard is computed from: its members' returns,
    its collections and members, DfE's published figures, population estimates and statistical
    neighbours. The services that write any of them give it a new, never-seen value in the same
    transaction, so a page cached under one version never holds figures from another (ADR 0007).
    """

    network = models.OneToOneField(Network, on_delete=models.CASCADE, primary_key=True, related_name="+")
    version = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.network_id}: {self.version}"


class ReferenceVersion(models.Model):
    """The version of what every network's dashboard shares and no return changes: DfE's
    published figures, population estimates, statistical neighbours and LAs. One row, given a new
    value with every network's data version when one of those is written (``data_changed(
    everywhere=True)``), so work kept for it outlives the approval of a return (ADR 0616)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.version
