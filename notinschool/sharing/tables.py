"""Turning approved figures into the tables of an extract, rounded and suppressed as DfE does.

Pure: no database. For each period and measure, one table of the consenting LAs (rows) by the
measure's categories (columns), or one column for a measure without a breakdown, with LA totals
and the total of the LAs shown; rounding and primary and secondary suppression come from
``notinschool.benchmark.statistics.disclosure`` (ADR 0701).

Each quantity appears in one table only: a breakdown's LA totals *are* its measure's total, so
choosing the total and its breakdown shows the breakdown alone, and two breakdowns of the same
total cannot go in one extract (a total hidden in one table could be read from the other).
Percentages are left out: a percentage of unrounded figures narrows what the suppression
audit assumes a reader knows.

A table keeps the unrounded figures it was worked out from (never shown), so that what an
audience received can be checked against what it is sent next (``sharing.protection``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from notinschool.benchmark.statistics.disclosure import suppress_breakdown, suppress_table
from notinschool.benchmark.statistics.figures import Figure, Symbol
from notinschool.core.errors import ServiceError
from notinschool.periods.specs import Measure, ReturnSpec

TOTAL = "Total"
MISSING = Figure(symbol=Symbol.NOT_AVAILABLE)
CSV_COLUMNS = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "old_la_code",
    "new_la_code",
    "la_name",
    "measure",
    "measure_label",
    "breakdown",
    "child_count",
]
TERMS = {"autumn": "Autumn term", "spring": "Spring term", "summer": "Summer term"}


class ExtractProblem(ServiceError):
    """The measures asked for cannot go in one extract; the message says why and what to do."""


@dataclass(frozen=True)
class Place:
    """An LA as it appears in an extract."""

    old_code: str
    new_code: str
    name: str


@dataclass
class MeasureTable:
    """One measure in one period, as it may be shown."""

    period: str
    measure: str
    label: str
    columns: list[tuple[str, str]]  # (category code, label); empty for a single count
    rows: list[tuple[Place, list[Figure], Figure]] = field(default_factory=list)  # LA, cells, LA total
    column_totals: list[Figure] = field(default_factory=list)
    grand_total: Figure | None = None
    sums_to: str | None = None  # the total a breakdown adds up to (its LA totals are that total)
    within: str | None = None  # a total this count can never exceed
    # The unrounded figures shown here, by LA old code: the measure's own and those of the totals
    # it adds up to or sits within. Never shown: they tell which figures of two releases are one.
    figures: dict[str, dict[tuple[str, str | None], int]] = field(default_factory=dict)
    withheld: frozenset[str] = frozenset()  # LAs shown as x here so an earlier release cannot give them away

    @property
    def group(self) -> str:
        """The quantity this table's figures belong to: figures in tables of one group are linked."""
        return self.sums_to or self.within or self.measure


def is_count(measure: Measure) -> bool:
    """Counts of children (or notices, orders) can be extracted; medians and days cannot."""
    return measure.unit == "children"


def plan_measures(spec: ReturnSpec, codes: list[str]) -> list[Measure]:
    """The measures to tabulate for a period, in the return's order, each quantity once."""
    chosen = [m for m in spec.measures if m.code in codes and is_count(m)]
    breakdowns_of: dict[str, list[Measure]] = {}
    for measure in chosen:
        if measure.breakdown is not None and measure.sums_to:
            breakdowns_of.setdefault(measure.sums_to, []).append(measure)
    for total, breakdowns in breakdowns_of.items():
        if len(breakdowns) > 1:
            names = " and ".join(m.label for m in breakdowns)
            total_label = spec.label_for((total, None))
            either = " or ".join(m.label for m in breakdowns)
            raise ExtractProblem(
                f"Choose one breakdown of {total_label}: {names} add up to the same total, so together they "
                f"could give away a figure hidden in either. You can release {either}, each with {total_label} "
                f"for every local authority as its totals, or {total_label} on its own."
            )
    return [m for m in chosen if m.code not in breakdowns_of]


def disclose_measure(
    measure: Measure, period: str, places: list[Place], figures: dict, *, withheld: frozenset[str] = frozenset()
) -> MeasureTable:
    """One measure's table for the given LAs. ``figures`` is {old code: {(measure, category): n}};
    an LA with no figures, or ``withheld``, shows ``x`` and is not counted in totals."""
    figures = {code: values for code, values in figures.items() if code not in withheld}
    if measure.breakdown is None:
        disclosed_input = {p.old_code: figures.get(p.old_code, {}).get((measure.code, None)) for p in places}
        disclosed = suppress_breakdown(disclosed_input)
        table = _table(measure, period, places, figures, withheld, [])
        table.rows = [(p, [disclosed.cells[p.old_code]], disclosed.cells[p.old_code]) for p in places]
        table.column_totals = [disclosed.total]
        table.grand_total = disclosed.total
        return _no_zero_totals_without_figures(table, {"all": disclosed_input})
    categories = measure.breakdown.categories
    rows = {
        p.old_code: {c.code: figures.get(p.old_code, {}).get((measure.code, c.code)) for c in categories}
        for p in places
    }
    disclosed = suppress_table(rows)
    table = _table(measure, period, places, figures, withheld, [(c.code, c.label) for c in categories])
    table.rows = [
        (p, [disclosed.cells[p.old_code][c.code] for c in categories], disclosed.row_totals[p.old_code]) for p in places
    ]
    table.column_totals = [disclosed.column_totals.get(c.code, MISSING) for c in categories]
    table.grand_total = disclosed.grand_total
    return _no_zero_totals_without_figures(table, rows)


def _table(measure: Measure, period: str, places, figures: dict, withheld, columns) -> MeasureTable:
    """An empty table for ``measure`` holding the unrounded figures its cells will show."""
    keys = [*measure.item_keys(), *((code, None) for code in (measure.sums_to, measure.within) if code)]
    kept = {}
    for place in places:
        own = figures.get(place.old_code, {})
        values = {key: own[key] for key in keys if own.get(key) is not None}
        if any(key[0] == measure.code for key in values):
            kept[place.old_code] = values
    return MeasureTable(
        period, measure.code, measure.label, columns, sums_to=measure.sums_to, within=measure.within,
        figures=kept, withheld=frozenset(withheld),
    )  # fmt: skip


def _no_zero_totals_without_figures(table: MeasureTable, rows: dict) -> MeasureTable:
    """A total over no figures at all is not available, never 0."""
    if not any(value is not None for cells in rows.values() for value in cells.values()):
        table.column_totals = [MISSING for _ in table.column_totals]
        table.grand_total = MISSING
    return table


def build_tables(
    *,
    specs: dict[str, ReturnSpec],
    measure_codes: list[str],
    places: list[Place],
    consented: set[str],
    figures_by_period: dict[str, dict],
) -> list[MeasureTable]:
    """Every table of an extract. Only LAs in ``consented`` are included, whatever is passed."""
    included = [p for p in places if p.old_code in consented]
    tables = []
    for period, spec in specs.items():
        figures = figures_by_period.get(period, {})
        for measure in plan_measures(spec, measure_codes):
            tables.append(disclose_measure(measure, period, included, figures))
    return tables


def rebuilder(*, specs: dict[str, ReturnSpec], figures_by_period: dict[str, dict]):
    """A function giving a table again with some LAs withheld (shown as ``x``, left out of its totals)."""

    def rebuild(table: MeasureTable, withheld: frozenset[str]) -> MeasureTable:
        measure = specs[table.period].measure(table.measure)
        places = [place for place, _cells, _total in table.rows]
        return disclose_measure(
            measure, table.period, places, figures_by_period.get(table.period, {}), withheld=withheld
        )

    return rebuild


def time_period(period: str) -> tuple[str, str]:
    """EES's ``time_period`` and ``time_identifier`` for a period like 2025-26-autumn."""
    start, end, term = period.split("-")
    return f"{start}{end}", TERMS[term]


def csv_rows(tables: list[MeasureTable], *, network_name: str) -> list[list[str]]:
    """The tidy rows of an extract (EES-style), header first, every figure as shown."""
    rows = [CSV_COLUMNS]
    for table in tables:
        year, term = time_period(table.period)
        heads = table.columns or [("", "")]
        for place, cells, total in table.rows:
            where = [year, term, "Local authority", place.old_code, place.new_code, place.name]
            for (code, _label), cell in zip(heads, cells, strict=True):
                rows.append([*where, table.measure, table.label, code or TOTAL, str(cell)])
            if table.columns:
                rows.append([*where, table.measure, table.label, TOTAL, str(total)])
        where = [year, term, "Network", "", "", f"{network_name}: LAs included"]
        if table.columns:
            for (code, _label), cell in zip(heads, table.column_totals, strict=True):
                rows.append([*where, table.measure, table.label, code, str(cell)])
        rows.append([*where, table.measure, table.label, TOTAL, str(table.grand_total)])
    return rows


def to_csv_bytes(rows: list[list[str]]) -> bytes:
    """The rows as UTF-8 CSV (with a byte-order mark, so spreadsheets read it right)."""
    from notinschool.core.spreadsheet_safety import neutralise_row

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(neutralise_row(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
