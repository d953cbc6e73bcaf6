"""An LA profile's tables, chart and summary: shared by its page, its downloads and the meeting pack.

The first table has a line per measure: the LA, the network, its statistical neighbours and the
chosen group, each pooled figure with how many LAs it covers. The second lists, one by one, the
neighbours and group members whose figures are DfE's published ones, with the term each is for;
those are never pooled with figures from returns (ADR 0612).
"""

from __future__ import annotations

from notinschool.benchmark import charts
from notinschool.benchmark.content import Content
from notinschool.benchmark.measures import RATE_UNIT
from notinschool.benchmark.presenters import (
    SIGNIFICANCE_WORDS,
    SOURCE_WORDS,
    Table,
    _one,
    change_cells,
    in_sentence,
    period_label,
    short_period,
)
from notinschool.benchmark.profiles import ProfileChange, ProfileLine, ProfilePage
from notinschool.benchmark.statistics import Significance
from notinschool.benchmark.tables import Source
from notinschool.core.presenters import one_decimal

NEIGHBOURS_AREA = "Statistical neighbours with returns (pooled)"


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
    words = f"{len(line.region.included)} LAs"
    return words + (", including provisional returns" if line.region_provisional else "")


def profile_table(page: ProfilePage) -> Table:
    """A line per measure: the LA against the network, its neighbours and the chosen group."""
    name, group = page.la.name, page.group_name
    headings = [
        "Measure",
        "Count",
        f"Rate {RATE_UNIT}",
        f"{name}'s figure",
        "Network rate (pooled)",
        "Network pooled over",
        "Against the network",
        "Statistical neighbours' rate (pooled from returns)",
        "Statistical neighbours' figures",
    ]
    if group:
        headings += [f"{group} rate (pooled from returns)", f"{group}: figures"]
    headings += [
        "Rank",
        "Quartile",
        "Change since previous term",
        "Size of change since previous term",
        "Change since same term last year",
        "Size of change since same term last year",
    ]
    numeric = {1, 2, 4, 7} | ({9} if group else set())
    offset = 2 if group else 0
    numeric |= {10 + offset, 12 + offset, 14 + offset}  # rank is text ("3 of 18"); quartile and sizes are numbers
    table = Table(f"{name}: every measure, {period_label(page.period)}", headings, numeric=numeric)
    for line in page.lines:
        row = line.row
        cells = [
            line.measure.title,
            row.count if row else None,
            _one(row.rate) if row else None,
            _figure_words(line),
            _one(line.region.rate_per_100),
            _pooled_over(line),
            SIGNIFICANCE_WORDS.get(row.significance, "") if row else "",
            _one(line.neighbours.pooled.rate_per_100),
            line.neighbours.describe("neighbours"),
        ]
        if group:
            cells += [_one(line.group.pooled.rate_per_100), line.group.describe("LAs")]
        cells += [
            f"{row.rank} of {line.ranked}" if row and row.rank else None,
            row.quartile if row else None,
            *_change(line.previous_term),
            *_change(line.last_year),
        ]
        table.rows.append(cells)
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
            "Local authority",
            "DfE code",
            "Compared as",
            "In the network",
            "Measure",
            "Count",
            f"Rate {RATE_UNIT}",
            "Source",
            "Term of the figure",
        ],
        numeric={5, 6},
        heading="Neighbours and chosen LAs not pooled: DfE's published figures",
    )
    for comparator in page.not_pooled:
        place = comparator.place
        start = [place.name, place.code, comparator.compared_as, "yes" if comparator.in_network else "no"]
        found = [(line.measure, page.found.get((place.code, line.measure.code))) for line in page.lines]
        found = [(measure, at) for measure, at in found if at is not None]
        if not found:
            table.rows.append([*start, "", None, None, "No figure published by DfE", ""])
        for measure, at in found:
            figure = at.value.figure
            count = figure.value if figure.value is not None else str(figure.symbol)
            source = "Published by DfE, rounded" + ("" if at.period == page.period else " (an earlier term)")
            table.rows.append([*start, measure.title, count, _one(at.value.rate), source, short_period(at.period)])
    table.notes = [
        "DfE publishes once a year, in arrears: each figure is the latest published for the term of this page "
        "or up to two years before, and says which term it is for. DfE rounds counts to the nearest 10.",
        "A blank rate is one DfE did not publish: none is worked out here from a rounded count.",
        "Figures published as x (not available), z (not applicable) or c (suppressed) count as no figure.",
    ]
    return table


def _chart_items(page: ProfilePage) -> list[dict]:
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
                    "value": _one(rate),
                    "shown": one_decimal(rate) if rate is not None else "",
                    "provisional": bool(provisional),
                    "note": note,
                }
            )
    return items


def _summary(page: ProfilePage) -> str:
    name = page.la.name
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
            + (f"; {len(cover.published)} more are shown with DfE's published figures." if cover.published else ".")
        )
    return summary


def profile_content(page: ProfilePage) -> Content:
    """The profile's tables, chart and one-sentence summary."""
    items = _chart_items(page)
    spec = charts.comparison_chart(
        items,
        title=f"{page.la.name} against the network and its neighbours",
        value_title=f"Rate {RATE_UNIT}",
        subtitle=f"{period_label(page.period)}, {RATE_UNIT}",
    )
    more = [not_pooled_table(page)] if page.not_pooled else []
    has_figures = any(item["value"] is not None for item in items)
    return Content("profile", profile_table(page), spec, _summary(page), more, has_figures)
