"""Tables as data, and the words and number formats every dashboard table uses.

A ``Table`` holds typed rows (one dataclass per kind of table) and the ``Column``s that read
them; cells stay raw (numbers stay numbers, missing stays None). The page formats each cell with
``cell_text``; the downloads write them as they are, neutralised; the meeting pack prints the
page's text. So the page, its downloads and the pack never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from markupsafe import Markup

from notinschool.benchmark.outputs.table_markup import data_rows
from notinschool.benchmark.statistics.changes import Change, Direction
from notinschool.benchmark.statistics.measure_table import Source
from notinschool.benchmark.statistics.rates import Significance
from notinschool.core.presenters import one_decimal, whole_number

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


def one_place(value: float | None) -> float | None:
    """A rate rounded to one decimal place for downloads (half up, as shown on the page)."""
    return None if value is None else float(one_decimal(value).replace(",", ""))


def _rounds_to_nothing(value: Change, rate: bool) -> bool:
    """True when a change would be shown as 0 (a rate change under 0.05): it reads as no change."""
    return value.direction is Direction.NO_CHANGE or (rate and one_place(abs(value.absolute)) == 0)


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
    return [f"{what} {words}" if what else words, one_place(size) if rate else size]


@dataclass(frozen=True)
class Column:
    """One column of a table: its heading, how to read its cell from a row, and whether it holds
    numbers (right-aligned)."""

    heading: str
    cell: Callable[[Any], object]
    numeric: bool = False


def column(heading: str, attribute: str, *, numeric: bool = False) -> Column:
    """A column showing one attribute of each row."""
    return Column(heading, attrgetter(attribute), numeric)


@dataclass(frozen=True)
class DisplayRow:
    """A row as the page shows it: the LA's code ('' for rows that are not an LA) and its cells' text."""

    code: str
    cells: list[str]


@dataclass
class Table:
    """A table as data: typed rows read by columns, and notes to print beneath."""

    caption: str
    columns: list[Column]
    rows: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    heading: str = ""  # the page's heading above a table that follows the first

    @property
    def headings(self) -> list[str]:
        return [c.heading for c in self.columns]

    @property
    def numeric(self) -> set[int]:
        """Positions of the columns to right-align."""
        return {index for index, c in enumerate(self.columns) if c.numeric}

    def cells(self, row: Any) -> list[object]:
        """One row's raw cells, in column order."""
        return [c.cell(row) for c in self.columns]

    def grid(self) -> list[list[object]]:
        """Every row's raw cells, for the downloads."""
        return [self.cells(row) for row in self.rows]

    def display_rows(self) -> list[DisplayRow]:
        """The rows as the page shows them."""
        return [DisplayRow(getattr(row, "code", ""), [cell_text(c) for c in self.cells(row)]) for row in self.rows]

    def body(self, highlight: str = "", link_las: dict[str, str] | None = None) -> Markup:
        """The rows as the page's table body (`table_markup.data_rows`)."""
        return data_rows(self, highlight, link_las)


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


# The usual cells' types, looked up before the checks below (a national page formats thousands).
_FORMATS: dict[type, Callable[[Any], str]] = {int: whole_number, float: one_decimal, str: str}


def cell_text(value: object) -> str:
    """A raw cell as the page shows it."""
    formats = _FORMATS.get(type(value))
    if formats is not None:
        return formats(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return whole_number(value)
    if isinstance(value, float):
        return one_decimal(value)
    return str(value)
