"""The overview page: the network's headline figures for a term, their changes since earlier
terms, who has sent returns, and the reader's chosen LAs (ADR 0603, 0612)."""

from __future__ import annotations

from dataclasses import dataclass, field

from notinschool.benchmark.data import published
from notinschool.benchmark.data.measures import DashboardMeasure, headline_measures
from notinschool.benchmark.data.population import Populations
from notinschool.benchmark.data.reference_kept import places_by_codes_kept
from notinschool.benchmark.data.terms import pairs, term_figures
from notinschool.benchmark.pages.selection import Selection
from notinschool.benchmark.statistics.changes import Headline, headline
from notinschool.benchmark.statistics.measure_table import Source
from notinschool.places.selectors import NetworkRef, Place
from notinschool.returns.selectors import CollectionSettings


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

    place: Place
    in_network: bool
    measure: DashboardMeasure
    source: Source
    count: int | None = None
    rate: float | None = None
    published: published.PublishedAt | None = None


@dataclass
class OverviewPage:
    """Everything the overview shows (on its page, in its downloads and in the meeting pack)."""

    network: NetworkRef
    period: str
    collection: CollectionSettings | None
    lines: list[HeadlineLine]
    places: list[Place]
    approved: list[Place]
    provisional: list[Place]
    missing: list[Place]
    populations: Populations
    selection: Selection
    chosen: list[ChosenFigure] = field(default_factory=list)
    previous_period: str | None = None
    last_year_period: str | None = None


def overview_page(*, network: NetworkRef, period: str, selection: Selection) -> OverviewPage:
    """The network's headline figures for a period, with changes and who has sent returns."""
    measures = headline_measures(period)
    terms = term_figures(network=network, period=period, measures=measures)
    places, codes, before, last_year = terms.places, terms.codes, terms.before, terms.last_year
    populations = terms.populations
    current = terms.of(period)
    lines = []
    for measure in measures:
        now = pairs(current, populations[period], measure.code, codes)
        lines.append(
            HeadlineLine(
                measure,
                headline(
                    now,
                    previous_term=pairs(terms.of(before), populations.get(before), measure.code, codes)
                    if before
                    else None,
                    previous_period=before or "",
                    last_year=pairs(terms.of(last_year), populations.get(last_year), measure.code, codes)
                    if last_year
                    else None,
                    last_year_period=last_year or "",
                ),
                published.england(measure.code, period, reference_version=network.reference_version),
                any(current[code].provisional for code in now if now[code][0] is not None),
            )
        )
    # A network LA's return is approved when its approved version is the one that counts.
    approved = {code for code, counted in current.items() if not counted.provisional}
    provisional = [p for p in places if p.code in current and current[p.code].provisional]
    return OverviewPage(
        network=network,
        period=period,
        collection=terms.collections.get(period),
        lines=lines,
        places=places,
        approved=[p for p in places if p.code in approved],
        provisional=provisional,
        missing=[p for p in places if p.code not in approved],
        populations=populations[period],
        selection=selection,
        chosen=_chosen_figures(places, current, populations[period], measures, selection, period, network),
        previous_period=before,
        last_year_period=last_year,
    )


def _chosen_figures(places, current, populations, measures, selection, period, network) -> list[ChosenFigure]:
    """The chosen LAs' headline figures, by measure. LAs outside the network, and network LAs
    with no return this term, get DfE's published figures only (ADR 0612)."""
    if not selection.codes:
        return []
    in_network = {p.code: p for p in places}
    outside = places_by_codes_kept(network, [c for c in selection.codes if c not in in_network])
    chosen = sorted([in_network[c] for c in selection.codes if c in in_network] + outside, key=lambda p: p.name)
    without_return = {p.code for p in chosen if p.code not in current}
    found = published.latest_by_la(
        [m.code for m in measures], period, without_return, reference_version=network.reference_version
    )
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
