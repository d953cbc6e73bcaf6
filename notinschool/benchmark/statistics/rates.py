"""Rates, pooled rates, confidence intervals and significance for the benchmark dashboard.

Pure Python: no Django, no database. See docs/adr/0201 and 0202. Every function treats a
symbol as missing, never as 0 (``figures``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

# scipy.special, not scipy.stats: the same functions (scipy.stats' normal and chi-square
# quantiles call exactly these), without the seconds scipy.stats takes to import in every process.
from scipy.special import gammaincinv, ndtri

from notinschool.benchmark.statistics.figures import (
    Figure,
    FigureLike,
    K,
    as_figure,
    exact_number,
    whole_count,
    whole_or_float,
)


def rate_per_100(count: FigureLike, population: FigureLike) -> float | None:
    """Count per 100 of population; None when either is missing or the population is 0."""
    if type(count) is int and type(population) is int:  # plain ints, not bools: the quick, exact way
        # Python divides ints with correct rounding: the same float as the exact fraction gives.
        if population == 0:
            return None
        if count < 0 or population < 0:
            raise ValueError("Counts and populations cannot be negative.")
        return count * 100 / population
    exact_count, exact_population = exact_number(count), exact_number(population)
    if exact_count is None or exact_population is None or exact_population == 0:
        return None
    if exact_count < 0 or exact_population < 0:
        raise ValueError("Counts and populations cannot be negative.")
    return float(exact_count * 100 / exact_population)


@dataclass(frozen=True)
class PooledRate:
    """A group's rate: total count / total population over the LAs that have both."""

    rate_per_100: float | None
    count: int | float
    population: int | float
    included: tuple = ()
    left_out: dict = field(default_factory=dict)


def _absence(what: str, figure: Figure) -> str | None:
    if figure.symbol is not None:
        return f"{what} {figure.symbol.description} ({figure.symbol})"
    return None


def pooled_rate_per_100(figures: Mapping[K, tuple[FigureLike, FigureLike]]) -> PooledRate:
    """Pool ``{la: (count, population)}``: sum of counts / sum of populations, never a mean of
    rates. LAs missing either figure, or with a zero population, are left out with a reason."""
    total_count, total_population = Fraction(0), Fraction(0)
    all_ints = True
    any_other = False  # a figure that is not a plain int: only then are fractions needed
    included: list[K] = []
    left_out: dict[K, str] = {}
    whole_count_sum, whole_population_sum = 0, 0  # ints summed as ints: exact, and quicker
    for la, (count, population) in figures.items():
        if type(count) is int and type(population) is int:  # plain ints, not bools: the quick, exact way
            if population == 0:
                left_out[la] = "population is 0"
                continue
            whole_count_sum += count
            whole_population_sum += population
            included.append(la)
            continue
        count_figure, population_figure = as_figure(count), as_figure(population)
        reason = _absence("count", count_figure) or _absence("population", population_figure)
        if reason is None and Fraction(population_figure.value) == 0:
            reason = "population is 0"
        if reason is not None:
            left_out[la] = reason
            continue
        any_other = True
        all_ints = all_ints and all(isinstance(f.value, int) for f in (count_figure, population_figure))
        total_count += Fraction(count_figure.value)
        total_population += Fraction(population_figure.value)
        included.append(la)
    if not any_other and whole_population_sum > 0:
        # Every figure a plain int (a dashboard table of 153 LAs): Python divides ints with correct
        # rounding, so this is the float the exact fraction gives, without making fractions. (A
        # total population below 0, from wrong figures, goes the exact way: 0 / -1 is -0.0 here.)
        rate = whole_count_sum * 100 / whole_population_sum
        return PooledRate(rate, whole_count_sum, whole_population_sum, tuple(included), left_out)
    total_count += whole_count_sum
    total_population += whole_population_sum
    rate = float(total_count * 100 / total_population) if total_population else None
    return PooledRate(
        rate_per_100=rate,
        count=whole_or_float(total_count, all_ints=all_ints),
        population=whole_or_float(total_population, all_ints=all_ints),
        included=tuple(included),
        left_out=left_out,
    )


# --- Confidence intervals and significance ---------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """A closed interval [lower, upper]."""

    lower: float
    upper: float

    def scaled(self, factor: float) -> Interval:
        """The same interval multiplied by a positive factor (e.g. 100 for 'per 100')."""
        return Interval(self.lower * factor, self.upper * factor)


class MeasureKind(StrEnum):
    """What a measure counts, which decides the right interval (ADR 0202)."""

    STOCK = "stock"  # children at census date, a share of the 5-16 population
    FLOW = "flow"  # events over a term or year (starts, SAOs, notices), or rare events


class IntervalMethod(StrEnum):
    """How to put a 95% interval round an LA's rate."""

    WILSON = "wilson"  # score interval for a proportion: stocks
    POISSON = "poisson"  # exact (Garwood) interval for a count: flows and rare events


METHOD_FOR_KIND = {MeasureKind.STOCK: IntervalMethod.WILSON, MeasureKind.FLOW: IntervalMethod.POISSON}


@functools.lru_cache(maxsize=8)
def _normal_quantile(q: float) -> float:
    """The normal quantile, worked out once per confidence level (it is the same every time)."""
    return float(ndtri(q))


@functools.lru_cache(maxsize=4096)
def _chi2_quantile(q: float, degrees: int) -> float:
    """A chi-square quantile, kept: the same counts come up across LAs, measures and terms."""
    return float(2 * gammaincinv(degrees / 2, q))


def wilson_interval(count: FigureLike, population: FigureLike, *, confidence: float = 0.95) -> Interval | None:
    """Wilson score interval for the proportion count/population (between 0 and 1)."""
    exact_count, exact_population = exact_number(count), exact_number(population)
    if exact_count is None or exact_population is None or exact_population <= 0:
        return None
    successes = whole_count(exact_count)
    if successes > exact_population:
        raise ValueError("A proportion's count cannot exceed its population.")
    n = float(exact_population)
    p = successes / n
    z = _normal_quantile(1 - (1 - confidence) / 2)
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half_width = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return Interval(max(0.0, centre - half_width), min(1.0, centre + half_width))


def poisson_interval(count: FigureLike, *, confidence: float = 0.95) -> Interval | None:
    """Exact (Garwood) interval for a Poisson count, from chi-square quantiles.

    The lower bound for a count of 0 is 0."""
    exact_count = exact_number(count)
    if exact_count is None:
        return None
    events = whole_count(exact_count)
    alpha = 1 - confidence
    lower = 0.0 if events == 0 else _chi2_quantile(alpha / 2, 2 * events) / 2
    upper = _chi2_quantile(1 - alpha / 2, 2 * events + 2) / 2
    return Interval(lower, upper)


def rate_interval_per_100(
    count: FigureLike,
    population: FigureLike,
    *,
    method: IntervalMethod = IntervalMethod.WILSON,
    confidence: float = 0.95,
) -> Interval | None:
    """The interval round ``rate_per_100(count, population)``, per 100, by the given method."""
    exact_population = exact_number(population)
    if exact_population is None or exact_population <= 0:
        return None
    if method is IntervalMethod.WILSON:
        interval = wilson_interval(count, population, confidence=confidence)
        return None if interval is None else interval.scaled(100)
    interval = poisson_interval(count, confidence=confidence)
    return None if interval is None else interval.scaled(100 / float(exact_population))


class Significance(StrEnum):
    """An LA's rate against a reference rate."""

    ABOVE = "above"
    BELOW = "below"
    SIMILAR = "similar"


def compare_with_reference(
    count: FigureLike,
    population: FigureLike,
    reference_rate_per_100: FigureLike,
    *,
    method: IntervalMethod = IntervalMethod.WILSON,
    confidence: float = 0.95,
) -> Significance | None:
    """Significance: "above" / "below" when the reference lies outside the LA's interval, else "similar".

    Use ``METHOD_FOR_KIND[kind]`` to choose the method. None when anything is missing."""
    reference = exact_number(reference_rate_per_100)
    interval = rate_interval_per_100(count, population, method=method, confidence=confidence)
    if reference is None or interval is None:
        return None
    if float(reference) < interval.lower:
        return Significance.ABOVE
    if float(reference) > interval.upper:
        return Significance.BELOW
    return Significance.SIMILAR
