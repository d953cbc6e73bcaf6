"""Changes between terms and trends: a figure's change, a network's pooled headline figure with
its changes, and each term's figure on a trend. Pure builders over hand-made or selected data.

Terms are never summed or averaged. A change between two terms is worked out over the LAs that
have figures in both, so an LA joining or leaving the collection never looks like a change in
children (ADR 0603).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum

from notinschool.benchmark.statistics.figures import FigureLike, exact_number, number_or_none, whole_or_float
from notinschool.benchmark.statistics.rates import pooled_rate_per_100


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
    now, before = exact_number(current), exact_number(previous)
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
    return Change(whole_or_float(difference, all_ints=all_ints), percent, direction)


# (count, population) per LA code
Pairs = Mapping[str, tuple[int | None, int | None]]


@dataclass(frozen=True)
class ComparedChange:
    """A change in a network's pooled figures, over the LAs with figures in both terms."""

    against: str  # the period compared with
    las_compared: int  # LAs with a count in both terms: the count change covers these
    count: Change
    rate: Change
    las_rate_compared: int = 0  # of those, LAs with a population in both terms: the rate change covers these


@dataclass(frozen=True)
class Headline:
    """One headline figure for the network in a period."""

    count: int | None
    rate: float | None
    las_with_figures: int
    las_with_rate: int
    previous_term: ComparedChange | None
    last_year: ComparedChange | None


def _usable(pairs: Pairs) -> dict[str, tuple[int, int | None]]:
    return {code: pair for code, pair in pairs.items() if pair[0] is not None}


def compared_change(current: Pairs, earlier: Pairs, *, against: str) -> ComparedChange | None:
    """Change from ``earlier`` to ``current`` over the LAs with a count in both (None when none)."""
    now, before = _usable(current), _usable(earlier)
    common = sorted(set(now) & set(before))
    if not common:
        return None
    count_now = sum(now[code][0] for code in common)
    count_before = sum(before[code][0] for code in common)
    # The rate change uses only LAs with populations in both terms, so both rates cover the same LAs.
    with_populations = [code for code in common if now[code][1] and before[code][1]]
    rate_now = pooled_rate_per_100({c: now[c] for c in with_populations}).rate_per_100
    rate_before = pooled_rate_per_100({c: before[c] for c in with_populations}).rate_per_100
    return ComparedChange(
        against=against,
        las_compared=len(common),
        count=change(current=count_now, previous=count_before),
        rate=change(current=rate_now, previous=rate_before),
        las_rate_compared=len(with_populations),
    )


def headline(
    current: Pairs,
    *,
    previous_term: Pairs | None = None,
    previous_period: str = "",
    last_year: Pairs | None = None,
    last_year_period: str = "",
) -> Headline:
    """The network's pooled count and rate for a measure, with its changes."""
    usable = _usable(current)
    pooled = pooled_rate_per_100(usable)
    count = sum(pair[0] for pair in usable.values()) if usable else None
    return Headline(
        count=count,
        rate=pooled.rate_per_100,
        las_with_figures=len(usable),
        las_with_rate=len(pooled.included),
        previous_term=compared_change(current, previous_term, against=previous_period) if previous_term else None,
        last_year=compared_change(current, last_year, against=last_year_period) if last_year else None,
    )


@dataclass(frozen=True)
class TrendPoint:
    """One area's figure in one term; None stays None (a gap, never 0)."""

    period: str
    count: float | None
    rate: float | None
    note: str = ""
    provisional: bool = False  # built from at least one return not yet approved


def region_trend(
    pairs_by_period: Mapping[str, Pairs], provisional: Mapping[str, Collection[str]] | None = None
) -> list[TrendPoint]:
    """The network's pooled figure in each term, pooled only within that term.

    ``provisional`` names, per term, the LAs whose returns are not yet approved: a term whose
    pooled figure uses any of them is provisional."""
    provisional = provisional or {}
    points = []
    for period, pairs in pairs_by_period.items():
        usable = _usable(pairs)
        if not usable:
            points.append(TrendPoint(period, None, None, "No returns"))
            continue
        pooled = pooled_rate_per_100(usable)
        note = f"{len(usable)} {'LA' if len(usable) == 1 else 'LAs'}" + (
            f", {len(pooled.included)} with a rate" if pooled.included != tuple(usable) else ""
        )
        marked = sorted(set(usable) & set(provisional.get(period, ())))
        if marked:
            note += f", {len(marked)} provisional"
        points.append(TrendPoint(period, sum(p[0] for p in usable.values()), pooled.rate_per_100, note, bool(marked)))
    return points


def la_trend(
    pairs_by_period: Mapping[str, tuple[int | None, int | None]], provisional_periods: Collection[str] = ()
) -> list[TrendPoint]:
    """One LA's figure in each term; terms in ``provisional_periods`` come from a return not yet approved."""
    points = []
    for period, (count, population) in pairs_by_period.items():
        rate = None if count is None or not population else count * 100 / population
        note = "" if count is not None else "No figure"
        marked = count is not None and period in provisional_periods
        if marked:
            note = "Provisional: the return is not yet approved"
        points.append(TrendPoint(period, count, rate, note, marked))
    return points


def direction_words(direction: Direction | None) -> str:
    """'up', 'down', 'no change' or '' for a direction."""
    return str(direction) if direction is not None else ""
