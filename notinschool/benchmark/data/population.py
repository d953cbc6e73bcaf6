"""Population denominators for a period: which ONS mid-year estimate each LA's rate uses.

DfE divides by ONS's mid-year estimate of children aged 5 to 16 from a year or two before the
academic year. The lag is a setting (``NOTINSCHOOL_POPULATION_LAG_YEARS``, 1 unless set). When
that year is not loaded, the latest earlier year is used and the page says so; a later estimate
is never used, and an LA with no estimate has no rate (never an invented one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from notinschool.benchmark.data.reference_kept import kept_for_reference
from notinschool.periods import parse_period
from notinschool.places.selectors import population_estimates


def lag_years() -> int:
    """How many years the estimate is behind the start of the academic year."""
    return int(getattr(settings, "NOTINSCHOOL_POPULATION_LAG_YEARS", 1))


def target_mid_year(period: str) -> int:
    """The mid-year estimate a period's rates should use: 2025-26 with a lag of 1 uses mid-2024."""
    return parse_period(period).start_year - lag_years()


@dataclass(frozen=True)
class Populations:
    """Children aged 5 to 16 per LA (old code) for one period, with the year each comes from."""

    period: str
    target_year: int
    children: dict[str, int]
    years: dict[str, int]

    def of(self, la_code: str) -> int | None:
        return self.children.get(la_code)

    @property
    def years_used(self) -> list[int]:
        return sorted(set(self.years.values()))

    def describe(self) -> str:
        """One sentence saying which estimates the rates use."""
        if not self.years:
            return (
                f"No ONS population estimate for mid-{self.target_year} or earlier is loaded, "
                "so no rates are shown for this period."
            )
        used = " and ".join(f"mid-{y}" for y in self.years_used)
        sentence = f"Rates use ONS {used} estimates of children aged 5 to 16"
        if self.years_used != [self.target_year]:
            sentence += f" (mid-{self.target_year} is not loaded, so the latest earlier estimate is used)"
        return sentence + "."


def populations_by_period(
    periods: Iterable[str], la_codes: Iterable[str], *, reference_version: str | None = None
) -> dict[str, Populations]:
    """The populations each period uses, for the given LAs, from one query; given the network's
    reference version, kept for it (ADR 0616: only a load of estimates changes them)."""
    periods, la_codes = list(periods), sorted(set(la_codes))
    if not periods:
        return {}

    def read() -> dict[str, Populations]:
        latest_target = max(target_mid_year(p) for p in periods)
        by_la = population_estimates(la_codes, up_to_year=latest_target)
        return {period: populations_from(period, by_la) for period in periods}

    return kept_for_reference(reference_version, ("populations", tuple(periods), tuple(la_codes)), read)


def populations_from(period: str, estimates: dict[str, dict[int, int]]) -> Populations:
    """The populations a period uses, from ONS's estimates already read ({old code: {mid-year:
    children}}, as `places.selectors.population_estimates` gives them): each LA's estimate for the
    period's mid-year, or its latest earlier one."""
    target = target_mid_year(period)
    children, years = {}, {}
    for code, by_year in estimates.items():
        usable = [year for year in by_year if year <= target]
        if usable:
            year = max(usable)
            children[code], years[code] = by_year[year], year
    return Populations(period, target, children, years)


def populations_for(period: str, la_codes: Iterable[str], *, reference_version: str | None = None) -> Populations:
    """The populations one period uses, for the given LAs (kept as `populations_by_period` keeps them)."""
    return populations_by_period([period], la_codes, reference_version=reference_version)[period]
