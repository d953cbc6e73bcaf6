"""The overview's tables, chart and summary: shared by its page, its downloads and the meeting pack.

Three tables: the headline figures (a line per headline measure), their changes since the term
before and the same term last year, and the chosen LAs' figures (from returns, or DfE's latest
published figure with its term, never pooled: ADR 0612).
"""

from __future__ import annotations

from dataclasses import dataclass

from notinschool.benchmark.data.measures import RATE_UNIT
from notinschool.benchmark.outputs import charts
from notinschool.benchmark.outputs.tables import (
    SOURCE_WORDS,
    Content,
    Table,
    change_cells,
    column,
    one_place,
)
from notinschool.benchmark.pages.overview import ChosenFigure, OverviewPage
from notinschool.benchmark.statistics.changes import ComparedChange
from notinschool.benchmark.statistics.measure_table import Source
from notinschool.core.presenters import one_decimal
from notinschool.core.text import in_sentence
from notinschool.periods import period_label, short_period_label


@dataclass(frozen=True)
class HeadlineRow:
    """A headline measure's pooled figures for the network, beside England's rate."""

    measure: str
    count: int | None
    las_with_count: int
    rate: float | None
    las_with_rate: int
    england_rate: float | None


@dataclass(frozen=True)
class ChangeRow:
    """A headline measure's change since an earlier term, as directions in words and sizes."""

    measure: str
    against: str
    las_compared: int | None = None
    count_change: str = ""
    count_size: int | float | None = None
    count_percent: float | None = None
    las_rate_compared: int | None = None
    rate_change: str = ""
    rate_size: float | None = None


@dataclass(frozen=True)
class ChosenRow:
    """A chosen LA's figure for one headline measure, where it comes from and the term it is for."""

    name: str
    code: str
    measure: str
    count: int | str | None
    rate: float | None
    source: str
    term: str


def _comparisons(page: OverviewPage) -> list[tuple[str, str]]:
    found = []
    if page.previous_period:
        found.append(("previous_term", page.previous_period))
    if page.last_year_period:
        found.append(("last_year", page.last_year_period))
    return found


def _change_row(title: str, against: str, compared: ComparedChange | None) -> ChangeRow:
    if compared is None:
        return ChangeRow(title, short_period_label(against), count_change="no LAs in both terms")
    count_words, count_size = change_cells(compared.count, rate=False)
    percent = compared.count.percent
    rate_words, rate_size = change_cells(compared.rate, rate=True) if compared.las_rate_compared else ["", None]
    return ChangeRow(
        title,
        short_period_label(against),
        las_compared=compared.las_compared,
        count_change=count_words,
        count_size=count_size,
        count_percent=one_place(abs(percent)) if percent is not None and count_size else None,
        las_rate_compared=compared.las_rate_compared,
        rate_change=rate_words,
        rate_size=rate_size,
    )


def overview_content(page: OverviewPage, *, with_spec: bool = True) -> Content:
    """The overview's headline table, its changes, the chosen LAs, chart and summary.
    `with_spec=False` leaves out the interactive chart's specification (the pack draws its own)."""
    table = Table(
        f"{page.network.name}: headline figures, {period_label(page.period)}",
        [
            column("Measure", "measure"),
            column("Count", "count", numeric=True),
            column("LAs with a count", "las_with_count", numeric=True),
            column(f"Rate {RATE_UNIT}", "rate", numeric=True),
            column("LAs with a rate", "las_with_rate", numeric=True),
            column("England rate (published)", "england_rate", numeric=True),
        ],
    )
    changes = Table(
        f"{page.network.name}: changes in the headline figures",
        [
            column("Measure", "measure"),
            column("Compared with", "against"),
            column("LAs compared (count)", "las_compared", numeric=True),
            column("Count change", "count_change"),
            column("Size of count change", "count_size", numeric=True),
            column("Count change (%)", "count_percent", numeric=True),
            column("LAs compared (rate)", "las_rate_compared", numeric=True),
            column("Rate change", "rate_change"),
            column(f"Size of rate change ({RATE_UNIT})", "rate_size", numeric=True),
        ],
        heading="Changes since earlier terms",
    )
    items = []
    for line in page.lines:
        h = line.figures
        title = line.measure.title + (" (provisional)" if line.provisional else "")
        england = line.england.rate if line.england else None
        table.rows.append(
            HeadlineRow(title, h.count, h.las_with_figures, one_place(h.rate), h.las_with_rate, one_place(england))
        )
        for attribute, against in _comparisons(page):
            changes.rows.append(_change_row(title, against, getattr(h, attribute)))
        items.append(
            {
                "measure": line.measure.title,
                "area": f"{page.network.name} (pooled)",
                "value": one_place(h.rate),
                "shown": one_decimal(h.rate) if h.rate is not None else "",
                "provisional": line.provisional,
            }
        )
        if england is not None:
            items.append(
                {
                    "measure": line.measure.title,
                    "area": "England (published)",
                    "value": one_place(england),
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
    spec = {}
    if with_spec:
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


def _chosen_row(page: OverviewPage, figure: ChosenFigure) -> ChosenRow:
    count, rate, term = figure.count, figure.rate, short_period_label(page.period)
    source = SOURCE_WORDS[figure.source]
    if figure.source is Source.PUBLISHED:
        value = figure.published.value
        count = value.figure.value if value.figure.value is not None else str(value.figure.symbol)
        rate, term = value.rate, short_period_label(figure.published.period)
        source = "Published by DfE, rounded" + ("" if figure.in_network else " (outside the network)")
    elif figure.source is Source.NONE:
        source = "No return, and none published by DfE" if figure.in_network else "None published by DfE"
        term = ""
    return ChosenRow(figure.place.name, figure.place.code, figure.measure.title, count, one_place(rate), source, term)


def chosen_table(page: OverviewPage) -> Table:
    """The chosen LAs' headline figures: from returns for the network's LAs, otherwise DfE's
    latest published figure with the term it is for, never mixed into the pooled figures."""
    table = Table(
        f"Chosen local authorities, {period_label(page.period)}",
        [
            column("Local authority", "name"),
            column("DfE code", "code"),
            column("Measure", "measure"),
            column("Count", "count", numeric=True),
            column(f"Rate {RATE_UNIT}", "rate", numeric=True),
            column("Source", "source"),
            column("Term of the figure", "term"),
        ],
        heading="Chosen local authorities",
    )
    table.rows = [_chosen_row(page, figure) for figure in page.chosen]
    table.notes = [
        "LAs outside the network, and network LAs with no return this term, are shown with DfE's latest "
        "published figure (rounded, and perhaps for an earlier term); they are never added into the network's figures.",
    ]
    return table
