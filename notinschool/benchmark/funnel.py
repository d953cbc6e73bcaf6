"""Funnel plot control limits, as plain data a chart can draw (ADR 0204).

Limits are exact: quantiles of the binomial distribution (stocks: a share of the population) or
the Poisson distribution (flows and rare events), smoothed between whole counts by the
interpolation in Spiegelhalter, "Funnel plots for comparing institutional performance",
Statistics in Medicine 24 (2005), so the curves are continuous. No normal approximation is used,
so the limits stay honest for the small LAs where it would fail.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

from scipy.stats import binom, poisson

from notinschool.benchmark.statistics import MeasureKind

# Two-sided 95% and 99.8% limits: the usual "2 and 3 standard deviation" funnel lines.
LEVELS = {"95": 0.95, "99_8": 0.998}


@dataclass(frozen=True)
class FunnelPoint:
    """Control limits (per 100) at one population size."""

    population: int
    lower_99_8: float
    lower_95: float
    upper_95: float
    upper_99_8: float

    def as_dict(self) -> dict[str, float | int]:
        """Plain dict, ready for JSON."""
        return asdict(self)


def _limit(kind: MeasureKind, probability: float, population: int, proportion: float) -> float:
    """Interpolated quantile of the count, divided by the population, as a proportion."""
    is_stock = kind is MeasureKind.STOCK
    distribution = binom(population, proportion) if is_stock else poisson(population * proportion)
    quantile = float(distribution.ppf(probability))
    at_quantile = float(distribution.cdf(quantile))
    below_quantile = float(distribution.cdf(quantile - 1))
    step = at_quantile - below_quantile
    fraction = 0.0 if step == 0 else (at_quantile - probability) / step
    return max(0.0, (quantile - fraction) / population)


def funnel_limits(
    reference_rate_per_100: float,
    populations: Iterable[int],
    *,
    kind: MeasureKind = MeasureKind.STOCK,
) -> list[FunnelPoint]:
    """95% and 99.8% limits round a reference rate (per 100) for each population.

    ``kind`` STOCK uses the exact binomial, FLOW the exact Poisson. Lower limits are at least
    0, and no lower limit lies above the reference nor any upper limit below it."""
    if not math.isfinite(reference_rate_per_100) or reference_rate_per_100 < 0:
        raise ValueError("The reference rate must be a non-negative number.")
    if kind is MeasureKind.STOCK and reference_rate_per_100 > 100:
        raise ValueError("A share of a population cannot exceed 100 per 100.")
    proportion = reference_rate_per_100 / 100
    points = []
    for population in populations:
        if isinstance(population, bool) or not isinstance(population, int) or population <= 0:
            raise ValueError(f"Populations must be positive whole numbers, not {population!r}.")
        limits = {}
        for name, confidence in LEVELS.items():
            tail = (1 - confidence) / 2
            for side, probability in (("lower", tail), ("upper", 1 - tail)):
                value = 100 * _limit(kind, probability, population, proportion)
                # Tiny expected counts can put an interpolated limit on the wrong side of the
                # reference; a funnel line never crosses it.
                clamp = min if side == "lower" else max
                limits[f"{side}_{name}"] = clamp(value, reference_rate_per_100)
        points.append(FunnelPoint(population=population, **limits))
    return points


def funnel_populations(smallest: int, largest: int, *, points: int = 50) -> list[int]:
    """Whole populations spread evenly on a log scale from ``smallest`` to ``largest``."""
    if not 0 < smallest <= largest or points < 2:
        raise ValueError("Need 0 < smallest <= largest and at least 2 points.")
    ratio = (largest / smallest) ** (1 / (points - 1))
    spread = {round(smallest * ratio**step) for step in range(points)}
    return sorted(spread | {smallest, largest})


class FunnelPosition(StrEnum):
    """Where an LA's point lies against the limits at its own population."""

    ABOVE_99_8 = "Above the 99.8% limit"
    ABOVE_95 = "Above the 95% limit"
    WITHIN = "Within the 95% limits"
    BELOW_95 = "Below the 95% limit"
    BELOW_99_8 = "Below the 99.8% limit"

    @property
    def outside(self) -> bool:
        """True for a point outside the 95% limits."""
        return self is not FunnelPosition.WITHIN


def funnel_position(
    rate_per_100: float, population: int, reference_rate_per_100: float, *, kind: MeasureKind = MeasureKind.STOCK
) -> FunnelPosition:
    """Where a rate lies against the funnel's limits for its population (a point on a limit is within)."""
    (limits,) = funnel_limits(reference_rate_per_100, [population], kind=kind)
    if rate_per_100 > limits.upper_99_8:
        return FunnelPosition.ABOVE_99_8
    if rate_per_100 > limits.upper_95:
        return FunnelPosition.ABOVE_95
    if rate_per_100 < limits.lower_99_8:
        return FunnelPosition.BELOW_99_8
    if rate_per_100 < limits.lower_95:
        return FunnelPosition.BELOW_95
    return FunnelPosition.WITHIN
