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

import numpy as np

from notinschool.benchmark.statistics.rates import MeasureKind

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


def _limits(kind: MeasureKind, probabilities: np.ndarray, populations: np.ndarray, proportion: float) -> np.ndarray:
    """Interpolated quantiles of the count, divided by the population, as proportions: one row
    per population, one column per probability.

    The distributions' own functions are called once on whole arrays: a frozen distribution per
    population and probability cost half a millisecond each to build, most of a funnel chart."""
    # Imported here: scipy.stats takes seconds to import, and only a funnel chart needs it, not
    # every process that loads the dashboard's code (commands, workers, checks).
    from scipy.stats import binom, poisson

    sizes = populations[:, None]
    if kind is MeasureKind.STOCK:
        arguments = (sizes, proportion)
        distribution = binom
    else:
        arguments = (sizes * proportion,)
        distribution = poisson
    quantile = distribution.ppf(probabilities[None, :], *arguments)
    at_quantile = distribution.cdf(quantile, *arguments)
    below_quantile = distribution.cdf(quantile - 1, *arguments)
    step = at_quantile - below_quantile
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(step == 0, 0.0, (at_quantile - probabilities[None, :]) / step)
    return np.maximum(0.0, (quantile - fraction) / sizes)


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
    populations = list(populations)
    for population in populations:
        if isinstance(population, bool) or not isinstance(population, int) or population <= 0:
            raise ValueError(f"Populations must be positive whole numbers, not {population!r}.")
    if not populations:
        return []
    columns = []  # (field, probability, side)
    for name, confidence in LEVELS.items():
        tail = (1 - confidence) / 2
        columns += [(f"lower_{name}", tail, "lower"), (f"upper_{name}", 1 - tail, "upper")]
    values = 100 * _limits(
        kind, np.array([p for _, p, _ in columns]), np.array(populations, dtype=np.int64), proportion
    )
    points = []
    for population, row in zip(populations, values.tolist(), strict=True):
        limits = {}
        for (field_name, _, side), value in zip(columns, row, strict=True):
            # Tiny expected counts can put an interpolated limit on the wrong side of the
            # reference; a funnel line never crosses it.
            clamp = min if side == "lower" else max
            limits[field_name] = clamp(value, reference_rate_per_100)
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
