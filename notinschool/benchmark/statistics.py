"""Honest statistics for the benchmark dashboard.

Pure Python: no Django, no database. See docs/adr/0201 to 0204.

Numeric types: arithmetic on counts and populations is exact (inputs are turned into
``fractions.Fraction``, which represents ints, floats and Decimals without loss); every derived
value (rate, interval bound, percentage, median) is returned as a correctly rounded ``float``.
Counts that are added or subtracted stay ``int`` when every input was an ``int``.

Published figures may be a number or a symbol (``x``, ``z``, ``low``, ``c``, ``<0.5``). Every
function here treats a symbol as missing, never as 0, and the ``Figure`` keeps the symbol so a
presenter can show why a value is absent.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import TypeVar

from scipy.stats import chi2, norm

K = TypeVar("K", bound=Hashable)
Number = int | float | Decimal | Fraction


class Symbol(StrEnum):
    """DfE's symbols for figures that are not shown as a number."""

    NOT_AVAILABLE = "x"
    NOT_APPLICABLE = "z"
    LOW = "low"
    CONFIDENTIAL = "c"
    LESS_THAN_HALF = "<0.5"

    @property
    def description(self) -> str:
        """Plain-English meaning, for hint text and notes under tables."""
        return {
            "x": "not available",
            "z": "not applicable",
            "low": "low (rounds to 0 but is not 0)",
            "c": "suppressed to protect confidentiality",
            "<0.5": "less than 0.5",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Figure:
    """A published figure: exactly one of a number or a symbol."""

    value: Number | None = None
    symbol: Symbol | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.symbol is None):
            raise ValueError("A figure is either a number or a symbol, not both or neither.")
        if self.value is not None:
            if isinstance(self.value, bool) or not isinstance(self.value, Number):
                raise TypeError(f"Not a number: {self.value!r}")
            if not math.isfinite(self.value):
                raise ValueError(f"Not a finite number: {self.value!r}")

    @classmethod
    def parse(cls, text: str) -> Figure:
        """Read a figure as written in a published file: ``"12"``, ``"3.5"``, ``"x"``, ``"low"``."""
        cleaned = text.strip().replace(",", "")
        for symbol in Symbol:
            if cleaned.lower() == symbol.value:
                return cls(symbol=symbol)
        if cleaned == "":
            return cls(symbol=Symbol.NOT_AVAILABLE)
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"Not a figure: {text!r}") from None
        if not number.is_finite():
            raise ValueError(f"Not a figure: {text!r}")
        return cls(value=int(number) if number == number.to_integral_value() else number)

    @property
    def is_missing(self) -> bool:
        """True when the figure is a symbol rather than a number."""
        return self.value is None

    def __str__(self) -> str:
        return str(self.symbol) if self.symbol is not None else str(self.value)


FigureLike = Figure | Number | str | None


def as_figure(value: FigureLike) -> Figure:
    """Turn a number, a published string, ``None`` (shown as ``x``) or a Figure into a Figure."""
    if isinstance(value, Figure):
        return value
    if value is None:
        return Figure(symbol=Symbol.NOT_AVAILABLE)
    if isinstance(value, str):
        return Figure.parse(value)
    return Figure(value=value)


def number_or_none(value: FigureLike) -> Number | None:
    """The number in a figure, or None when it is missing or a symbol (never 0)."""
    return as_figure(value).value


def _exact(value: FigureLike) -> Fraction | None:
    number = number_or_none(value)
    return None if number is None else Fraction(number)


def _whole(fraction: Fraction, *, all_ints: bool) -> int | float:
    if all_ints and fraction.denominator == 1:
        return int(fraction)
    return float(fraction)


def _integral_count(count: Fraction) -> int:
    if count.denominator != 1 or count < 0:
        raise ValueError(f"An interval needs a whole, non-negative count, not {count}.")
    return int(count)


# --- Rates -----------------------------------------------------------------------------------


def rate_per_100(count: FigureLike, population: FigureLike) -> float | None:
    """Count per 100 of population; None when either is missing or the population is 0."""
    exact_count, exact_population = _exact(count), _exact(population)
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
    included: list[K] = []
    left_out: dict[K, str] = {}
    for la, (count, population) in figures.items():
        count_figure, population_figure = as_figure(count), as_figure(population)
        reason = _absence("count", count_figure) or _absence("population", population_figure)
        if reason is None and Fraction(population_figure.value) == 0:
            reason = "population is 0"
        if reason is not None:
            left_out[la] = reason
            continue
        all_ints = all_ints and all(isinstance(f.value, int) for f in (count_figure, population_figure))
        total_count += Fraction(count_figure.value)
        total_population += Fraction(population_figure.value)
        included.append(la)
    rate = float(total_count * 100 / total_population) if total_population else None
    return PooledRate(
        rate_per_100=rate,
        count=_whole(total_count, all_ints=all_ints),
        population=_whole(total_population, all_ints=all_ints),
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


def wilson_interval(count: FigureLike, population: FigureLike, *, confidence: float = 0.95) -> Interval | None:
    """Wilson score interval for the proportion count/population (between 0 and 1)."""
    exact_count, exact_population = _exact(count), _exact(population)
    if exact_count is None or exact_population is None or exact_population <= 0:
        return None
    successes = _integral_count(exact_count)
    if successes > exact_population:
        raise ValueError("A proportion's count cannot exceed its population.")
    n = float(exact_population)
    p = successes / n
    z = float(norm.ppf(1 - (1 - confidence) / 2))
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half_width = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return Interval(max(0.0, centre - half_width), min(1.0, centre + half_width))


def poisson_interval(count: FigureLike, *, confidence: float = 0.95) -> Interval | None:
    """Exact (Garwood) interval for a Poisson count, from chi-square quantiles.

    The lower bound for a count of 0 is 0."""
    exact_count = _exact(count)
    if exact_count is None:
        return None
    events = _integral_count(exact_count)
    alpha = 1 - confidence
    lower = 0.0 if events == 0 else float(chi2.ppf(alpha / 2, 2 * events)) / 2
    upper = float(chi2.ppf(1 - alpha / 2, 2 * events + 2)) / 2
    return Interval(lower, upper)


def rate_interval_per_100(
    count: FigureLike,
    population: FigureLike,
    *,
    method: IntervalMethod = IntervalMethod.WILSON,
    confidence: float = 0.95,
) -> Interval | None:
    """The interval round ``rate_per_100(count, population)``, per 100, by the given method."""
    exact_population = _exact(population)
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
    reference = _exact(reference_rate_per_100)
    interval = rate_interval_per_100(count, population, method=method, confidence=confidence)
    if reference is None or interval is None:
        return None
    if float(reference) < interval.lower:
        return Significance.ABOVE
    if float(reference) > interval.upper:
        return Significance.BELOW
    return Significance.SIMILAR


# --- Ranks, quartiles, median ----------------------------------------------------------------


def competition_ranks(values: Mapping[K, FigureLike], *, highest_first: bool = True) -> dict[K, int | None]:
    """Rank LAs "1, 2, 2, 4": ties share the better rank; missing values get None."""
    present = {la: v for la, v in ((la, _exact(v)) for la, v in values.items()) if v is not None}
    ranks: dict[K, int | None] = dict.fromkeys(values)
    for la, value in present.items():
        if highest_first:
            better = sum(1 for other in present.values() if other > value)
        else:
            better = sum(1 for other in present.values() if other < value)
        ranks[la] = better + 1
    return ranks


@dataclass(frozen=True)
class QuartileBanding:
    """Each LA's quartile (1 = the quarter ranked first) or None, with a note when not given."""

    quartiles: dict
    ranked: int
    note: str | None = None


def quartile_bands(values: Mapping[K, FigureLike], *, highest_first: bool = True) -> QuartileBanding:
    """Band LAs into quartiles by rank: an LA ranked r of n is in quartile ceil(4r / n).

    Tied LAs share a rank and so a quartile. Fewer than 4 LAs with figures: no quartiles."""
    ranks = competition_ranks(values, highest_first=highest_first)
    ranked = sum(1 for rank in ranks.values() if rank is not None)
    if ranked < 4:
        note = f"Quartiles need at least 4 LAs with a figure; {ranked} have one."
        return QuartileBanding(dict.fromkeys(values), ranked, note)
    quartiles = {la: None if r is None else -(-4 * r // ranked) for la, r in ranks.items()}
    return QuartileBanding(quartiles, ranked)


def median(values: Iterable[FigureLike]) -> float | None:
    """Median of the figures that are numbers; None when there are none."""
    ordered = sorted(v for v in (_exact(value) for value in values) if v is not None)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return float((ordered[middle - 1] + ordered[middle]) / 2)


# --- Change against a previous figure --------------------------------------------------------


class Direction(StrEnum):
    """Which way a figure moved."""

    UP = "up"
    DOWN = "down"
    NO_CHANGE = "no change"


@dataclass(frozen=True)
class Change:
    """Absolute and percentage change; None parts when they cannot honestly be given."""

    absolute: int | float | None
    percent: float | None
    direction: Direction | None


def change(*, current: FigureLike, previous: FigureLike) -> Change:
    """Change from ``previous`` to ``current``. Percentage is None when previous is 0."""
    now, before = _exact(current), _exact(previous)
    if now is None or before is None:
        return Change(None, None, None)
    difference = now - before
    all_ints = all(isinstance(number_or_none(v), int) for v in (current, previous))
    percent = None if before == 0 else float(difference * 100 / abs(before))
    if difference > 0:
        direction = Direction.UP
    elif difference < 0:
        direction = Direction.DOWN
    else:
        direction = Direction.NO_CHANGE
    return Change(_whole(difference, all_ints=all_ints), percent, direction)
