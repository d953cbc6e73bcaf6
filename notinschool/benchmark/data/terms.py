"""A term's figures from returns, with the term before it and the same term last year: what the
overview and the profiles compare (ADR 0603). Figures come through the returns app's front door,
which decides the version that counts; populations through `population`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from notinschool.benchmark.data.measures import DashboardMeasure, known_period
from notinschool.benchmark.data.population import Populations, populations_by_period
from notinschool.benchmark.data.reference_kept import network_places_kept
from notinschool.periods import Period, parse_period
from notinschool.places.selectors import NetworkRef, Place
from notinschool.returns.selectors import CollectionSettings, CountedFigures, collection_settings, figures_that_count

# (count, population) per LA code: what the statistics builders take.
Pairs = dict[str, tuple[int | None, int | None]]


def previous_term(period: str) -> str | None:
    """The term before, when it has a return specification."""
    earlier = str(parse_period(period).previous())
    return earlier if known_period(earlier) else None


def same_term_last_year(period: str) -> str | None:
    """The same term a year earlier, when it has a return specification."""
    parsed = parse_period(period)
    earlier = str(Period(parsed.start_year - 1, parsed.term_index))
    return earlier if known_period(earlier) else None


def pairs(
    figures: dict[str, CountedFigures], populations: Populations | None, measure: str, codes: Iterable[str]
) -> Pairs:
    """{LA code: (count, population)} of one measure, for the LAs of ``codes`` that have figures."""
    return {
        code: (figures[code].get(measure), populations.of(code) if populations else None)
        for code in codes
        if code in figures
    }


@dataclass(frozen=True)
class TermFigures:
    """A network's figures from returns, and populations, for a term, the term before it and the
    same term last year (those that exist)."""

    places: list[Place]
    codes: list[str]
    before: str | None
    last_year: str | None
    periods: list[str]
    figures: dict[str, dict[str, CountedFigures]]  # period -> LA code -> figures that count
    populations: dict[str, Populations]  # period -> populations
    collections: dict[str, CollectionSettings] = field(default_factory=dict)  # period -> the network's collection

    def of(self, period: str | None) -> dict[str, CountedFigures]:
        """The figures of one of the terms ({} for None or a term without figures)."""
        return self.figures.get(period, {}) if period else {}


def term_figures(
    *,
    network: NetworkRef,
    period: str,
    measures: Iterable[DashboardMeasure],
    earlier_for: Iterable[str] | None = None,
) -> TermFigures:
    """The figures of ``measures`` that the overview and the profiles compare across terms: every
    network LA's in ``period``; in the term before and last year, every LA's, or only those of
    ``earlier_for`` (a profile compares only its own LA's figures across terms)."""
    places = network_places_kept(network)
    codes = [p.code for p in places]
    before, last_year = previous_term(period), same_term_last_year(period)
    periods = [p for p in (period, before, last_year) if p]
    wanted = [m.code for m in measures]
    collections = collection_settings(network_id=network.id, periods=periods)
    if earlier_for is None:
        figures = figures_that_count(network_id=network.id, periods=periods, measures=wanted, collections=collections)
    else:  # the earlier terms' figures of those LAs only, read in the same queries
        figures = figures_that_count(
            network_id=network.id,
            periods=[period],
            measures=wanted,
            collections=collections,
            few_periods=periods[1:],
            few_la_codes=earlier_for,
        )
    return TermFigures(
        places,
        codes,
        before,
        last_year,
        periods,
        figures,
        populations_by_period(periods, codes, reference_version=network.reference_version),
        collections,
    )
