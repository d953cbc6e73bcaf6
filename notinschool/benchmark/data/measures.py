"""Which measures the dashboard shows, read from the return specification of each period.

A dashboard measure is a count the LA reports as a single figure (``ehe_total``). Its
breakdowns are the measures that add up to it (``ehe_by_sex`` sums to ``ehe_total``): choosing
a breakdown and a category shows each LA's share of its total in that category. Figures that are
not counts of children (median days to provision) have no rate and no pooled figure, so they are
left off the dashboard rather than shown misleadingly.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from notinschool.benchmark.statistics.rates import METHOD_FOR_KIND, IntervalMethod, MeasureKind
from notinschool.periods.specs import Measure, ReturnSpec, UnknownPeriod, all_periods, load_spec

# The overview's headline measures, in this order, with the words people use for them.
HEADLINES = {
    "ehe_total": "Children in elective home education",
    "cme_total": "Children missing education",
    "s19_total": "Children receiving s19 health provision",
    "sao_served": "School attendance orders served",
    "ehe_returns_to_school": "Children who returned to school from elective home education",
}
RATE_UNIT = "per 100 children aged 5 to 16"


@dataclass(frozen=True)
class BreakdownChoice:
    """A breakdown of a dashboard measure: ``sex`` of ``ehe_total`` is read from ``ehe_by_sex``."""

    code: str
    label: str
    measure_code: str
    categories: tuple[tuple[str, str], ...]  # (code, label)

    def category_label(self, code: str) -> str:
        return dict(self.categories).get(code, code)


@dataclass(frozen=True)
class DashboardMeasure:
    """A measure as the dashboard presents it."""

    code: str
    title: str
    short_label: str
    definition: str
    kind: MeasureKind
    part: str
    breakdowns: tuple[BreakdownChoice, ...]

    @property
    def interval_method(self) -> IntervalMethod:
        return METHOD_FOR_KIND[self.kind]

    @property
    def is_headline(self) -> bool:
        return self.code in HEADLINES

    @property
    def kind_phrase(self) -> str:
        return "at the census date" if self.kind is MeasureKind.STOCK else "during the term"

    def breakdown(self, code: str | None) -> BreakdownChoice | None:
        return next((b for b in self.breakdowns if b.code == code), None)


def _dashboard_measure(spec: ReturnSpec, measure: Measure) -> DashboardMeasure:
    breakdowns = tuple(
        BreakdownChoice(
            code=m.breakdown.code,
            label=m.breakdown.label,
            measure_code=m.code,
            categories=tuple((c.code, c.label) for c in m.breakdown.categories),
        )
        for m in spec.measures
        if m.sums_to == measure.code and m.breakdown is not None
    )
    return DashboardMeasure(
        code=measure.code,
        title=HEADLINES.get(measure.code, measure.label),
        short_label=measure.label,
        definition=measure.definition,
        kind=MeasureKind(measure.kind),
        part=measure.part,
        breakdowns=breakdowns,
    )


@functools.cache
def _measures_for(period: str) -> tuple[DashboardMeasure, ...]:
    spec = load_spec(period)
    shown = [m for m in spec.measures if m.breakdown is None and m.unit == "children"]
    measures = [_dashboard_measure(spec, m) for m in shown]
    order = list(HEADLINES)
    return tuple(sorted(measures, key=lambda m: order.index(m.code) if m.code in order else len(order)))


def dashboard_measures(period: str) -> list[DashboardMeasure]:
    """Every measure the dashboard shows for a period: headlines first, then the rest in spec order."""
    return list(_measures_for(period))


def dashboard_measure(period: str, code: str) -> DashboardMeasure | None:
    """One dashboard measure for a period, or None when the period does not collect it."""
    return next((m for m in dashboard_measures(period) if m.code == code), None)


def headline_measures(period: str) -> list[DashboardMeasure]:
    """The overview's headline measures that the period collects."""
    return [m for m in dashboard_measures(period) if m.is_headline]


def known_period(period: str) -> bool:
    """True when the period is written correctly and has a return specification."""
    try:
        load_spec(period)
    except UnknownPeriod:
        return False
    return True


def periods_collecting(code: str, *, up_to: str | None = None) -> list[str]:
    """Every period whose return has the measure, oldest first, up to and including ``up_to``."""
    periods = all_periods()
    if up_to is not None and up_to in periods:
        periods = periods[: periods.index(up_to) + 1]
    return [p for p in periods if dashboard_measure(p, code) is not None]
