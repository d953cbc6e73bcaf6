"""Released tables as records, and as sums a reader can work with (ADR 0705).

Every figure a table shows (a cell, an LA's total, a column total, the total of the LAs shown) is
a *cell*: the sum of some *atoms*, each one LA's unrounded count for one measure and category in
one period. An atom carries its value too, so a figure from a return that was later corrected
is never taken for the same figure as the corrected one; an atom that did not change is the
same atom in every release, which is what lets releases be checked together.

Pure: no database. Tables are stored as JSON by ``table_record`` and read back by ``table_from``.
"""

from __future__ import annotations

from dataclasses import dataclass

from notinschool.benchmark.statistics.figures import Figure, Symbol
from notinschool.periods import period_label
from notinschool.sharing.tables import MeasureTable, Place

Atom = tuple[str, str, str, str | None, int]  # period, LA old code, measure, category, value
CONFIDENTIAL = Figure(symbol=Symbol.CONFIDENTIAL)

CELL, ROW_TOTAL, COLUMN_TOTAL, GRAND_TOTAL = "cell", "row_total", "column_total", "grand_total"


@dataclass(frozen=True)
class Position:
    """Where a figure sits in its table: a cell (row, column), an LA's total, a column total or
    the total of the LAs shown."""

    kind: str
    row: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Cell:
    """One shown figure as a reader sees it: the atoms it adds up, and how it is shown."""

    atoms: frozenset[Atom]
    shown: Figure
    is_total: bool  # a total can be a hidden low (shown as c); a hidden cell is at least 5
    position: Position


@dataclass(frozen=True)
class Link:
    """What a reader knows ties atoms together: ``sum(parts) == whole`` (a breakdown adds up to
    its total) or, when not ``equal``, ``sum(parts) <= whole`` (a count within a total)."""

    parts: tuple[Atom, ...]
    whole: Atom
    equal: bool = True


def _atom(table: MeasureTable, la: str, key: tuple[str, str | None]) -> Atom | None:
    value = table.figures.get(la, {}).get(key)
    return None if value is None else (table.period, la, key[0], key[1], value)


def _categories(table: MeasureTable) -> list[str | None]:
    return [code for code, _label in table.columns] or [None]


def _category_atoms(table: MeasureTable, la: str) -> list[Atom]:
    return [a for a in (_atom(table, la, (table.measure, c)) for c in _categories(table)) if a is not None]


def _la_total_atoms(table: MeasureTable, la: str) -> list[Atom]:
    """An LA's total in a breakdown is its total measure (one atom) when the breakdown adds up to
    it, as an approved return's must; otherwise the sum of the categories shown."""
    parts = _category_atoms(table, la)
    whole = _atom(table, la, (table.sums_to, None)) if table.sums_to else None
    if whole is not None and parts and sum(a[4] for a in parts) == whole[4]:
        return [whole]
    return parts


def cells_of(table: MeasureTable) -> list[Cell]:
    """Every figure the table shows that tells a reader something (not ``x``), once each."""
    found: list[Cell] = []

    def add(atoms, shown: Figure, is_total: bool, position: Position) -> None:
        if atoms and shown.symbol != Symbol.NOT_AVAILABLE:
            found.append(Cell(frozenset(atoms), shown, is_total, position))

    las = [place.old_code for place, _cells, _total in table.rows]
    for r, (place, cells, total) in enumerate(table.rows):
        if place.old_code not in table.figures:
            continue
        for c, category in enumerate(_categories(table)):
            atom = _atom(table, place.old_code, (table.measure, category))
            add([atom] if atom else [], cells[c], False, Position(CELL, r, c))
        if table.columns:
            add(_la_total_atoms(table, place.old_code), total, True, Position(ROW_TOTAL, r))
    if table.columns:
        for c, category in enumerate(_categories(table)):
            atoms = [a for a in (_atom(table, la, (table.measure, category)) for la in las) if a is not None]
            add(atoms, table.column_totals[c], True, Position(COLUMN_TOTAL, None, c))
        add([a for la in las for a in _la_total_atoms(table, la)], table.grand_total, True, Position(GRAND_TOTAL))
    else:
        add([a for la in las for a in _category_atoms(table, la)], table.grand_total, True, Position(GRAND_TOTAL))
    return found


def links_of(table: MeasureTable) -> list[Link]:
    """What the return's rules let a reader assume about this table's atoms: each LA's breakdown
    adds up to its total, and a count sits within its total. Only where the figures bear it out."""
    links = []
    for la in table.figures:
        if table.sums_to and table.columns:
            parts, whole = _category_atoms(table, la), _atom(table, la, (table.sums_to, None))
            if whole is not None and parts and sum(a[4] for a in parts) == whole[4]:
                links.append(Link(tuple(parts), whole))
        if table.within and not table.columns:
            part, whole = _atom(table, la, (table.measure, None)), _atom(table, la, (table.within, None))
            if part is not None and whole is not None and part[4] <= whole[4]:
                links.append(Link((part,), whole, equal=False))
    return links


def shown_at(table: MeasureTable, position: Position) -> Figure:
    """The figure at a position."""
    if position.kind == CELL:
        return table.rows[position.row][1][position.column]
    if position.kind == ROW_TOTAL:
        return table.rows[position.row][2]
    if position.kind == COLUMN_TOTAL:
        return table.column_totals[position.column]
    return table.grand_total


def put(table: MeasureTable, position: Position, figure: Figure) -> None:
    """Show ``figure`` at ``position`` (in a single-count table a row's cell is also its total,
    and the total of the LAs shown is also its column total)."""
    if position.kind in (CELL, ROW_TOTAL):
        place, cells, total = table.rows[position.row]
        cells = list(cells)
        if position.kind == CELL:
            cells[position.column] = figure
        if position.kind == ROW_TOTAL or not table.columns:
            total = figure
        table.rows[position.row] = (place, cells, total)
    elif position.kind == COLUMN_TOTAL:
        table.column_totals[position.column] = figure
    else:
        table.grand_total = figure
        if not table.columns:
            table.column_totals = [figure]


def describe(table: MeasureTable, position: Position) -> str:
    """A figure in words, such as 'Kent, CME by sex: Female, Autumn term 2025 to 2026'."""
    where = "Total of the LAs shown" if position.row is None else table.rows[position.row][0].name
    what = table.label
    if position.column is not None and table.columns:
        what = f"{what}: {table.columns[position.column][1]}"
    elif position.kind in (ROW_TOTAL, GRAND_TOTAL) and table.columns:
        what = f"{what}: total"
    return f"{where}, {what}, {period_label(table.period)}"


def table_record(table: MeasureTable) -> dict:
    """The table as JSON: what it shows, and the unrounded figures it was worked out from."""
    return {
        "period": table.period,
        "measure": table.measure,
        "label": table.label,
        "columns": [list(column) for column in table.columns],
        "rows": [
            [[p.old_code, p.new_code, p.name], [str(c) for c in cells], str(total)] for p, cells, total in table.rows
        ],
        "column_totals": [str(f) for f in table.column_totals],
        "grand_total": str(table.grand_total),
        "sums_to": table.sums_to,
        "within": table.within,
        "figures": {la: [[m, c, v] for (m, c), v in values.items()] for la, values in table.figures.items()},
        "withheld": sorted(table.withheld),
    }


def table_from(record: dict) -> MeasureTable:
    """A table read back from ``table_record``."""
    return MeasureTable(
        period=record["period"],
        measure=record["measure"],
        label=record["label"],
        columns=[tuple(column) for column in record["columns"]],
        rows=[
            (Place(*place), [Figure.parse(c) for c in cells], Figure.parse(total))
            for place, cells, total in record["rows"]
        ],
        column_totals=[Figure.parse(f) for f in record["column_totals"]],
        grand_total=Figure.parse(record["grand_total"]),
        sums_to=record["sums_to"],
        within=record["within"],
        figures={la: {(m, c): v for m, c, v in values} for la, values in record["figures"].items()},
        withheld=frozenset(record["withheld"]),
    )
