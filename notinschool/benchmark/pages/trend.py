"""The trend page: a measure over terms for the network (pooled within each term), England and
the chosen LAs. Terms are never summed or averaged; a term with no figure is a gap (ADR 0603)."""

from __future__ import annotations

from dataclasses import dataclass

from notinschool.benchmark.data import published
from notinschool.benchmark.data.measures import DashboardMeasure
from notinschool.benchmark.data.population import populations_by_period
from notinschool.benchmark.data.reference_kept import network_places_kept, places_by_codes_kept
from notinschool.benchmark.data.terms import pairs
from notinschool.benchmark.pages.selection import Selection
from notinschool.benchmark.statistics.changes import TrendPoint, la_trend, region_trend
from notinschool.places.selectors import NetworkRef, Place
from notinschool.returns.selectors import figures_that_count


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
    network: NetworkRef
    measure: DashboardMeasure
    periods: list[str]
    series: list[TrendSeries]
    selection: Selection
    population_notes: dict[str, str]
    places: list[Place]


def trend_page(
    *, network: NetworkRef, measure: DashboardMeasure, periods: list[str], selection: Selection
) -> TrendPage:
    """A measure over terms for the network, England and the chosen LAs: each term on its own.

    Returns not yet approved appear only when the term's collection marks them, and then every
    point built from one is flagged provisional."""
    places = network_places_kept(network)
    codes = [p.code for p in places]
    figures = figures_that_count(network_id=network.id, periods=periods, measures=[measure.code])
    populations = populations_by_period(periods, codes, reference_version=network.reference_version)
    marked = {p: {code for code, la in figures.get(p, {}).items() if la.provisional} for p in periods}
    region = region_trend({p: pairs(figures.get(p, {}), populations[p], measure.code, codes) for p in periods}, marked)
    series = [TrendSeries(network.name, "region", "region", region, "pooled over the LAs with returns each term")]
    england = []
    england_by_term = published.england_over_terms(measure.code, periods, reference_version=network.reference_version)
    for period in periods:
        value = england_by_term.get(period)
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
    outside = places_by_codes_kept(network, [c for c in selection.codes if c not in names])
    for code in [c for c in selection.codes if c in names]:
        la_pairs = {
            p: (
                figures.get(p, {}).get(code).get(measure.code) if code in figures.get(p, {}) else None,
                populations[p].of(code),
            )
            for p in periods
        }
        series.append(
            TrendSeries(names[code], code, "la", la_trend(la_pairs, {p for p in periods if code in marked[p]}))
        )
    outside_figures = published.by_la_over_terms(measure.code, periods, {p.code for p in outside}) if outside else {}
    for place in outside:
        points = []
        for period in periods:
            value = outside_figures.get((place.code, period))
            points.append(TrendPoint(period, value.figure.value if value else None, value.rate if value else None))
        series.append(TrendSeries(place.name, place.code, "published", points, published.PUBLISHED_LABEL))
    notes = {p: populations[p].describe() for p in periods}
    return TrendPage(network, measure, periods, series, selection, notes, places + outside)
