"""The LA profile page: the LA on every measure against the network, its statistical neighbours
and a chosen group of LAs.

Neighbours and group members that are in the network and sent a return this term are pooled
(total count ÷ total population). The others — LAs outside the network, and network LAs with no
return — are never pooled with them: each is shown on its own with DfE's latest published figure
and the term it is for, and every line says how many LAs each pooled figure covers (ADR 0612).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from notinschool.benchmark.data import published
from notinschool.benchmark.data.measures import DashboardMeasure, dashboard_measures
from notinschool.benchmark.data.population import Populations
from notinschool.benchmark.data.reference_kept import (
    neighbour_codes_kept,
    network_places_kept,
    places_by_old_codes_kept,
)
from notinschool.benchmark.data.terms import term_figures
from notinschool.benchmark.pages.selection import Selection
from notinschool.benchmark.statistics.changes import Change, change
from notinschool.benchmark.statistics.figures import Symbol
from notinschool.benchmark.statistics.measure_table import LaInput, MeasureTable, Row, Source, build_measure_table
from notinschool.benchmark.statistics.rates import PooledRate, pooled_rate_per_100
from notinschool.places.selectors import NetworkRef, Place
from notinschool.returns.selectors import CountedFigures

Published = dict[tuple[str, str], published.PublishedAt]  # (LA old code, measure) -> figure


@dataclass(frozen=True)
class ProfileChange:
    """A change in the LA's figure, and whether it compares rates (or, lacking populations, counts)."""

    change: Change
    of_rate: bool


@dataclass(frozen=True)
class Cover:
    """Where the figures of a set of LAs (the neighbours, the group) come from for one measure."""

    total: int
    pooled: PooledRate  # over ``from_returns`` only
    from_returns: tuple[str, ...]
    provisional: tuple[str, ...]  # of ``from_returns``, those not yet approved
    published: tuple[str, ...]  # outside the network or without a return: DfE's figure, not pooled
    no_figure: tuple[str, ...]

    def describe(self, noun: str) -> str:
        """'2 of 10 neighbours from returns; 6 published by DfE; 2 no figure'."""
        returns = f"{len(self.from_returns)} of {self.total} {noun} from returns"
        if self.provisional:
            returns += f" ({len(self.provisional)} provisional)"
        parts = [returns]
        if self.published:
            parts.append(f"{len(self.published)} published by DfE")
        if self.no_figure:
            parts.append(f"{len(self.no_figure)} no figure")
        return "; ".join(parts)


@dataclass
class ProfileLine:
    """One measure in an LA's profile."""

    measure: DashboardMeasure
    row: Row | None
    region: PooledRate
    region_provisional: bool
    ranked: int
    neighbours: Cover
    group: Cover | None
    previous_term: ProfileChange | None
    last_year: ProfileChange | None


def _change(now: Row | None, before: Row | None) -> ProfileChange | None:
    if now is None or before is None:
        return None
    if now.rate is not None and before.rate is not None:
        return ProfileChange(change(current=now.rate, previous=before.rate), of_rate=True)
    if now.count is not None and before.count is not None:
        return ProfileChange(change(current=now.count, previous=before.count), of_rate=False)
    return None


@dataclass
class ProfileTables:
    """Every measure's network table in a period, the term before and the same term last year."""

    period: str
    before: str | None
    last_year: str | None
    measures: list[DashboardMeasure]
    tables: dict[str, dict[str, MeasureTable]]  # measure code -> period -> table
    populations: Populations
    returned: set[str] = field(default_factory=set)  # network LAs with figures this term


def profile_tables(
    *, network: NetworkRef, period: str, la_codes: set[str] | None = None, rows_for: set[str] | None = None
) -> ProfileTables:
    """Build the tables every LA's profile reads, once (the meeting pack shares them).

    Intervals and significance are worked out for ``la_codes`` only (None: every LA), and only
    for the period itself: earlier terms give the direction of change, so with ``la_codes`` their
    tables hold only those LAs' rows (a rate or count needs no other LA); ranks, pooled figures
    and medians of earlier terms are then not worked out, and nothing reads them. ``rows_for``
    (with ``la_codes``) keeps the period's rows of these LAs only: one profile reads its own LA's
    row and those of its neighbours and chosen group; every LA is still ranked and pooled."""
    measures = dashboard_measures(period)
    terms = term_figures(network=network, period=period, measures=measures, earlier_for=la_codes)
    # Each LA's figures, population and source, found once a term rather than once a measure.
    found_in: dict[str, list[tuple[str, str, CountedFigures, int | None, Source]]] = {}
    for p in terms.periods:
        figures, populations = terms.of(p), terms.populations[p]
        if p != period and la_codes is not None:
            figures = {code: found for code, found in figures.items() if code in la_codes}
        found_in[p] = [
            (
                place.code,
                place.name,
                figures[place.code],
                populations.of(place.code),
                Source.PROVISIONAL if figures[place.code].provisional else Source.RETURN,
            )
            for place in terms.places
            if place.code in figures
        ]
    tables: dict[str, dict[str, MeasureTable]] = {}
    for measure in measures:
        tables[measure.code] = {}
        for p in terms.periods:
            inputs = [
                LaInput(code, name, found.get(measure.code), population, source)
                for code, name, found, population, source in found_in[p]
            ]
            tables[measure.code][p] = build_measure_table(
                inputs,
                method=measure.interval_method,
                intervals_for=la_codes if p == period else set(),
                rows_for=rows_for if p == period and la_codes is not None else None,
            )
    return ProfileTables(
        period,
        terms.before,
        terms.last_year,
        measures,
        tables,
        terms.populations[period],
        set(terms.of(period)),
    )


def published_for(tables: ProfileTables, codes: set[str], *, reference_version: str | None = None) -> Published:
    """DfE's latest published figures for those of ``codes`` that have no return this term (kept
    per ``reference_version`` when given: callers must not change them)."""
    return published.latest_by_la(
        [m.code for m in tables.measures], tables.period, codes - tables.returned, reference_version=reference_version
    )


def _has_figure(at: published.PublishedAt | None) -> bool:
    """A published number, or 'low' (1 to 4 children): a figure. 'x', 'z' and 'c' are not."""
    if at is None:
        return False
    return at.value.figure.value is not None or at.value.figure.symbol is Symbol.LOW


def _cover(table: MeasureTable, codes: list[str], measure: str, found: Published) -> Cover:
    rows = {r.code: r for r in table.compared_rows if r.count is not None}
    from_returns = tuple(c for c in codes if c in rows)
    outside = tuple(c for c in codes if c not in rows and _has_figure(found.get((c, measure))))
    return Cover(
        total=len(codes),
        pooled=pooled_rate_per_100({c: (rows[c].count, rows[c].denominator) for c in from_returns}),
        from_returns=from_returns,
        provisional=tuple(c for c in from_returns if rows[c].source is Source.PROVISIONAL),
        published=outside,
        no_figure=tuple(c for c in codes if c not in from_returns and c not in outside),
    )


def profile_lines(
    tables: ProfileTables,
    *,
    la_code: str,
    neighbour_codes: list[str],
    group_codes: list[str],
    found: Published | None = None,
) -> list[ProfileLine]:
    """The LA against the network, its statistical neighbours and a chosen group, measure by measure.

    ``found`` holds DfE's published figures of the neighbours and group members without a return
    (see ``published_for``); they are counted in each line's cover, never pooled."""
    found = found or {}
    lines = []
    for measure in tables.measures:
        by_period = tables.tables[measure.code]
        table = by_period[tables.period]
        row = table.row(la_code)
        lines.append(
            ProfileLine(
                measure=measure,
                row=row,
                region=table.region,
                region_provisional=table.region_provisional,
                ranked=table.ranked_count,
                neighbours=_cover(table, neighbour_codes, measure.code, found),
                group=_cover(table, group_codes, measure.code, found) if group_codes else None,
                previous_term=_change(row, by_period[tables.before].row(la_code)) if tables.before else None,
                last_year=_change(row, by_period[tables.last_year].row(la_code)) if tables.last_year else None,
            )
        )
    return lines


@dataclass(frozen=True)
class Comparator:
    """An LA the profile compares with: a statistical neighbour, a member of the chosen group, or both."""

    place: Place
    in_network: bool
    neighbour_rank: int | None  # 1 is the closest neighbour
    in_group: bool

    @property
    def compared_as(self) -> str:
        """Why this LA is compared: which statistical neighbour it is, and the group it is in."""
        parts = []
        if self.neighbour_rank is not None:
            parts.append(f"Statistical neighbour {self.neighbour_rank}")
        if self.in_group:
            parts.append("In the comparison group")
        return "; ".join(parts)


@dataclass
class ProfilePage:
    """Everything an LA's profile shows (on its page, in its downloads and in the meeting pack)."""

    network: NetworkRef
    period: str
    la: Place
    lines: list[ProfileLine]
    populations: Populations
    comparators: list[Comparator]
    group_name: str
    found: Published
    returned: set[str]
    selection: Selection = field(default_factory=Selection)

    @property
    def neighbours(self) -> list[Comparator]:
        """The LA's statistical neighbours, closest first."""
        return sorted((c for c in self.comparators if c.neighbour_rank), key=lambda c: c.neighbour_rank)

    @property
    def is_provisional(self) -> bool:
        """True when the LA's own figures come from a return not yet approved."""
        return any(line.row is not None and line.row.source is Source.PROVISIONAL for line in self.lines)

    @property
    def not_pooled(self) -> list[Comparator]:
        """Comparators whose figures come from DfE's files (or nowhere): shown one by one."""
        return [c for c in self.comparators if c.place.code not in self.returned]


def profile_page(
    *,
    network: NetworkRef,
    period: str,
    la: Place,
    selection: Selection | None = None,
    tables: ProfileTables | None = None,
    network_codes: set[str] | None = None,
    found: Published | None = None,
    neighbours: list[str] | None = None,
) -> ProfilePage:
    """An LA's profile. The meeting pack passes the ``tables``, the network's codes, the LA's
    statistical ``neighbours`` and the published figures it read once for every LA."""
    selection = selection or Selection()
    if neighbours is None:
        neighbours = neighbour_codes_kept(network, la.code)
    group_codes = [c for c in selection.codes if c != la.code]
    # The LA's own row, and its neighbours' and group's for their cover: no other LA's is read.
    tables = tables or profile_tables(
        network=network, period=period, la_codes={la.code}, rows_for={la.code, *neighbours, *group_codes}
    )
    places = places_by_old_codes_kept(network, [*neighbours, *group_codes])
    neighbours = [c for c in neighbours if c in places]
    group_codes = [c for c in group_codes if c in places]
    if network_codes is None:
        network_codes = {p.code for p in network_places_kept(network)}
    if found is None:
        found = published_for(tables, set(neighbours) | set(group_codes), reference_version=network.reference_version)
    ranks = {code: rank for rank, code in enumerate(neighbours, start=1)}
    comparators = [
        Comparator(places[code], code in network_codes, ranks.get(code), code in group_codes)
        for code in dict.fromkeys([*neighbours, *group_codes])
    ]
    lines = profile_lines(tables, la_code=la.code, neighbour_codes=neighbours, group_codes=group_codes, found=found)
    group_name = selection.group_name or ("Chosen LAs" if group_codes else "")
    return ProfilePage(
        network, period, la, lines, tables.populations, comparators, group_name, found, tables.returned, selection
    )
