"""What the benchmark stores of its own: population estimates, the denominators of its rates.

Everything else it shows is read from approved returns (`returns`) and DfE's published files
(`published`); the dashboard keeps no copy of them.
"""

from django.db import models


class PopulationEstimate(models.Model):
    """ONS mid-year estimate of an LA's resident children aged 5 to 16 (inclusive) in one year.

    DfE divides its counts by this population for its "rate per 100" figures."""

    local_authority = models.ForeignKey(
        "places.LocalAuthority", on_delete=models.CASCADE, related_name="population_estimates"
    )
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
