"""The measure page's table, chart and summary: shared by its page, its downloads and the meeting pack.

The table has a line per LA shown (ranked LAs first), then the network's pooled figure, the median
and England; with the funnel plot drawn, each LA's place on it beside its rate.
"""

from __future__ import annotations

from dataclasses import dataclass

from notinschool.benchmark.outputs import charts, funnel_chart
from notinschool.benchmark.outputs.tables import SIGNIFICANCE_WORDS, SOURCE_WORDS, Content, Table, column, one_place
from notinschool.benchmark.pages.measure import MeasurePage
from notinschool.benchmark.statistics.funnel import FunnelPosition, funnel_position
from notinschool.benchmark.statistics.measure_table import OrderBy, Row
from notinschool.benchmark.statistics.rates import Significance
from notinschool.core.presenters import counted, one_decimal, whole_number
from notinschool.periods import period_label


@dataclass(frozen=True)
class MeasureLine:
    """One line of the measure table: an LA, or the network's pooled figure, the median or England."""

    name: str
    code: str = ""
    count: int | float | str | None = None  # a published symbol is written as itself
    denominator: int | float | None = None
    rate: float | None = None
    lower: float | None = None
    upper: float | None = None
    rank: int | None = None
    quartile: int | None = None
    against: str = ""
    source: str = ""
    note: str = ""
    position: str = ""  # on the funnel plot


def _la_line(row: Row, positions: dict[str, FunnelPosition]) -> MeasureLine:
    count = row.count
    if count is None and row.published is not None:
        count = row.published.value if row.published.value is not None else str(row.published.symbol)
    return MeasureLine(
        name=row.name,
        code=row.code,
        count=count,
        denominator=row.denominator,
        rate=one_place(row.rate),
        lower=one_place(row.lower),
        upper=one_place(row.upper),
        rank=row.rank,
        quartile=row.quartile,
        against=SIGNIFICANCE_WORDS.get(row.significance, ""),
        source=SOURCE_WORDS[row.source],
        note=row.note,
        position=str(positions[row.code]) if row.code in positions else "",
    )


def _whole_if_whole(value: float | None) -> int | float | None:
    """A median count: a whole number when it is one (the median of an even number of counts may be a half)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def measure_table(page: MeasurePage, positions: dict[str, FunnelPosition] | None = None) -> Table:
    """The measure page's table: the shown LAs, then the network, the median and England.

    ``positions`` (LA code to FunnelPosition) adds each LA's place on the funnel plot."""
    columns = [
        column("Local authority", "name"),
        column("DfE code", "code"),
        column("Count", "count", numeric=True),
        column(page.denominator_label, "denominator", numeric=True),
        column(page.value_label, "rate", numeric=True),
    ]
    if positions is not None:
        # Beside the rate, so the funnel plot's reader sees both at once.
        columns.append(column("Position on the funnel plot", "position"))
    columns += [
        column("95% interval: lower", "lower", numeric=True),
        column("95% interval: upper", "upper", numeric=True),
        column("Rank", "rank", numeric=True),
        column("Quartile", "quartile", numeric=True),
        column(f"Against {page.network.name}", "against"),
        column("Source", "source"),
        column("Note", "note"),
    ]
    table = Table(f"{page.figure_title}, {period_label(page.period)}", columns)
    table.rows = [_la_line(row, positions or {}) for row in page.shown_rows]
    region = page.table.region
    table.rows.append(
        MeasureLine(
            name=f"{page.network.name} (pooled)",
            count=region.count if region.included else None,
            denominator=region.population if region.included else None,
            rate=one_place(region.rate_per_100),
            source="Includes provisional returns" if page.table.region_provisional else "Approved returns",
            note=f"{counted(len(region.included), 'LA')} pooled: total count divided by total population",
        )
    )
    # The median shown is the one the chart draws: of rates, or of counts when ranked by count.
    by_count = page.table.order_by is OrderBy.COUNT
    table.rows.append(
        MeasureLine(
            name="Median of the network's LAs",
            count=_whole_if_whole(page.table.median_count) if by_count else None,
            rate=None if by_count else one_place(page.table.median_rate),
            note="Median count" if by_count else "Median of the LAs' rates",
        )
    )
    if page.table.england is not None:
        england = page.table.england
        shown = (
            england.count.value
            if england.count and england.count.value is not None
            else (str(england.count.symbol) if england.count else None)
        )
        table.rows.append(MeasureLine(name="England", count=shown, rate=one_place(england.rate), source=england.note))
    table.notes = [page.populations.describe()] if not page.breakdown else []
    table.notes += page.table.notes
    if page.table.quartile_note:
        table.notes.append(page.table.quartile_note)
    return table


def _chosen_against_network(compared: list[Row]) -> str:
    """How the chosen LAs that are tested compare with the network's rate ('.' when none is: LAs
    outside the network, or shown as DfE published them, are never tested)."""
    if not compared:
        return "."
    if len(compared) == 1:
        how = {
            Significance.ABOVE: "was significantly above it",
            Significance.BELOW: "was significantly below it",
            Significance.SIMILAR: "was not significantly different from it",
        }.get(compared[0].significance, "could not be tested against it")
        return f"; {compared[0].name} {how}."
    above = sum(1 for r in compared if r.significance is Significance.ABOVE)
    below = sum(1 for r in compared if r.significance is Significance.BELOW)
    return f"; of the chosen, {above} {'was' if above == 1 else 'were'} significantly above it and {below} below it."


def _without_figures(rows: list[Row]) -> str:
    """'No figure for Slough (no return) or Kent (figure left blank in the return).', or ''."""
    missing = [f"{r.name} ({(r.note or 'no figure').lower()})" for r in rows if r.rate is None]
    if not missing:
        return ""
    listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " or " + missing[-1]
    return f" No rate for {listed}."


def summary_sentence(page: MeasurePage) -> str:
    """Sentences saying what the measure chart shows: the chosen LAs when some are chosen (the
    network's pooled rate beside them), else every LA in the network; and which have no rate."""
    term = period_label(page.period).lower()
    shown = page.shown_rows
    rows = [r for r in shown if r.rate is not None]
    england = ""
    if page.table.england is not None and page.table.england.rate is not None:
        england = f" (England {one_decimal(page.table.england.rate)})"
    return _sentences(page, term, shown, rows, england) + _england_missing(page, term)


def _england_missing(page: MeasurePage, term: str) -> str:
    """Why England has no figure beside the network's, when it has none."""
    if page.table.england is not None and page.table.england.rate is not None:
        return ""
    return f" No figure for England: DfE has published none for {term} yet (it publishes once a year, in arrears)."


def _sentences(page: MeasurePage, term: str, shown: list[Row], rows: list[Row], england: str) -> str:
    region = page.table.region
    unit = page.value_unit
    if page.selection.is_filtered:
        named = f" in {page.selection.group_name}" if page.selection.group_name else ""
        words = counted(len(shown), "chosen local authority", "chosen local authorities") + named
        if not rows:
            if len(shown) == 1:
                return f"The chosen local authority{named} has no rate for {term}.{_without_figures(shown)}"
            return f"None of the {words} has a rate for {term}.{_without_figures(shown)}"
        top, bottom = max(rows, key=lambda r: r.rate), min(rows, key=lambda r: r.rate)
        network = ""
        if region.rate_per_100 is not None:
            network = (
                f" The {page.network.name} rate, pooled over its "
                f"{counted(len(region.included), 'local authority', 'local authorities')} "
                f"with figures, was {one_decimal(region.rate_per_100)} {unit}{england}"
                + _chosen_against_network([r for r in rows if r.compared])
            )
        if len(shown) == 1:
            rates = f"The chosen local authority{named}, {top.name}, has a rate of {one_decimal(top.rate)} for {term}."
        elif len(rows) == 1:
            rates = f"Of the {words}, 1 has a rate for {term}: {one_decimal(top.rate)} in {top.name}."
        else:
            rates = (
                f"Of the {words}, {len(rows)} have a rate for {term}, from "
                f"{one_decimal(bottom.rate)} in {bottom.name} to {one_decimal(top.rate)} in {top.name}."
            )
        return rates + network + _without_figures(shown)
    rows = [r for r in page.table.compared_rows if r.rate is not None]
    if not rows or region.rate_per_100 is None:
        with_counts = [r for r in page.table.compared_rows if r.count is not None]
        if not with_counts:
            return f"No local authority in {page.network.name} has a figure for {term}."
        return (
            f"{counted(len(with_counts), 'local authority has', 'local authorities have')} a count for {term}, "
            f"{whole_number(sum(r.count for r in with_counts))} in total; no rates can be given without populations."
        )
    top, bottom = max(rows, key=lambda r: r.rate), min(rows, key=lambda r: r.rate)
    above = sum(1 for r in rows if r.significance is Significance.ABOVE)
    below = sum(1 for r in rows if r.significance is Significance.BELOW)
    return (
        f"Across the {counted(len(region.included), 'local authority', 'local authorities')} with figures, "
        f"the {page.network.name} rate was "
        f"{one_decimal(region.rate_per_100)} {unit}{england}. Rates ranged from {one_decimal(bottom.rate)} in "
        f"{bottom.name} to {one_decimal(top.rate)} in {top.name}; {above} "
        f"{'was' if above == 1 else 'were'} significantly above the network's rate and {below} below it."
        + _without_figures(shown)
    )


def funnel_positions(page: MeasurePage) -> dict[str, FunnelPosition]:
    """Each compared LA's place against the funnel's limits at its own population."""
    reference = page.table.region.rate_per_100
    return {
        row.code: funnel_position(row.rate, row.denominator, reference, kind=page.statistical_kind)
        for row in page.table.compared_rows
        if row.rate is not None and row.denominator
    }


def measure_content(page: MeasurePage, *, with_spec: bool = True) -> Content:
    """The measure page's ranked bars (or funnel plot), its table and summary.
    `with_spec=False` leaves out the interactive chart's specification (the pack draws its own)."""
    by_rate = page.table.order_by is OrderBy.RATE
    value_title = page.value_label if by_rate else "Count of children"
    summary = summary_sentence(page)
    if page.chart_view == "funnel":
        positions = funnel_positions(page)
        shown = {row.code for row in page.shown_rows}
        # Chosen LAs are named; with none chosen, the LAs outside the 95% limits are.
        labelled = set(page.selection.codes) if page.selection.codes else {c for c, p in positions.items() if p.outside}
        spec = (
            {}
            if not with_spec
            else funnel_chart.funnel_chart(
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
        )
        above = sum(1 for c, p in positions.items() if c in shown and p.name.startswith("ABOVE"))
        below = sum(1 for c, p in positions.items() if c in shown and p.name.startswith("BELOW"))
        plotted = sum(1 for c in positions if c in shown)
        summary += (
            f" On the funnel plot, of the {counted(plotted, 'local authority', 'local authorities')} drawn, {above} "
            f"{'lies' if above == 1 else 'lie'} above the 95% limit "
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
        spec = (
            {}
            if not with_spec
            else charts.ranking_chart(
                page.shown_rows,
                title=f"{page.figure_title}: {'rate' if by_rate else 'count'} by local authority",
                subtitle=f"{period_label(page.period)}. {value_title}, highest first",
                value_title=value_title,
                order_by=page.table.order_by,
                references=references,
                highlight=page.selection.highlight,
            )
        )
        table = measure_table(page)
        has_figures = any((row.rate if by_rate else row.count) is not None for row in page.shown_rows)
    name = page.measure.code + (f"-{page.breakdown.code}-{page.category}" if page.breakdown else "")
    return Content(name, table, spec, summary, has_figures=has_figures)
