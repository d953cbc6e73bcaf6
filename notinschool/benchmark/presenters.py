"""Display values and tables for the dashboard: the page, the downloads and the pack share them.

Each table is a ``Table`` of raw cells (numbers stay numbers, missing stays None); the page
formats cells with ``cell_text`` and the downloads write them as they are, neutralised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from notinschool.benchmark.statistics import Change, Direction, Significance
from notinschool.benchmark.tables import OrderBy, Row, Source
from notinschool.core.presenters import one_decimal, whole_number
from notinschool.validation.periods import parse_period

SIGNIFICANCE_WORDS = {
    Significance.ABOVE: "Significantly above",
    Significance.BELOW: "Significantly below",
    Significance.SIMILAR: "Similar",
}
SOURCE_WORDS = {
    Source.RETURN: "Approved return",
    Source.PROVISIONAL: "Provisional (not yet approved)",
    Source.PUBLISHED: "Published by DfE, rounded",
    Source.NONE: "No figure",
}


def period_label(period: str) -> str:
    """'2025-26-autumn' as 'Autumn term 2025 to 2026'."""
    parsed = parse_period(period)
    return f"{parsed.term.capitalize()} term {parsed.start_year} to {parsed.start_year + 1}"


def short_period(period: str) -> str:
    """'2025-26-autumn' as 'Autumn 2025/26' for chart axes."""
    parsed = parse_period(period)
    return f"{parsed.term.capitalize()} {parsed.academic_year.replace('-', '/')}"


def in_sentence(title: str) -> str:
    """A measure's title inside a sentence: 'children missing education', but 'EHE starts' kept
    as written (an abbreviation is never lowered)."""
    first = title.split(" ", 1)[0]
    abbreviation = sum(c.isupper() for c in first) > 1 or any(c.isdigit() for c in first)
    return title if abbreviation else title[:1].lower() + title[1:]


def rate_text(rate: float | None) -> str:
    return one_decimal(rate) if rate is not None else ""


def count_text(row: Row) -> str:
    """A count, or the published figure with its symbol, never 0 for missing."""
    if row.count is not None:
        return whole_number(row.count)
    if row.published is not None:
        return whole_number(row.published.value) if row.published.value is not None else str(row.published.symbol)
    return ""


def quartile_text(quartile: int | None, order_by: OrderBy = OrderBy.RATE) -> str:
    if quartile is None:
        return ""
    word = "rate" if order_by is OrderBy.RATE else "count"
    return {1: f"1 (highest {word}s)", 4: f"4 (lowest {word}s)"}.get(quartile, str(quartile))


def _rounds_to_nothing(value: Change, rate: bool) -> bool:
    """True when a change would be shown as 0 (a rate change under 0.05): it reads as no change."""
    return value.direction is Direction.NO_CHANGE or (rate and _one(abs(value.absolute)) == 0)


def change_text(value: Change | None, *, rate: bool = True) -> str:
    """'up 0.3', 'down 12 (5.0%)', 'no change', or '' when it cannot be given."""
    if value is None or value.direction is None:
        return ""
    if _rounds_to_nothing(value, rate):
        return "no change"
    size = abs(value.absolute)
    shown = one_decimal(size) if rate else whole_number(int(size))
    percent = f" ({one_decimal(abs(value.percent))}%)" if value.percent is not None and not rate else ""
    return f"{value.direction} {shown}{percent}"


def change_cells(value: Change | None, *, rate: bool, what: str = "") -> list[object]:
    """A change as two cells, a direction in words and a size that is never negative (ADR 0606).

    A rate change that rounds to 0.0 is 'no change', never 'up 0.0'. ``what`` ('rate' or
    'count') is named in the words when a column mixes both."""
    if value is None or value.direction is None:
        return ["", None]
    if _rounds_to_nothing(value, rate):
        return [f"no change in {what}" if what else "no change", 0.0 if rate else 0]
    size = abs(value.absolute)
    words = str(value.direction)
    return [f"{what} {words}" if what else words, _one(size) if rate else size]


@dataclass
class Table:
    """A table as data: headings, rows of raw cells, and notes to print beneath."""

    caption: str
    headings: list[str]
    rows: list[list[object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    numeric: set[int] = field(default_factory=set)  # columns to right-align
    heading: str = ""  # the page's heading above a table that follows the first

    def display_rows(self) -> list[list[str]]:
        """The rows as the page shows them."""
        return [[cell_text(cell) for cell in row] for row in self.rows]


def measure_table(page, positions: dict | None = None) -> Table:
    """The measure page's table: the shown LAs, then the network, the median and England.

    ``positions`` (LA code to FunnelPosition) adds each LA's place on the funnel plot."""
    rate_heading = page.value_label
    headings = [
        "Local authority",
        "DfE code",
        "Count",
        page.denominator_label,
        rate_heading,
        "95% interval: lower",
        "95% interval: upper",
        "Rank",
        "Quartile",
        f"Against {page.network.name}",
        "Source",
        "Note",
    ]
    table = Table(f"{page.figure_title}, {period_label(page.period)}", headings, numeric={2, 3, 4, 5, 6, 7, 8})
    for row in page.shown_rows:
        count = row.count
        if count is None and row.published is not None:
            count = row.published.value if row.published.value is not None else str(row.published.symbol)
        table.rows.append(
            [
                row.name,
                row.code,
                count,
                row.denominator,
                _one(row.rate),
                _one(row.lower),
                _one(row.upper),
                row.rank,
                row.quartile,
                SIGNIFICANCE_WORDS.get(row.significance, ""),
                SOURCE_WORDS[row.source],
                row.note,
            ]
        )
    region = page.table.region
    table.rows.append(
        [
            f"{page.network.name} (pooled)",
            "",
            region.count if region.included else None,
            region.population if region.included else None,
            _one(region.rate_per_100),
            None,
            None,
            None,
            None,
            "",
            "Includes provisional returns" if page.table.region_provisional else "Approved returns",
            f"{len(region.included)} LAs pooled: total count divided by total population",
        ]
    )
    # The median shown is the one the chart draws: of rates, or of counts when ranked by count.
    by_count = page.table.order_by is OrderBy.COUNT
    table.rows.append(
        [
            "Median of the network's LAs",
            "",
            _whole_if_whole(page.table.median_count) if by_count else None,
            None,
            None if by_count else _one(page.table.median_rate),
            None,
            None,
            None,
            None,
            "",
            "",
            "Median count" if by_count else "Median of the LAs' rates",
        ]
    )
    if page.table.england is not None:
        england = page.table.england
        shown = (
            england.count.value
            if england.count and england.count.value is not None
            else (str(england.count.symbol) if england.count else None)
        )
        table.rows.append(
            ["England", "", shown, None, _one(england.rate), None, None, None, None, "", england.note, ""]
        )
    table.notes = [page.populations.describe()] if not page.breakdown else []
    table.notes += page.table.notes
    if page.table.quartile_note:
        table.notes.append(page.table.quartile_note)
    if positions is not None:
        _add_positions(table, positions)
    return table


POSITION_COLUMN = 5  # beside the rate, so the funnel plot's reader sees both at once


def _add_positions(table: Table, positions: dict) -> None:
    """Each LA's place on the funnel plot, in a column after its rate (blank for the summary rows)."""
    table.headings.insert(POSITION_COLUMN, "Position on the funnel plot")
    for cells in table.rows:
        code = cells[1]
        cells.insert(POSITION_COLUMN, str(positions[code]) if code in positions else "")
    table.numeric = {i if i < POSITION_COLUMN else i + 1 for i in table.numeric}


def _whole_if_whole(value: float | None) -> int | float | None:
    """A median count: a whole number when it is one (the median of an even number of counts may be a half)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _one(value: float | None) -> float | None:
    """A rate rounded to one decimal place for downloads (half up, as shown on the page)."""
    return None if value is None else float(one_decimal(value).replace(",", ""))


def cell_text(value: object) -> str:
    """A raw cell as the page shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return whole_number(value)
    if isinstance(value, float):
        return one_decimal(value)
    return str(value)


def summary_sentence(page) -> str:
    """One sentence saying what the measure chart shows."""
    rows = [r for r in page.table.compared_rows if r.rate is not None]
    region = page.table.region
    unit = page.value_unit
    if not rows or region.rate_per_100 is None:
        counted = [r for r in page.table.compared_rows if r.count is not None]
        if not counted:
            return f"No local authority in {page.network.name} has a figure for {period_label(page.period).lower()}."
        return (
            f"{len(counted)} local authorities have a count for {period_label(page.period).lower()}, "
            f"{whole_number(sum(r.count for r in counted))} in total; no rates can be given without populations."
        )
    top, bottom = max(rows, key=lambda r: r.rate), min(rows, key=lambda r: r.rate)
    above = sum(1 for r in rows if r.significance is Significance.ABOVE)
    below = sum(1 for r in rows if r.significance is Significance.BELOW)
    england = ""
    if page.table.england is not None and page.table.england.rate is not None:
        england = f" (England {one_decimal(page.table.england.rate)})"
    return (
        f"Across the {len(region.included)} local authorities with figures, the {page.network.name} rate was "
        f"{one_decimal(region.rate_per_100)} {unit}{england}. Rates ranged from {one_decimal(bottom.rate)} in "
        f"{bottom.name} to {one_decimal(top.rate)} in {top.name}; {above} "
        f"{'was' if above == 1 else 'were'} significantly above the network's rate and {below} below it."
    )
