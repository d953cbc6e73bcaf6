"""An LA profile's tables, chart and summary: shared by its page, its downloads and the meeting pack.

The first table has a line per measure: the LA, the network, its statistical neighbours and the
chosen group, each pooled figure with how many LAs it covers. The second lists, one by one, the
neighbours and group members whose figures are DfE's published ones, with the term each is for;
those are never pooled with figures from returns (ADR 0612).
"""

from __future__ import annotations

from dataclasses import dataclass

from notinschool.benchmark.data.measures import RATE_UNIT
from notinschool.benchmark.outputs import charts
from notinschool.benchmark.outputs.tables import (
    SIGNIFICANCE_WORDS,
    SOURCE_WORDS,
    Content,
    Table,
    change_cells,
    column,
    one_place,
)
from notinschool.benchmark.pages.profile import ProfileChange, ProfileLine, ProfilePage
from notinschool.benchmark.statistics.measure_table import Source
from notinschool.benchmark.statistics.rates import Significance
from notinschool.core.presenters import counted, one_decimal
from notinschool.core.text import in_sentence
from notinschool.periods import period_label, short_period_label

NEIGHBOURS_AREA = "Statistical neighbours with returns (pooled)"


@dataclass(frozen=True)
class ProfileRow:
    """One measure in the profile: the LA, the network, its neighbours and the chosen group,
    its rank and its changes since earlier terms."""

    measure: str
    count: int | None
    rate: float | None
    figure: str  # where the LA's figure comes from, in words
    network_rate: float | None
    pooled_over: str
    against: str
    neighbours_rate: float | None
    neighbours_cover: str
    group_rate: float | None
    group_cover: str
    rank: str | None  # "3 of 18": text
    quartile: int | None
    previous_change: str
    previous_size: int | float | None
    last_year_change: str
    last_year_size: int | float | None


@dataclass(frozen=True)
class NotPooledRow:
    """A neighbour or group member outside the pooled figures, with DfE's figure for one measure."""

    name: str
    code: str
    compared_as: str
    in_network: str
    measure: str
    count: int | str | None
    rate: float | None
    source: str
    term: str


def _change(value: ProfileChange | None) -> list[object]:
    if value is None:
        return ["", None]
    return change_cells(value.change, rate=value.of_rate, what="rate" if value.of_rate else "count")


def _figure_words(line: ProfileLine) -> str:
    if line.row is None:
        return "No return"
    if line.row.count is None:
        return "Left blank in the return"
    return SOURCE_WORDS[line.row.source]


def _pooled_over(line: ProfileLine) -> str:
    words = counted(len(line.region.included), "LA")
    return words + (", including provisional returns" if line.region_provisional else "")


def _profile_row(line: ProfileLine) -> ProfileRow:
    row = line.row
    previous_change, previous_size = _change(line.previous_term)
    last_year_change, last_year_size = _change(line.last_year)
    return ProfileRow(
        measure=line.measure.title,
        count=row.count if row else None,
        rate=one_place(row.rate) if row else None,
        figure=_figure_words(line),
        network_rate=one_place(line.region.rate_per_100),
        pooled_over=_pooled_over(line),
        against=SIGNIFICANCE_WORDS.get(row.significance, "") if row else "",
        neighbours_rate=one_place(line.neighbours.pooled.rate_per_100),
        neighbours_cover=line.neighbours.describe("neighbours"),
        group_rate=one_place(line.group.pooled.rate_per_100) if line.group else None,
        group_cover=line.group.describe("LAs") if line.group else "",
        rank=f"{row.rank} of {line.ranked}" if row and row.rank else None,
        quartile=row.quartile if row else None,
        previous_change=previous_change,
        previous_size=previous_size,
        last_year_change=last_year_change,
        last_year_size=last_year_size,
    )


def profile_table(page: ProfilePage) -> Table:
    """A line per measure: the LA against the network, its neighbours and the chosen group."""
    name, group = page.la.name, page.group_name
    columns = [
        column("Measure", "measure"),
        column("Count", "count", numeric=True),
        column(f"Rate {RATE_UNIT}", "rate", numeric=True),
        column(f"{name}'s figure", "figure"),
        column("Network rate (pooled)", "network_rate", numeric=True),
        column("Network pooled over", "pooled_over"),
        column("Against the network", "against"),
        column("Statistical neighbours' rate (pooled from returns)", "neighbours_rate", numeric=True),
        column("Statistical neighbours' figures", "neighbours_cover"),
    ]
    if group:
        columns += [
            column(f"{group} rate (pooled from returns)", "group_rate", numeric=True),
            column(f"{group}: figures", "group_cover"),
        ]
    columns += [
        column("Rank", "rank"),  # text: "3 of 18"
        column("Quartile", "quartile", numeric=True),
        column("Change since previous term", "previous_change"),
        column("Size of change since previous term", "previous_size", numeric=True),
        column("Change since same term last year", "last_year_change"),
        column("Size of change since same term last year", "last_year_size", numeric=True),
    ]
    table = Table(f"{name}: every measure, {period_label(page.period)}", columns)
    table.rows = [_profile_row(line) for line in page.lines]
    table.notes = [
        "Statistical neighbours and the comparison group are pooled only over those of their LAs that are in "
        "the network and sent a return this term. LAs outside the network, or without a return, are counted "
        "as published by DfE and listed one by one below: DfE's rounded figures are never pooled with returns.",
        "Rank and quartile are within the network; quartile 1 has the highest rates.",
        "A change compares rates when both terms have population estimates, otherwise counts; "
        "a rate change that rounds to 0.0 is shown as no change.",
    ]
    return table


def not_pooled_table(page: ProfilePage) -> Table:
    """The neighbours and group members outside the pooled figures, each with DfE's published figure."""
    table = Table(
        f"{page.la.name}: neighbours and chosen LAs with figures published by DfE, not pooled",
        [
            column("Local authority", "name"),
            column("DfE code", "code"),
            column("Compared as", "compared_as"),
            column("In the network", "in_network"),
            column("Measure", "measure"),
            column("Count", "count", numeric=True),
            column(f"Rate {RATE_UNIT}", "rate", numeric=True),
            column("Source", "source"),
            column("Term of the figure", "term"),
        ],
        heading="Neighbours and chosen LAs not pooled: DfE's published figures",
    )
    for comparator in page.not_pooled:
        place = comparator.place
        start = (place.name, place.code, comparator.compared_as, "yes" if comparator.in_network else "no")
        found = [(line.measure, page.found.get((place.code, line.measure.code))) for line in page.lines]
        found = [(measure, at) for measure, at in found if at is not None]
        if not found:
            table.rows.append(NotPooledRow(*start, "", None, None, "No figure published by DfE", ""))
        for measure, at in found:
            figure = at.value.figure
            count = figure.value if figure.value is not None else str(figure.symbol)
            source = "Published by DfE, rounded" + ("" if at.period == page.period else " (an earlier term)")
            table.rows.append(
                NotPooledRow(
                    *start, measure.title, count, one_place(at.value.rate), source, short_period_label(at.period)
                )
            )
    table.notes = [
        "DfE publishes once a year, in arrears: each figure is the latest published for the term of this page "
        "or up to two years before, and says which term it is for. DfE rounds counts to the nearest 10.",
        "A blank rate is one DfE did not publish: none is worked out here from a rounded count.",
        "Figures published as x (not available), z (not applicable) or c (suppressed) count as no figure.",
    ]
    return table


def chart_items(page: ProfilePage) -> list[dict]:
    """The chart's bars: for each measure the LA, the network, its neighbours and the chosen group."""
    items = []
    for line in page.lines:
        areas = [
            (page.la.name, line.row.rate if line.row else None, line.row and line.row.source is Source.PROVISIONAL, ""),
            (f"{page.network.name} (pooled)", line.region.rate_per_100, line.region_provisional, ""),
            (
                NEIGHBOURS_AREA,
                line.neighbours.pooled.rate_per_100,
                bool(line.neighbours.provisional),
                f"{len(line.neighbours.pooled.included)} of {line.neighbours.total}",
            ),
        ]
        if line.group is not None:
            areas.append(
                (
                    f"{page.group_name} (pooled)",
                    line.group.pooled.rate_per_100,
                    bool(line.group.provisional),
                    f"{len(line.group.pooled.included)} of {line.group.total}",
                )
            )
        for area, rate, provisional, note in areas:
            items.append(
                {
                    "measure": line.measure.title,
                    "area": area,
                    "value": one_place(rate),
                    "shown": one_decimal(rate) if rate is not None else "",
                    "provisional": bool(provisional),
                    "note": note,
                }
            )
    return items


def _summary(page: ProfilePage) -> str:
    name = page.la.name
    if page.lines and all(line.row is None for line in page.lines):
        # Nothing of the LA's to compare: saying it is "not significantly above or below" would mislead.
        # Why (no return, or one hidden until approved) is left to the table: a hidden return is never hinted at.
        return (
            f"{name} has no figures to show for {period_label(page.period).lower()}. "
            "The network's and its neighbours' pooled rates are shown."
        )
    by = {
        significance: [
            in_sentence(line.measure.title) for line in page.lines if line.row and line.row.significance is significance
        ]
        for significance in (Significance.ABOVE, Significance.BELOW)
    }
    above, below = by[Significance.ABOVE], by[Significance.BELOW]
    if above and below:
        summary = (
            f"{name} is significantly above the network's rate for {', '.join(above)}, "
            f"and significantly below it for {', '.join(below)}."
        )
    elif above:
        summary = f"{name} is significantly above the network's rate for {', '.join(above)}, and below it on none."
    elif below:
        summary = f"{name} is significantly below the network's rate for {', '.join(below)}, and above it on none."
    else:
        summary = f"{name} is not significantly above or below the network's rate on any measure."
    if any(line.row and line.row.source is Source.PROVISIONAL for line in page.lines):
        summary += f" {name}'s figures are provisional: its return is not yet approved."
    if page.lines and page.lines[0].neighbours.total:
        cover = page.lines[0].neighbours
        summary += (
            f" Its neighbours' pooled rate covers {len(cover.pooled.included)} of {cover.total} neighbours "
            f"({in_sentence(page.lines[0].measure.title)})"
            + (
                f"; {len(cover.published)} more {'is' if len(cover.published) == 1 else 'are'} shown with DfE's "
                "published figures."
                if cover.published
                else "."
            )
        )
    return summary


def profile_content(page: ProfilePage, *, with_spec: bool = True) -> Content:
    """The profile's tables, chart and one-sentence summary. `with_spec=False` leaves out the
    interactive chart's specification (the pack draws its own SVG; building one costs ~0.2 s)."""
    items = chart_items(page)
    spec = {}
    if with_spec:
        spec = charts.comparison_chart(
            items,
            title=f"{page.la.name} against the network and its neighbours",
            value_title=f"Rate {RATE_UNIT}",
            subtitle=f"{period_label(page.period)}, {RATE_UNIT}",
        )
    more = [not_pooled_table(page)] if page.not_pooled else []
    has_figures = any(item["value"] is not None for item in items)
    return Content("profile", profile_table(page), spec, _summary(page), more, has_figures)
