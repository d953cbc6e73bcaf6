"""Assemble the overview, trend and LA profile pages from selectors and the pure builders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from notinschool.benchmark import published_source as published
from notinschool.benchmark import selectors
from notinschool.benchmark.filters import Selection
from notinschool.benchmark.measures import DashboardMeasure, headline_measures, known_period
from notinschool.benchmark.population import Populations, populations_by_period
from notinschool.benchmark.summaries import Headline, TrendPoint, headline, la_trend, region_trend
from notinschool.benchmark.tables import Source
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


@dataclass(frozen=True)
class ChosenFigure:
    """One chosen LA's figure for one headline measure: from its return when it is in the network
    and sent one, otherwise DfE's latest published figure (with the term it is for), or none."""

    place: selectors.Place
    in_network: bool
    measure: DashboardMeasure
    source: Source
    count: int | None = None
    rate: float | None = None
    published: published.PublishedAt | None = None


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
    chosen: list[ChosenFigure] = field(default_factory=list)
    previous_period: str | None = None
    last_year_period: str | None = None


class TermFigures(NamedTuple):
    """A network's figures from returns, and populations, for a term, the term before it and the
    same term last year (those that exist)."""

    places: list[selectors.Place]
    codes: list[str]
    before: str | None
    last_year: str | None
    periods: list[str]
    figures: dict
    populations: dict


def term_figures(*, network: Network, period: str, measures) -> TermFigures:
    """The figures of `measures` that the overview and the profiles compare across terms."""
    places = selectors.network_places(network)
    codes = [p.code for p in places]
    before, last_year = previous_term(period), same_term_last_year(period)
    periods = [p for p in (period, before, last_year) if p]
    figures = selectors.figures_by_period(
        network=network, periods=periods, la_codes=codes, measures=[m.code for m in measures]
    )
    return TermFigures(places, codes, before, last_year, periods, figures, populations_by_period(periods, codes))


def overview_page(*, network: Network, period: str, selection: Selection) -> OverviewPage:
    """The network's headline figures for a period, with changes and who has sent returns."""
    measures = headline_measures(period)
    terms = term_figures(network=network, period=period, measures=measures)
    places, codes, before, last_year, _periods, figures, populations = terms
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
                any(current[code].provisional for code in now if now[code][0] is not None),
            )
        )
    approved, _started = selectors.approval_status(network=network, period=period)
    provisional = [p for p in places if p.code in current and current[p.code].provisional]
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
        chosen=_chosen_figures(places, current, populations[period], measures, selection, period),
        previous_period=before,
        last_year_period=last_year,
    )


def _chosen_figures(places, current, populations, measures, selection, period) -> list[ChosenFigure]:
    """The chosen LAs' headline figures, by measure. LAs outside the network, and network LAs
    with no return this term, get DfE's published figures only (ADR 0612)."""
    if not selection.codes:
        return []
    in_network = {p.code: p for p in places}
    outside = selectors.places_by_codes([c for c in selection.codes if c not in in_network])
    chosen = sorted([in_network[c] for c in selection.codes if c in in_network] + outside, key=lambda p: p.name)
    without_return = {p.code for p in chosen if p.code not in current}
    found = published.latest_by_la([m.code for m in measures], period, without_return)
    rows = []
    for measure in measures:
        for place in chosen:
            member = place.code in in_network
            if place.code in current:
                la = current[place.code]
                count, population = la.get(measure.code), populations.of(place.code)
                rate = count * 100 / population if count is not None and population else None
                source = Source.PROVISIONAL if la.provisional else Source.RETURN
                rows.append(ChosenFigure(place, member, measure, source, count, rate))
                continue
            value = found.get((place.code, measure.code))
            source = Source.PUBLISHED if value is not None else Source.NONE
            rows.append(ChosenFigure(place, member, measure, source, published=value))
    return rows


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
    """A measure over terms for the network, England and the chosen LAs: each term on its own.

    Returns not yet approved appear only when the term's collection marks them, and then every
    point built from one is flagged provisional."""
    places = selectors.network_places(network)
    codes = [p.code for p in places]
    figures = selectors.figures_by_period(network=network, periods=periods, la_codes=codes, measures=[measure.code])
    populations = populations_by_period(periods, codes)
    marked = {p: {code for code, la in figures.get(p, {}).items() if la.provisional} for p in periods}
    region = region_trend({p: _pairs(figures.get(p, {}), populations[p], measure.code, codes) for p in periods}, marked)
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
        series.append(TrendSeries(names[code], code, "la", la_trend(pairs, {p for p in periods if code in marked[p]})))
    for place in outside:
        points = []
        for period in periods:
            value = published.by_la(measure.code, period, {place.code}).get(place.code)
            points.append(TrendPoint(period, value.figure.value if value else None, value.rate if value else None))
        series.append(TrendSeries(place.name, place.code, "published", points, published.PUBLISHED_LABEL))
    notes = {p: populations[p].describe() for p in periods}
    return TrendPage(network, measure, periods, series, selection, notes, places + outside)
