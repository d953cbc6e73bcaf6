"""Each page's table, chart and summary, built once and shared by the page, downloads and pack."""

from __future__ import annotations

from dataclasses import dataclass

from notinschool.benchmark import charts
from notinschool.benchmark.dashboard import MeasurePage
from notinschool.benchmark.measures import RATE_UNIT
from notinschool.benchmark.pages import OverviewPage, ProfileLine, TrendPage
from notinschool.benchmark.presenters import (
    SIGNIFICANCE_WORDS,
    Table,
    _one,
    change_text,
    measure_table,
    period_label,
    short_period,
    summary_sentence,
)
from notinschool.benchmark.statistics import Change, Direction
from notinschool.benchmark.tables import OrderBy
from notinschool.core.presenters import one_decimal, whole_number


@dataclass
class Content:
    """What a page shows: a table, a chart specification and a sentence summing the chart up."""

    name: str
    table: Table
    spec: dict
    summary: str


def measure_content(page: MeasurePage) -> Content:
    table = measure_table(page)
    by_rate = page.table.order_by is OrderBy.RATE
    value_title = page.value_label if by_rate else "Count of children"
    title = f"{page.figure_title}: {'rate' if by_rate else 'count'} by local authority"
    subtitle = f"{period_label(page.period)}. {page.value_label if by_rate else 'Count of children'}, highest first"
    references = []
    if by_rate:
        references = [
            ("region", f"{page.network.name} (pooled)", page.table.region.rate_per_100),
            ("median", "Median of the network's LAs", page.table.median_rate),
        ]
        if page.table.england is not None:
            references.append(("england", "England (published)", page.table.england.rate))
    else:
        references = [("median", "Median of the network's LAs", page.table.median_count)]
    if page.selection.view == "funnel" and by_rate:
        spec = charts.funnel_chart(
            page.shown_rows,
            title=f"{page.figure_title}: funnel plot",
            value_title=value_title,
            subtitle=f"{period_label(page.period)}. Points outside the lines differ from the network's rate",
            reference=page.table.region.rate_per_100,
            kind=page.measure.kind,
        )
    else:
        spec = charts.ranking_chart(
            page.shown_rows,
            title=title,
            subtitle=subtitle,
            value_title=value_title,
            order_by=page.table.order_by,
            references=references,
            highlight=page.selection.highlight,
        )
    name = page.measure.code + (f"-{page.breakdown.code}-{page.category}" if page.breakdown else "")
    return Content(name, table, spec, summary_sentence(page))


def _change_cells(value: Change | None, *, rate: bool) -> list[object]:
    if value is None or value.direction is None:
        return ["", None]
    size = abs(value.absolute) if value.absolute is not None else None
    if rate and size is not None:
        size = _one(size)
    return [str(value.direction) if value.direction is not Direction.NO_CHANGE else "no change", size]


def overview_content(page: OverviewPage) -> Content:
    before = short_period(page.previous_period) if page.previous_period else "previous term"
    last = short_period(page.last_year_period) if page.last_year_period else "same term last year"
    headings = [
        "Measure",
        "Count",
        f"Rate {RATE_UNIT}",
        "LAs with figures",
        "England rate (published)",
        f"Rate change since {before}",
        f"Size of change since {before}",
        f"LAs compared with {before}",
        f"Rate change since {last}",
        f"Size of change since {last}",
        f"LAs compared with {last}",
    ]
    table = Table(
        f"{page.network.name}: headline figures, {period_label(page.period)}",
        headings,
        numeric={1, 2, 3, 4, 6, 7, 9, 10},
    )
    items = []
    for line in page.lines:
        h = line.figures
        prev, year = h.previous_term, h.last_year
        table.rows.append(
            [
                line.measure.title + (" (provisional)" if line.provisional else ""),
                h.count,
                _one(h.rate),
                h.las_with_figures,
                _one(line.england.rate) if line.england else None,
                *_change_cells(prev.rate if prev else None, rate=True),
                prev.las_compared if prev else None,
                *_change_cells(year.rate if year else None, rate=True),
                year.las_compared if year else None,
            ]
        )
        items.append(
            {
                "measure": line.measure.title,
                "area": page.network.name,
                "value": _one(h.rate),
                "shown": one_decimal(h.rate) if h.rate is not None else "",
            }
        )
        if line.england and line.england.rate is not None:
            items.append(
                {
                    "measure": line.measure.title,
                    "area": "England (published)",
                    "value": _one(line.england.rate),
                    "shown": one_decimal(line.england.rate),
                }
            )
    table.notes = [
        page.populations.describe(),
        "Changes are worked out over the LAs with figures in both terms, so an LA joining or leaving the "
        "collection does not count as a change.",
    ]
    spec = charts.comparison_chart(
        items,
        title=f"Headline rates, {period_label(page.period)}",
        subtitle=f"{page.network.name} (pooled) and England, {RATE_UNIT}",
        value_title=f"Rate {RATE_UNIT}",
    )
    with_rate = [line for line in page.lines if line.figures.rate is not None]
    if with_rate:
        summary = "; ".join(f"{line.measure.title.lower()} {one_decimal(line.figures.rate)}" for line in with_rate)
        summary = f"In {page.network.name}, rates {RATE_UNIT} were: {summary}."
    else:
        summary = f"No rates can be given for {page.network.name} in {period_label(page.period).lower()} yet."
    return Content("overview", table, spec, summary)


def trend_content(page: TrendPage) -> Content:
    use_rate = any(point.rate is not None for line in page.series for point in line.points)
    value_title = f"Rate {RATE_UNIT}" if use_rate else "Count of children"
    headings = ["Term"] + [
        line.label + (" (published, rounded)" if line.kind in ("england", "published") else "") for line in page.series
    ]
    table = Table(f"{page.measure.title} over terms", headings, numeric=set(range(1, len(headings))))
    for index, period in enumerate(page.periods):
        cells = [short_period(period)]
        for line in page.series:
            point = line.points[index]
            value = point.rate if use_rate else point.count
            cells.append(_one(value) if use_rate else (int(value) if value is not None else None))
        table.rows.append(cells)
    table.notes = [
        "Each term stands alone: terms are never added up or averaged; a blank is a term with no figure.",
        f"{page.network.name} is pooled over the LAs with returns in each term.",
    ]
    labelled = [
        type(line)(
            line.label,
            line.code,
            line.kind,
            [type(p)(short_period(p.period), p.count, p.rate, p.note) for p in line.points],
        )
        for line in page.series
    ]
    spec = charts.trend_chart(
        labelled,
        title=f"{page.measure.title} over terms",
        value_title=value_title,
        use_rate=use_rate,
        subtitle=(f"Rate {RATE_UNIT}" if use_rate else "Count of children") + ", each term on its own",
        periods=[short_period(p) for p in page.periods],
    )
    region = page.series[0].points
    known = [p for p in region if (p.rate if use_rate else p.count) is not None]
    if len(known) >= 2:
        first, last = known[0], known[-1]
        shown = (lambda v: one_decimal(v)) if use_rate else (lambda v: whole_number(int(v)))
        summary = (
            f"{page.network.name}'s {'rate' if use_rate else 'count'} went from "
            f"{shown(first.rate if use_rate else first.count)} in {short_period(first.period)} to "
            f"{shown(last.rate if use_rate else last.count)} in {short_period(last.period)}."
        )
    else:
        summary = f"There are not yet two terms with figures for {page.network.name}."
    return Content(f"trend-{page.measure.code}", table, spec, summary)


def profile_content(la_name: str, period: str, lines: list[ProfileLine], network_name: str, group_name: str) -> Content:
    headings = [
        "Measure",
        "Count",
        f"Rate {RATE_UNIT}",
        f"{network_name} rate",
        "Against the network",
        "Statistical neighbours' rate",
        "Neighbours with figures",
        f"{group_name or 'Comparison group'} rate",
        "Rank",
        "Quartile",
        "Change since previous term",
        "Size of change since previous term",
        "Change since same term last year",
        "Size of change since same term last year",
    ]
    table = Table(
        f"{la_name}: every measure, {period_label(period)}", headings, numeric={1, 2, 3, 5, 6, 7, 8, 9, 11, 13}
    )
    items = []
    for line in lines:
        row = line.row
        table.rows.append(
            [
                line.measure.title,
                row.count if row else None,
                _one(row.rate) if row else None,
                _one(line.region.rate_per_100),
                SIGNIFICANCE_WORDS.get(row.significance, "") if row else "",
                _one(line.neighbours.rate_per_100),
                len(line.neighbours.included),
                _one(line.group.rate_per_100) if line.group else None,
                f"{row.rank} of {line.ranked}" if row and row.rank else None,
                row.quartile if row else None,
                *_change_cells(line.previous_term, rate=True),
                *_change_cells(line.last_year, rate=True),
            ]
        )
        for area, rate in (
            (la_name, row.rate if row else None),
            (f"{network_name} (pooled)", line.region.rate_per_100),
            ("Statistical neighbours (pooled)", line.neighbours.rate_per_100),
        ):
            items.append(
                {
                    "measure": line.measure.title,
                    "area": area,
                    "value": _one(rate),
                    "shown": one_decimal(rate) if rate is not None else "",
                }
            )
    table.notes = [
        "Statistical neighbours and the comparison group are pooled over those of their LAs that are in the "
        "network and have returns; the neighbours column says how many.",
        "Rank and quartile are within the network; quartile 1 has the highest rates.",
    ]
    spec = charts.comparison_chart(
        items,
        title=f"{la_name} against the network and its neighbours",
        value_title=f"Rate {RATE_UNIT}",
        subtitle=f"{period_label(period)}, {RATE_UNIT}",
    )
    above = [
        line.measure.title.lower()
        for line in lines
        if line.row and line.row.significance and line.row.significance.value == "above"
    ]
    summary = (
        f"{la_name} is significantly above the network's rate for {', '.join(above)}."
        if above
        else f"{la_name} is not significantly above the network's rate on any measure."
    )
    return Content("profile", table, spec, summary)


__all__ = [
    "Content",
    "change_text",
    "measure_content",
    "overview_content",
    "profile_content",
    "trend_content",
    "whole_number",
]
