"""The trend page's table, chart and summary: shared by its page and its downloads.

The table has a line per term and a column per line on the chart (the network, England, the
chosen LAs), and names the lines whose figure for a term is provisional.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from notinschool.benchmark.data.measures import RATE_UNIT
from notinschool.benchmark.data.published import PUBLISHED_LABEL
from notinschool.benchmark.outputs import charts
from notinschool.benchmark.outputs.tables import Column, Content, Table, column, one_place
from notinschool.benchmark.pages.trend import TrendPage, TrendSeries
from notinschool.benchmark.statistics.changes import TrendPoint
from notinschool.core.presenters import one_decimal, whole_number
from notinschool.periods import short_period_label


@dataclass(frozen=True)
class TermRow:
    """One term: each line's figure on the chart, in the chart's order, and which are provisional."""

    term: str
    values: tuple[int | float | None, ...]
    provisional: str


def _value_column(label: str, index: int) -> Column:
    return Column(label, lambda row: row.values[index], numeric=True)


def trend_content(page: TrendPage) -> Content:
    """The trend's lines over terms, its table (with provisional figures named) and summary."""
    use_rate = any(point.rate is not None for line in page.series for point in line.points)
    value_title = f"Rate {RATE_UNIT}" if use_rate else "Count of children"
    labels = [
        line.label + (f" ({PUBLISHED_LABEL})" if line.kind in ("england", "published") else "") for line in page.series
    ]
    columns = [
        column("Term", "term"),
        *(_value_column(label, index) for index, label in enumerate(labels)),
        column("Provisional (not yet approved)", "provisional"),
    ]
    table = Table(f"{page.measure.title} over terms", columns)
    for index, period in enumerate(page.periods):
        values = []
        for line in page.series:
            point = line.points[index]
            value = point.rate if use_rate else point.count
            values.append(one_place(value) if use_rate else (int(value) if value is not None else None))
        provisional = [label for label, line in zip(labels, page.series, strict=True) if line.points[index].provisional]
        table.rows.append(TermRow(short_period_label(period), tuple(values), "; ".join(provisional)))
    table.notes = [
        "Each term stands alone: terms are never added up or averaged; a blank is a term with no figure.",
        f"{page.network.name} is pooled over the LAs with returns in each term.",
    ]
    if any(point.provisional for line in page.series for point in line.points):
        table.notes.append("Provisional figures come from returns not yet approved and may change.")
    labelled = [
        TrendSeries(label, line.code, line.kind, [_short(p) for p in line.points])
        for label, line in zip(labels, page.series, strict=True)
    ]
    spec = charts.trend_chart(
        labelled,
        title=f"{page.measure.title} over terms",
        value_title=value_title,
        use_rate=use_rate,
        subtitle=(f"Rate {RATE_UNIT}" if use_rate else "Count of children") + ", each term on its own",
        periods=[short_period_label(p) for p in page.periods],
    )
    has_figures = any(
        (point.rate if use_rate else point.count) is not None for line in page.series for point in line.points
    )
    return Content(f"trend-{page.measure.code}", table, spec, _trend_summary(page, use_rate), has_figures=has_figures)


def _short(point: TrendPoint) -> TrendPoint:
    return replace(point, period=short_period_label(point.period))


def _trend_summary(page: TrendPage, use_rate: bool) -> str:
    region = page.series[0].points
    known = [p for p in region if (p.rate if use_rate else p.count) is not None]
    if len(known) >= 2:
        first, last = known[0], known[-1]
        shown = (lambda v: one_decimal(v)) if use_rate else (lambda v: whole_number(int(v)))
        summary = (
            f"{page.network.name}'s {'rate' if use_rate else 'count'} went from "
            f"{shown(first.rate if use_rate else first.count)} in {short_period_label(first.period)} to "
            f"{shown(last.rate if use_rate else last.count)} in {short_period_label(last.period)}."
        )
    else:
        summary = f"There are not yet two terms with figures for {page.network.name}."
    marked = [short_period_label(p.period) for p in region if p.provisional]
    if marked:
        summary += f" Figures for {', '.join(marked)} are provisional: they include returns not yet approved."
    return summary
