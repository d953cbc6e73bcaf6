"""The import report: what was read, imported, superseded and left unplaced, and the symbols met.

The same report is printed by `notinschool import-ees`, stored on the release and shown on its
page.
"""

from collections import Counter
from dataclasses import dataclass, field

from notinschool.core.presenters import counted

UNPLACED_KEPT = 500  # rows listed in full; the count is always exact


@dataclass(frozen=True)
class UnplacedRow:
    """A row of the file whose place the service could not find."""

    line: int
    level: str
    old_la_code: str
    new_la_code: str
    name: str
    reason: str


@dataclass
class ImportReport:
    """Counts for one import. `unchanged` means the file had been imported before."""

    file_name: str
    content_hash: str
    publication: str = ""
    layout: str = ""
    rows_read: int = 0
    figures_imported: int = 0
    figures_superseded: int = 0
    releases_superseded: int = 0
    blank_cells: int = 0
    unplaced_count: int = 0
    unplaced: list[UnplacedRow] = field(default_factory=list)
    symbols: Counter = field(default_factory=Counter)
    periods: set[str] = field(default_factory=set)
    unknown_columns: list[str] = field(default_factory=list)
    unknown_breakdowns: list[str] = field(default_factory=list)
    unchanged: bool = False
    release_id: int | None = None
    imported_at: str = ""

    def add_unplaced(self, row: UnplacedRow) -> None:
        self.unplaced_count += 1
        if len(self.unplaced) < UNPLACED_KEPT:
            self.unplaced.append(row)

    def as_dict(self) -> dict:
        """The report as JSON-ready data, to store on the release."""
        return {
            "file_name": self.file_name,
            "publication": self.publication,
            "layout": self.layout,
            "rows_read": self.rows_read,
            "figures_imported": self.figures_imported,
            "figures_superseded": self.figures_superseded,
            "releases_superseded": self.releases_superseded,
            "blank_cells": self.blank_cells,
            "unplaced_count": self.unplaced_count,
            "unplaced": [row.__dict__ for row in self.unplaced],
            "symbols": dict(sorted(self.symbols.items())),
            "periods": sorted(self.periods),
            "unknown_columns": list(self.unknown_columns),
            "unknown_breakdowns": list(self.unknown_breakdowns),
        }

    def lines(self) -> list[str]:
        """The report in words, one line each, for the command line."""
        if self.unchanged:
            return [f"{self.file_name} was imported on {self.imported_at}: nothing changed."]
        lines = [
            f"Imported {self.file_name} ({self.publication}, {self.layout} layout)",
            f"  periods: {', '.join(sorted(self.periods)) or 'none'}",
            f"  rows read: {self.rows_read:,}",
            f"  figures imported: {self.figures_imported:,}",
            f"  figures superseded: {self.figures_superseded:,}"
            + (f" (from {counted(self.releases_superseded, 'older release')})" if self.releases_superseded else ""),
            f"  rows unplaced: {self.unplaced_count:,}",
        ]
        symbols = ", ".join(f"{symbol} {count:,}" for symbol, count in sorted(self.symbols.items()))
        lines.append(f"  symbols: {symbols or 'none'}")
        if self.blank_cells:
            lines.append(f"  blank count cells, kept as x (not available): {self.blank_cells:,}")
        lines.extend(unknown_lines(self.unknown_columns, self.unknown_breakdowns))
        for row in self.unplaced[:50]:
            codes = " / ".join(code for code in (row.old_la_code, row.new_la_code) if code) or "no code"
            lines.append(f"  unplaced: line {row.line}: {row.level} {codes} {row.name}: {row.reason}")
        if self.unplaced_count > 50:
            lines.append(f"  …and {counted(self.unplaced_count - 50, 'more unplaced row')}")
        return lines


NOTHING_GUESSED = "Nothing was guessed for them: their figures were not imported."


def unknown_lines(columns: list[str], breakdowns: list[str]) -> list[str]:
    """What the file held that the service does not know, in words (no lines when nothing)."""
    lines = []
    if columns:
        lines.append(f"  columns the service does not know: {', '.join(columns)}. {NOTHING_GUESSED}")
    if breakdowns:
        lines.append(f"  breakdowns the service does not know: {'; '.join(breakdowns)}. {NOTHING_GUESSED}")
    return lines
