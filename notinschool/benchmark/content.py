"""Each page's tables, chart and summary, built once and shared by the page, downloads and pack."""

from __future__ import annotations

from dataclasses import dataclass, field

from notinschool.benchmark import charts
from notinschool.benchmark.dashboard import MeasurePage
from notinschool.benchmark.funnel import FunnelPosition, funnel_position
from notinschool.benchmark.measures import RATE_UNIT
from notinschool.benchmark.pages import OverviewPage, TrendPage
from notinschool.benchmark.presenters import (
    SOURCE_WORDS,
    Table,
    _one,
    change_cells,
    in_sentence,
    measure_table,
    period_label,
    short_period,
    summary_sentence,
)
from notinschool.benchmark.published_source import PUBLISHED_LABEL
from notinschool.benchmark.tables import OrderBy, Source
from notinschool.core.presenters import one_decimal, whole_number


@dataclass
class Content:
    """What a page shows: a table, a chart specification and a sentence summing the chart up.

    ``more`` holds further tables shown under the first; downloads carry them too.
    ``has_figures`` is false when the chart would have nothing to draw: pages then show the
    summary alone rather than an empty frame of axes."""

    name: str
    table: Table
    spec: dict
    summary: str
    more: list[Table] = field(default_factory=list)
    has_figures: bool = True


def funnel_positions(page: MeasurePage) -> dict[str, FunnelPosition]:
    """Each compared LA's place against the funnel's limits at its own population."""
    reference = page.table.region.rate_per_100
    return {
        row.code: funnel_position(row.rate, row.denominator, reference, kind=page.statistical_kind)
        for row in page.table.compared_rows
        if row.rate is not None and row.denominator
    }


def measure_content(page: MeasurePage) -> Content:
    """The measure page's ranked bars (or funnel plot), its table and summary."""
    by_rate = page.table.order_by is OrderBy.RATE
    value_title = page.value_label if by_rate else "Count of children"
    summary = summary_sentence(page)
    if page.chart_view == "funnel":
        positions = funnel_positions(page)
        shown = {row.code for row in page.shown_rows}
        # Chosen LAs are named; with none chosen, the LAs outside the 95% limits are.
        labelled = set(page.selection.codes) if page.selection.codes else {c for c, p in positions.items() if p.outside}
        spec = charts.funnel_chart(
            page.shown_rows,
            title=f"{page.figure_title}: funnel plot",
            value_title=value_title,
            x_title=page.funnel_x_title,
            subtitle=f"{period_label(page.period)}. Points outside the lines differ from the network's rate",
            reference=page.table.region.rate_per_100,
            kind=page.statistical_kind,
            highlight=page.selection.highlight,
            labelled=labelled,
        )
        above = sum(1 for c, p in positions.items() if c in shown and p.name.startswith("ABOVE"))
        below = sum(1 for c, p in positions.items() if c in shown and p.name.startswith("BELOW"))
        plotted = sum(1 for c in positions if c in shown)
        summary += (
            f" On the funnel plot, of the {plotted} local authorities drawn, {above} lie above the 95% limit "
            f"and {below} below it."
        )
        table = measure_table(page, positions)
        has_figures = any(code in shown for code in positions)
    else:
        references = [("median", "Median of the network's LAs", page.table.median_count)]
        if by_rate:
            references = [
                ("region", f"{page.network.name} (pooled)", page.table.region.rate_per_100),
                ("median", "Median of the network's LAs", page.table.median_rate),
            ]
            if page.table.england is not None:
                references.append(("england", "England (published)", page.table.england.rate))
        spec = charts.ranking_chart(
            page.shown_rows,
            title=f"{page.figure_title}: {'rate' if by_rate else 'count'} by local authority",
            subtitle=f"{period_label(page.period)}. {value_title}, highest first",
            value_title=value_title,
            order_by=page.table.order_by,
            references=references,
            highlight=page.selection.highlight,
        )
        table = measure_table(page)
        has_figures = any((row.rate if by_rate else row.count) is not None for row in page.shown_rows)
    name = page.measure.code + (f"-{page.breakdown.code}-{page.category}" if page.breakdown else "")
    return Content(name, table, spec, summary, has_figures=has_figures)


def _comparisons(page: OverviewPage) -> list[tuple[str, str]]:
    found = []
    if page.previous_period:
        found.append(("previous_term", page.previous_period))
    if page.last_year_period:
        found.append(("last_year", page.last_year_period))
    return found


def overview_content(page: OverviewPage) -> Content:
    """The overview's headline table, its changes, the chosen LAs, chart and summary."""
    table = Table(
        f"{page.network.name}: headline figures, {period_label(page.period)}",
        ["Measure", "Count", "LAs with a count", f"Rate {RATE_UNIT}", "LAs with a rate", "England rate (published)"],
        numeric={1, 2, 3, 4, 5},
    )
    changes = Table(
        f"{page.network.name}: changes in the headline figures",
        [
            "Measure",
            "Compared with",
            "LAs compared (count)",
            "Count change",
            "Size of count change",
            "Count change (%)",
            "LAs compared (rate)",
            "Rate change",
            f"Size of rate change ({RATE_UNIT})",
        ],
        numeric={2, 4, 5, 6, 8},
        heading="Changes since earlier terms",
    )
    items = []
    for line in page.lines:
        h = line.figures
        title = line.measure.title + (" (provisional)" if line.provisional else "")
        england = line.england.rate if line.england else None
        table.rows.append([title, h.count, h.las_with_figures, _one(h.rate), h.las_with_rate, _one(england)])
        for attribute, against in _comparisons(page):
            compared = getattr(h, attribute)
            if compared is None:
                changes.rows.append(
                    [title, short_period(against), None, "no LAs in both terms", None, None, None, "", None]
                )
                continue
            count_change = change_cells(compared.count, rate=False)
            percent = compared.count.percent
            rate_change = change_cells(compared.rate, rate=True) if compared.las_rate_compared else ["", None]
            changes.rows.append(
                [
                    title,
                    short_period(against),
                    compared.las_compared,
                    *count_change,
                    _one(abs(percent)) if percent is not None and count_change[1] else None,
                    compared.las_rate_compared,
                    *rate_change,
                ]
            )
        items.append(
            {
                "measure": line.measure.title,
                "area": f"{page.network.name} (pooled)",
                "value": _one(h.rate),
                "shown": one_decimal(h.rate) if h.rate is not None else "",
                "provisional": line.provisional,
            }
        )
        if england is not None:
            items.append(
                {
                    "measure": line.measure.title,
                    "area": "England (published)",
                    "value": _one(england),
                    "shown": one_decimal(england),
                }
            )
    table.notes = [page.populations.describe()]
    if any(line.figures.las_with_rate != line.figures.las_with_figures for line in page.lines):
        table.notes.append("Rates cover only the LAs with a population estimate, so fewer LAs than the counts.")
    changes.notes = [
        "Changes are worked out over the LAs with figures in both terms, so an LA joining or leaving the "
        "collection does not count as a change. Rate changes also need a population estimate in both terms.",
        "A rate change that rounds to 0.0 is shown as no change.",
    ]
    more = [changes] if changes.rows else []
    if page.chosen:
        more.append(chosen_table(page))
    spec = charts.comparison_chart(
        items,
        title=f"Headline rates, {period_label(page.period)}",
        subtitle=f"{page.network.name} (pooled) and England, {RATE_UNIT}",
        value_title=f"Rate {RATE_UNIT}",
    )
    has_figures = any(item["value"] is not None for item in items)
    return Content("overview", table, spec, _overview_summary(page), more, has_figures)


def _overview_summary(page: OverviewPage) -> str:
    with_rate = [line for line in page.lines if line.figures.rate is not None]
    if with_rate:
        summary = "; ".join(f"{in_sentence(line.measure.title)} {one_decimal(line.figures.rate)}" for line in with_rate)
        summary = f"In {page.network.name}, rates {RATE_UNIT} were: {summary}."
    else:
        summary = f"No rates can be given for {page.network.name} in {period_label(page.period).lower()} yet."
    if page.provisional:
        names = ", ".join(p.name for p in page.provisional)
        summary += f" These include provisional figures (returns not yet approved) from {names}."
    return summary


def chosen_table(page: OverviewPage) -> Table:
    """The chosen LAs' headline figures: from returns for the network's LAs, otherwise DfE's
    latest published figure with the term it is for, never mixed into the pooled figures."""
    table = Table(
        f"Chosen local authorities, {period_label(page.period)}",
        ["Local authority", "DfE code", "Measure", "Count", f"Rate {RATE_UNIT}", "Source", "Term of the figure"],
        numeric={3, 4},
        heading="Chosen local authorities",
    )
    for figure in page.chosen:
        count, rate, term = figure.count, figure.rate, short_period(page.period)
        source = SOURCE_WORDS[figure.source]
        if figure.source is Source.PUBLISHED:
            value = figure.published.value
            count = value.figure.value if value.figure.value is not None else str(value.figure.symbol)
            rate, term = value.rate, short_period(figure.published.period)
            source = "Published by DfE, rounded" + ("" if figure.in_network else " (outside the network)")
        elif figure.source is Source.NONE:
            source = "No return, and none published by DfE" if figure.in_network else "None published by DfE"
            term = ""
        table.rows.append([figure.place.name, figure.place.code, figure.measure.title, count, _one(rate), source, term])
    table.notes = [
        "LAs outside the network, and network LAs with no return this term, are shown with DfE's latest "
        "published figure (rounded, and perhaps for an earlier term); they are never added into the network's figures.",
    ]
    return table


def trend_content(page: TrendPage) -> Content:
    """The trend's lines over terms, its table (with provisional figures named) and summary."""
    use_rate = any(point.rate is not None for line in page.series for point in line.points)
    value_title = f"Rate {RATE_UNIT}" if use_rate else "Count of children"
    labels = [
        line.label + (f" ({PUBLISHED_LABEL})" if line.kind in ("england", "published") else "") for line in page.series
    ]
    headings = ["Term", *labels, "Provisional (not yet approved)"]
    table = Table(f"{page.measure.title} over terms", headings, numeric=set(range(1, len(headings) - 1)))
    for index, period in enumerate(page.periods):
        cells: list[object] = [short_period(period)]
        for line in page.series:
            point = line.points[index]
            value = point.rate if use_rate else point.count
            cells.append(_one(value) if use_rate else (int(value) if value is not None else None))
        provisional = [label for label, line in zip(labels, page.series, strict=True) if line.points[index].provisional]
        cells.append("; ".join(provisional))
        table.rows.append(cells)
    table.notes = [
        "Each term stands alone: terms are never added up or averaged; a blank is a term with no figure.",
        f"{page.network.name} is pooled over the LAs with returns in each term.",
    ]
    if any(point.provisional for line in page.series for point in line.points):
        table.notes.append("Provisional figures come from returns not yet approved and may change.")
    labelled = [
        type(line)(label, line.code, line.kind, [_short(p) for p in line.points])
        for label, line in zip(labels, page.series, strict=True)
    ]
    spec = charts.trend_chart(
        labelled,
        title=f"{page.measure.title} over terms",
        value_title=value_title,
        use_rate=use_rate,
        subtitle=(f"Rate {RATE_UNIT}" if use_rate else "Count of children") + ", each term on its own",
        periods=[short_period(p) for p in page.periods],
    )
    has_figures = any(
        (point.rate if use_rate else point.count) is not None for line in page.series for point in line.points
    )
    return Content(f"trend-{page.measure.code}", table, spec, _trend_summary(page, use_rate), has_figures=has_figures)


def _short(point):
    return type(point)(short_period(point.period), point.count, point.rate, point.note, point.provisional)


def _trend_summary(page: TrendPage, use_rate: bool) -> str:
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
    marked = [short_period(p.period) for p in region if p.provisional]
    if marked:
        summary += f" Figures for {', '.join(marked)} are provisional: they include returns not yet approved."
    return summary
