"""The benchmark table for one measure in one period: pure, so tests feed it hand-made data.

Who counts where (ADR 0602):
- LAs in the network with a return (approved, or provisional when the collection marks them)
  are ranked, banded into quartiles, pooled into the regional rate and tested against it.
- Anything published by DfE (England, LAs outside the network, network LAs without a return)
  is shown as DfE published it, rounded, and is never pooled, ranked or tested: rounding to the
  nearest 10 would make those sums and tests dishonest.
- A missing count or population leaves the rate empty with a reason, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from notinschool.benchmark.statistics.figures import Figure, FigureLike, as_figure
from notinschool.benchmark.statistics.ranks import median, quartiles_from_ranks, ranks_and_median
from notinschool.benchmark.statistics.rates import (
    IntervalMethod,
    PooledRate,
    Significance,
    pooled_rate_per_100,
    rate_interval_per_100,
    rate_per_100,
)


class Source(StrEnum):
    """Where an LA's figure comes from."""

    RETURN = "return"  # an approved return
    PROVISIONAL = "provisional"  # a return not yet approved, shown marked as the coordinator chose
    PUBLISHED = "published"  # DfE's published file, rounded
    NONE = "none"  # nothing to show


# The sources of the LAs that are pooled, ranked and tested (in the network, with a return).
_COMPARED = (Source.RETURN, Source.PROVISIONAL)


class OrderBy(StrEnum):
    """What LAs are ranked by."""

    RATE = "rate"
    COUNT = "count"


class LaInput(NamedTuple):
    """One LA's figures for the builder. ``published`` holds DfE's figure when source is PUBLISHED.

    A named tuple: as unchangeable as a frozen dataclass, made in a fifth of the time (a national
    profile makes one per LA and measure, some 2,800)."""

    code: str
    name: str
    count: int | None
    denominator: int | None
    source: Source
    in_network: bool = True
    published: Figure | None = None
    published_rate: float | None = None


@dataclass(frozen=True)
class Reference:
    """A line to compare with: England (published) or the network's pooled rate."""

    label: str
    rate: float | None
    count: Figure | None = None
    note: str = ""


@dataclass
class Row:
    """One LA's line in the table, and the chart's point for it."""

    code: str
    name: str
    count: int | None
    denominator: int | None
    rate: float | None
    lower: float | None
    upper: float | None
    rank: int | None
    quartile: int | None
    significance: Significance | None
    source: Source
    in_network: bool
    published: Figure | None = None
    note: str = ""

    @property
    def compared(self) -> bool:
        """True when the row takes part in pooling, ranking and significance."""
        return self.in_network and self.source in _COMPARED


@dataclass
class MeasureTable:
    """Every LA's row, in rank order, and the reference figures."""

    rows: list[Row]
    region: PooledRate
    region_provisional: bool
    median_rate: float | None
    median_count: float | None
    england: Reference | None
    order_by: OrderBy
    quartile_note: str | None = None
    notes: list[str] = field(default_factory=list)
    ranked: int | None = None  # how many LAs are ranked; None: count the ranked rows

    @property
    def ranked_count(self) -> int:
        """How many LAs are ranked (also when the table holds only some rows: ``rows_for``)."""
        if self.ranked is not None:
            return self.ranked
        return sum(1 for r in self.compared_rows if r.rank is not None)

    def row(self, code: str) -> Row | None:
        return next((r for r in self.rows if r.code == code), None)

    @property
    def compared_rows(self) -> list[Row]:
        return [r for r in self.rows if r.compared]

    def for_codes(self, codes: list[str] | None) -> list[Row]:
        """The rows of the chosen LAs, in table order (every row when none are chosen)."""
        if not codes:
            return self.rows
        return [r for r in self.rows if r.code in codes]


def _interval(count, denominator, method):
    """The LA's 95% interval, or None when its figures cannot make one: a count larger than
    the population (a wrong return, or a population estimate for the wrong area) is shown, but
    never tested, rather than stopping the page."""
    try:
        return rate_interval_per_100(count, denominator, method=method)
    except ValueError:
        return None


def _note(la: LaInput, share_of: str | None = None) -> str:
    """Why a row has no rate, or how its figure should be read. ``share_of`` names the total a
    breakdown's share is taken of: then the missing denominator is that total, not a population."""
    if la.source is Source.NONE:
        return "No return" if la.in_network else "No published figure"
    if la.source is Source.PUBLISHED:
        if la.published is not None and la.published.symbol is not None:
            return f"Published by DfE as '{la.published.symbol}': {la.published.symbol.description}"
        return "Published by DfE, rounded"
    if la.count is None:
        return "Figure left blank in the return"
    if la.denominator is None:
        if share_of:
            return f"No figure for {share_of} (the LA's total) in the return, so no share"
        return "No population estimate loaded, so no rate"
    if la.denominator == 0:
        return f"The LA's total of {share_of} is 0, so no share" if share_of else "Population is 0, so no rate"
    return "Provisional: the return is not yet approved" if la.source is Source.PROVISIONAL else ""


def build_measure_table(
    las: list[LaInput],
    *,
    method: IntervalMethod,
    england: Reference | None = None,
    order_by: OrderBy | None = None,
    highest_first: bool = True,
    intervals_for: set[str] | None = None,
    share_of: str | None = None,
    rows_for: set[str] | None = None,
) -> MeasureTable:
    """Rank, band, pool and test the LAs of one measure and period.

    ``order_by`` None ranks by rate when any compared LA has one, else by count.
    ``intervals_for`` limits intervals and significance to these LA codes (None: every LA), for
    pages that show them for one LA only. ``share_of`` names the total when the denominators are
    each LA's total for a measure (a breakdown), not populations. ``rows_for`` keeps only these
    LAs' rows (None: every LA's), for a page that shows a few: ranks, quartiles, the pooled rate
    and the medians are still worked out from every LA."""
    # One pass over the LAs (a national profile builds 18 tables of 153): who is compared, with
    # their figures for pooling, their rates and counts.
    figures: dict[str, tuple] = {}
    rates: dict[str, float | None] = {}
    counts: dict[str, FigureLike] = {}
    provisional: set[str] = set()
    for la in las:
        if la.in_network and la.source in _COMPARED:
            code, count, denominator = la.code, la.count, la.denominator
            figures[code] = (count, denominator)
            rates[code] = rate_per_100(count, denominator)
            counts[code] = count
            if la.source is Source.PROVISIONAL:
                provisional.add(code)
    pooled = pooled_rate_per_100(figures)
    if order_by is None:
        order_by = OrderBy.RATE if any(r is not None for r in rates.values()) else OrderBy.COUNT
    # One sort gives the ranks and the median of what is ranked on.
    if order_by is OrderBy.RATE:
        ranks, median_rate = ranks_and_median(rates, highest_first=highest_first)
        median_count = median(counts.values())
    else:
        ranks, median_count = ranks_and_median(counts, highest_first=highest_first)
        median_rate = median(rates.values())
    bands = quartiles_from_ranks(ranks)  # the same ranks: one sort gives both
    compared_codes = rates  # a dict: its keys are the compared LAs
    rows = []
    for la in las if rows_for is None else [la for la in las if la.code in rows_for]:
        is_compared = la.code in compared_codes
        rate = rates[la.code] if is_compared else la.published_rate
        tested = is_compared and (intervals_for is None or la.code in intervals_for)
        interval = _interval(la.count, la.denominator, method) if tested else None
        significance = None
        if tested and interval is not None and pooled.rate_per_100 is not None:
            if pooled.rate_per_100 < interval.lower:
                significance = Significance.ABOVE
            elif pooled.rate_per_100 > interval.upper:
                significance = Significance.BELOW
            else:
                significance = Significance.SIMILAR
        rows.append(
            Row(
                code=la.code,
                name=la.name,
                count=la.count if la.source is not Source.PUBLISHED else None,
                denominator=la.denominator if is_compared else None,
                rate=rate,
                lower=interval.lower if interval else None,
                upper=interval.upper if interval else None,
                rank=ranks.get(la.code) if is_compared else None,
                quartile=bands.quartiles.get(la.code) if is_compared else None,
                significance=significance,
                source=la.source,
                in_network=la.in_network,
                published=la.published,
                note=_note(la, share_of),
            )
        )
    rows.sort(key=lambda r: _sort_key(r, order_by, highest_first))
    # The pooled figure's reasons speak of a "population"; for a breakdown that is the LA's total.
    notes = [
        f"{code}: {reason.replace('population', 'total') if share_of else reason}"
        for code, reason in pooled.left_out.items()
    ]
    return MeasureTable(
        rows=rows,
        region=pooled,
        region_provisional=bool(provisional) and not provisional.isdisjoint(pooled.included),
        median_rate=median_rate,
        median_count=median_count,
        england=england,
        order_by=order_by,
        quartile_note=bands.note,
        notes=notes,
        ranked=bands.ranked,
    )


def _sort_key(row: Row, order_by: OrderBy, highest_first: bool) -> tuple:
    """Ranked LAs first by rank, then other network LAs, then published LAs; names break ties."""
    if row.rank is not None:
        return (0, row.rank, row.name)
    value = row.rate if order_by is OrderBy.RATE else row.count
    if value is None and row.published is not None:
        value = row.published.value
    group = 1 if row.in_network else 2
    if value is None:
        return (group, 1, 0, row.name)
    return (group, 0, -float(value) if highest_first else float(value), row.name)


def published_input(code: str, name: str, figure: Figure | None, rate: float | None, *, in_network: bool) -> LaInput:
    """An LaInput for a figure from DfE's published file (None when DfE has none)."""
    if figure is None:
        return LaInput(code, name, None, None, Source.NONE, in_network=in_network)
    return LaInput(code, name, None, None, Source.PUBLISHED, in_network, as_figure(figure), rate)
