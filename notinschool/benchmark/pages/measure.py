"""The measure page: every LA of the network ranked on one measure (or a breakdown's share), with
the network's pooled figure, the median and England, and the reader's chosen LAs from outside
the network as DfE published them (ADR 0602). Read by its page, its downloads and the meeting pack."""

from __future__ import annotations

from dataclasses import dataclass, field

from notinschool.benchmark.data import published
from notinschool.benchmark.data.measures import RATE_UNIT, BreakdownChoice, DashboardMeasure
from notinschool.benchmark.data.population import Populations, populations_for
from notinschool.benchmark.data.reference_kept import network_places_kept, places_by_codes_kept
from notinschool.benchmark.pages.selection import Selection
from notinschool.benchmark.statistics.measure_table import (
    LaInput,
    MeasureTable,
    OrderBy,
    Reference,
    Row,
    Source,
    build_measure_table,
    published_input,
)
from notinschool.benchmark.statistics.rates import METHOD_FOR_KIND, MeasureKind
from notinschool.core.text import in_sentence
from notinschool.places.selectors import NetworkRef, Place
from notinschool.returns.selectors import CollectionSettings, collection_settings, figures_that_count


@dataclass
class MeasurePage:
    """Everything the measure page, its downloads and the meeting pack show."""

    network: NetworkRef
    period: str
    measure: DashboardMeasure
    breakdown: BreakdownChoice | None
    category: str | None
    table: MeasureTable
    populations: Populations
    collection: CollectionSettings | None
    selection: Selection
    places: list[Place]
    outside: list[str] = field(default_factory=list)

    @property
    def value_label(self) -> str:
        if self.breakdown:
            return f"% of {in_sentence(self.measure.short_label)}"
        return f"Rate {RATE_UNIT}"

    @property
    def value_unit(self) -> str:
        return f"% of {in_sentence(self.measure.short_label)}" if self.breakdown else RATE_UNIT

    @property
    def statistical_kind(self) -> MeasureKind:
        """How the figures vary by chance: a breakdown's value is a share of the LA's own total
        (binomial, whatever the measure), otherwise as the measure is counted."""
        return MeasureKind.STOCK if self.breakdown else self.measure.kind

    @property
    def denominator_label(self) -> str:
        return self.measure.short_label if self.breakdown else "Children aged 5 to 16"

    @property
    def funnel_x_title(self) -> str:
        """The funnel plot's x-axis: what each LA's rate (or share) is divided by."""
        if self.breakdown:
            return f"{self.measure.short_label}: the LA's total"
        return "Children aged 5 to 16 (ONS estimate)"

    @property
    def chart_view(self) -> str:
        """The chart drawn: a funnel plot compares rates, so it is drawn only when LAs are
        ranked by rate and the network has a pooled rate; otherwise the ranked bars."""
        wanted = self.selection.view == "funnel" and self.table.order_by is OrderBy.RATE
        return "funnel" if wanted and self.table.region.rate_per_100 is not None else "bar"

    @property
    def funnel_refused(self) -> str:
        """Why the funnel plot asked for is not drawn ('' when it is, or was not asked for)."""
        if self.selection.view != "funnel" or self.chart_view == "funnel":
            return ""
        if self.table.order_by is OrderBy.COUNT:
            return (
                "A funnel plot compares each local authority's rate with the network's rate, so it cannot "
                "show local authorities ranked by count. The ranked bars are shown instead: rank by rate "
                "to see the funnel plot."
            )
        return "A funnel plot needs the network's pooled rate, which cannot be worked out for this term."

    @property
    def figure_title(self) -> str:
        if self.breakdown and self.category:
            return (
                f"{self.measure.title}: {self.breakdown.label.lower()} {self.breakdown.category_label(self.category)}"
            )
        return self.measure.title

    @property
    def shown_rows(self) -> list[Row]:
        """The rows the reader chose (all of the network's when none are chosen)."""
        if self.selection.codes:
            return self.table.for_codes(self.selection.codes)
        return [r for r in self.table.rows if r.in_network]

    @property
    def names(self) -> dict[str, str]:
        return {p.code: p.name for p in self.places}


def _england(
    measure_code: str, period: str, breakdown: BreakdownChoice | None, category: str | None, reference_version: str
):
    if breakdown is None:
        value = published.england(measure_code, period, reference_version=reference_version)
        if value is None:
            return None
        return Reference("England", value.rate, value.figure, published.PUBLISHED_LABEL)
    part = published.england(breakdown.measure_code, period, category, reference_version=reference_version)
    whole = published.england(measure_code, period, reference_version=reference_version)
    if part is None or whole is None:
        return None
    share = None
    if part.figure.value is not None and whole.figure.value:
        share = float(part.figure.value) * 100 / float(whole.figure.value)
    return Reference(
        "England", share, part.figure, f"{published.PUBLISHED_LABEL}; share worked out from rounded counts"
    )


def measure_page(*, network: NetworkRef, period: str, measure: DashboardMeasure, selection: Selection) -> MeasurePage:
    """The measure's table for the network, with the reader's chosen LAs from outside it."""
    breakdown = measure.breakdown(selection.breakdown)
    category = None
    if breakdown is not None:
        codes = [c for c, _ in breakdown.categories]
        category = selection.category if selection.category in codes else codes[0]
    members = network_places_kept(network)
    in_network = {p.code for p in members}
    outside_codes = [c for c in selection.codes if c not in in_network]
    outside_places = places_by_codes_kept(network, outside_codes) if outside_codes else []
    wanted = [measure.code] + ([breakdown.measure_code] if breakdown else [])
    collections = collection_settings(network_id=network.id, periods=[period])
    figures = figures_that_count(network_id=network.id, periods=[period], measures=wanted, collections=collections)
    figures = figures.get(period, {})
    populations = populations_for(period, in_network, reference_version=network.reference_version)
    collection = collections.get(period)
    without_return = {c for c in in_network if c not in figures}
    published_code = breakdown.measure_code if breakdown else measure.code
    published_figures = published.by_la(published_code, period, without_return | set(outside_codes), category)
    inputs = []
    for place in members:
        la_figures = figures.get(place.code)
        if la_figures is None:
            value = published_figures.get(place.code)
            inputs.append(_published(place, value, breakdown, in_network=True))
            continue
        if breakdown:
            count, denominator = la_figures.get(breakdown.measure_code, category), la_figures.get(measure.code)
        else:
            count, denominator = la_figures.get(measure.code), populations.of(place.code)
        source = Source.PROVISIONAL if la_figures.provisional else Source.RETURN
        inputs.append(LaInput(place.code, place.name, count, denominator, source))
    for place in outside_places:
        inputs.append(_published(place, published_figures.get(place.code), breakdown, in_network=False))
    table = build_measure_table(
        inputs,
        # A breakdown's value is a share of the LA's own total: binomial even for a flow.
        method=METHOD_FOR_KIND[MeasureKind.STOCK] if breakdown else measure.interval_method,
        england=_england(measure.code, period, breakdown, category, network.reference_version),
        order_by=selection.order,
        share_of=measure.short_label if breakdown else None,
    )
    return MeasurePage(
        network,
        period,
        measure,
        breakdown,
        category,
        table,
        populations,
        collection,
        selection,
        members + outside_places,
        [p.code for p in outside_places],
    )


def _published(place, value, breakdown, *, in_network: bool) -> LaInput:
    if value is None:
        return published_input(place.code, place.name, None, None, in_network=in_network)
    rate = None if breakdown else value.rate
    return published_input(place.code, place.name, value.figure, rate, in_network=in_network)
