"""Assemble the overview, trend and LA profile pages from selectors and the pure builders."""

from __future__ import annotations

from dataclasses import dataclass, field

from notinschool.benchmark import published_source as published
from notinschool.benchmark import selectors
from notinschool.benchmark.filters import Selection
from notinschool.benchmark.measures import DashboardMeasure, dashboard_measures, headline_measures, known_period
from notinschool.benchmark.population import Populations, populations_by_period
from notinschool.benchmark.statistics import Change, PooledRate, change, pooled_rate_per_100
from notinschool.benchmark.summaries import Headline, TrendPoint, headline, la_trend, region_trend
from notinschool.benchmark.tables import LaInput, MeasureTable, Row, Source, build_measure_table
from notinschool.places.models import Network
from notinschool.returns.models import Collection
from notinschool.validation.periods import Period, parse_period


def previous_term(period: str) -> str | None:
    """The term before, when it has a return specification."""
    earlier = str(parse_period(period).previous())
    return earlier if known_period(earlier) else None


def same_term_last_year(period: str) -> str | None:
    """The same term a year earlier, when it has a return specification."""
    parsed = parse_period(period)
    earlier = str(Period(parsed.start_year - 1, parsed.term_index))
    return earlier if known_period(earlier) else None


def _pairs(figures, populations: Populations | None, measure: str, codes) -> dict:
    return {
        code: (figures[code].get(measure), populations.of(code) if populations else None)
        for code in codes
        if code in figures
    }


@dataclass
class HeadlineLine:
    """One headline measure on the overview."""

    measure: DashboardMeasure
    figures: Headline
    england: published.PublishedValue | None
    provisional: bool


@dataclass
class OverviewPage:
    network: Network
    period: str
    collection: Collection | None
    lines: list[HeadlineLine]
    places: list[selectors.Place]
    approved: list[selectors.Place]
    provisional: list[selectors.Place]
    missing: list[selectors.Place]
    populations: Populations
    selection: Selection
    chosen: list[tuple[selectors.Place, dict[str, tuple[int | None, float | None, bool]]]] = field(default_factory=list)
    previous_period: str | None = None
    last_year_period: str | None = None


def overview_page(*, network: Network, period: str, selection: Selection) -> OverviewPage:
    """The network's headline figures for a period, with changes and who has sent returns."""
    places = selectors.network_places(network)
    codes = [p.code for p in places]
    before, last_year = previous_term(period), same_term_last_year(period)
    periods = [p for p in (period, before, last_year) if p]
    measures = headline_measures(period)
    figures = selectors.figures_by_period(
        network=network, periods=periods, la_codes=codes, measures=[m.code for m in measures]
    )
    populations = populations_by_period(periods, codes)
    current = figures.get(period, {})
    lines = []
    for measure in measures:
        now = _pairs(current, populations[period], measure.code, codes)
        lines.append(
            HeadlineLine(
                measure,
                headline(
                    now,
                    previous_term=_pairs(figures.get(before, {}), populations.get(before), measure.code, codes)
                    if before
                    else None,
                    previous_period=before or "",
                    last_year=_pairs(figures.get(last_year, {}), populations.get(last_year), measure.code, codes)
                    if last_year
                    else None,
                    last_year_period=last_year or "",
                ),
                published.england(measure.code, period),
                any(f.provisional for f in current.values()),
            )
        )
    approved, _started = selectors.approval_status(network=network, period=period)
    provisional = [p for p in places if p.code in current and current[p.code].provisional]
    chosen = []
    for place in places:
        if place.code in selection.codes and place.code in current:
            la = current[place.code]
            values = {}
            for m in measures:
                count, population = la.get(m.code), populations[period].of(place.code)
                rate = count * 100 / population if count is not None and population else None
                values[m.code] = (count, rate, la.provisional)
            chosen.append((place, values))
    return OverviewPage(
        network=network,
        period=period,
        collection=selectors.collections_by_period(network, [period]).get(period),
        lines=lines,
        places=places,
        approved=[p for p in places if p.code in approved],
        provisional=provisional,
        missing=[p for p in places if p.code not in approved],
        populations=populations[period],
        selection=selection,
        chosen=chosen,
        previous_period=before,
        last_year_period=last_year,
    )


@dataclass
class TrendSeries:
    """One line on the trend chart."""

    label: str
    code: str
    kind: str  # region, england, la, published
    points: list[TrendPoint]
    note: str = ""


@dataclass
class TrendPage:
    network: Network
    measure: DashboardMeasure
    periods: list[str]
    series: list[TrendSeries]
    selection: Selection
    population_notes: dict[str, str]
    places: list[selectors.Place]


def trend_page(*, network: Network, measure: DashboardMeasure, periods: list[str], selection: Selection) -> TrendPage:
    """A measure over terms for the network, England and the chosen LAs: each term on its own."""
    places = selectors.network_places(network)
    codes = [p.code for p in places]
    figures = selectors.figures_by_period(network=network, periods=periods, la_codes=codes, measures=[measure.code])
    populations = populations_by_period(periods, codes)
    region = region_trend({p: _pairs(figures.get(p, {}), populations[p], measure.code, codes) for p in periods})
    series = [TrendSeries(network.name, "region", "region", region, "pooled over the LAs with returns each term")]
    england = []
    for period in periods:
        value = published.england(measure.code, period)
        england.append(
            TrendPoint(
                period,
                value.figure.value if value else None,
                value.rate if value else None,
                "" if value else "Not published",
            )
        )
    if any(point.count is not None or point.rate is not None for point in england):
        series.append(TrendSeries("England", "england", "england", england, published.PUBLISHED_LABEL))
    names = {p.code: p.name for p in places}
    outside = selectors.places_by_codes([c for c in selection.codes if c not in names])
    for code in [c for c in selection.codes if c in names]:
        pairs = {
            p: (
                figures.get(p, {}).get(code).get(measure.code) if code in figures.get(p, {}) else None,
                populations[p].of(code),
            )
            for p in periods
        }
        series.append(TrendSeries(names[code], code, "la", la_trend(pairs)))
    for place in outside:
        points = []
        for period in periods:
            value = published.by_la(measure.code, period, {place.code}).get(place.code)
            points.append(TrendPoint(period, value.figure.value if value else None, value.rate if value else None))
        series.append(TrendSeries(place.name, place.code, "published", points, published.PUBLISHED_LABEL))
    notes = {p: populations[p].describe() for p in periods}
    return TrendPage(network, measure, periods, series, selection, notes, places + outside)


@dataclass
class ProfileLine:
    """One measure in an LA's profile."""

    measure: DashboardMeasure
    row: Row | None
    region: PooledRate
    neighbours: PooledRate
    group: PooledRate | None
    ranked: int
    previous_term: Change | None
    last_year: Change | None


def _change(now: Row | None, before: Row | None) -> Change | None:
    if now is None or before is None:
        return None
    if now.rate is not None and before.rate is not None:
        return change(current=now.rate, previous=before.rate)
    if now.count is not None and before.count is not None:
        return change(current=now.count, previous=before.count)
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


def profile_tables(*, network: Network, period: str, la_codes: set[str] | None = None) -> ProfileTables:
    """Build the tables every LA's profile reads, once (the meeting pack shares them).

    Intervals and significance are worked out for ``la_codes`` only (None: every LA), and only
    for the period itself: earlier terms give the direction of change."""
    places = selectors.network_places(network)
    codes = [p.code for p in places]
    before, last_year = previous_term(period), same_term_last_year(period)
    periods = [p for p in (period, before, last_year) if p]
    measures = dashboard_measures(period)
    figures = selectors.figures_by_period(
        network=network, periods=periods, la_codes=codes, measures=[m.code for m in measures]
    )
    populations = populations_by_period(periods, codes)
    tables: dict[str, dict[str, MeasureTable]] = {}
    for measure in measures:
        tables[measure.code] = {}
        for p in periods:
            inputs = [
                LaInput(
                    place.code,
                    place.name,
                    figures[p][place.code].get(measure.code),
                    populations[p].of(place.code),
                    Source.PROVISIONAL if figures[p][place.code].provisional else Source.RETURN,
                )
                for place in places
                if place.code in figures.get(p, {})
            ]
            tables[measure.code][p] = build_measure_table(
                inputs, method=measure.interval_method, intervals_for=la_codes if p == period else set()
            )
    return ProfileTables(period, before, last_year, measures, tables, populations[period])


def profile_lines(
    tables: ProfileTables, *, la_code: str, neighbour_codes: list[str], group_codes: list[str]
) -> list[ProfileLine]:
    """The LA against the network, its statistical neighbours in the network and a chosen group."""
    lines = []
    for measure in tables.measures:
        by_period = tables.tables[measure.code]
        table = by_period[tables.period]
        pairs = {r.code: (r.count, r.denominator) for r in table.compared_rows}
        row = table.row(la_code)
        lines.append(
            ProfileLine(
                measure=measure,
                row=row,
                region=table.region,
                neighbours=pooled_rate_per_100({c: pairs[c] for c in neighbour_codes if c in pairs}),
                group=pooled_rate_per_100({c: pairs[c] for c in group_codes if c in pairs}) if group_codes else None,
                ranked=sum(1 for r in table.compared_rows if r.rank is not None),
                previous_term=_change(row, by_period[tables.before].row(la_code)) if tables.before else None,
                last_year=_change(row, by_period[tables.last_year].row(la_code)) if tables.last_year else None,
            )
        )
    return lines
