"""Extracts never hold an unconsented LA or an unrounded small count, and no hidden figure can be
worked out from what they show: random tables, checked by exact integer programming (scipy's
MILP, independent of the interval audit in disclosure.py)."""

import csv
import io

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from notinschool.benchmark.statistics import Symbol
from notinschool.sharing.tables import Place, build_tables, csv_rows, to_csv_bytes
from notinschool.validation.specs import Breakdown, Category, Measure, ReturnSpec

PERIOD = "2025-26-autumn"
BIG = 10_000


def spec_with(categories: int) -> ReturnSpec:
    breakdown = None
    if categories:
        cats = tuple(Category(f"c{i}", f"Category {i}") for i in range(categories))
        breakdown = Breakdown("b", "Breakdown", cats)
    measure = Measure("m", "Measure", "", "p", "DfE", "stock", breakdown=breakdown)
    return ReturnSpec(PERIOD, "test", (), (measure,))


count = st.one_of(st.integers(0, 6), st.integers(0, 60), st.none())


@st.composite
def extracts(draw):
    n_las = draw(st.integers(1, 5))
    categories = draw(st.integers(0, 4))
    places = [Place(f"{800 + i}", f"E0600{i:04d}", f"LA {i}") for i in range(n_las)]
    figures = {}
    for place in places:
        if draw(st.booleans()) and draw(st.integers(0, 9)) == 0:
            continue  # no approved return: x
        keys = [("m", f"c{i}") for i in range(categories)] or [("m", None)]
        values = {key: draw(count) for key in keys}
        if any(v is None for v in values.values()):
            values = dict.fromkeys(keys)  # a breakdown is all there or all missing
        figures[place.old_code] = values
    consented = {p.old_code for p in places if draw(st.booleans())}
    return spec_with(categories), places, figures, consented


def interval(figure, *, cell: bool = False) -> tuple[float, float] | None:
    """What a reader knows of a shown figure (None for x, which is outside every sum). A strong
    reader: per ADR 0205, a hidden cell is never 0 or low (so at least 5), a hidden total at least 1."""
    if figure.symbol == Symbol.NOT_AVAILABLE:
        return None
    if figure.symbol == Symbol.LOW:
        return (1, 4)
    if figure.symbol == Symbol.CONFIDENTIAL:
        return (5 if cell else 1, BIG)
    if figure.value == 0:
        return (0, 0)
    return (max(5, figure.value - 5), figure.value + 4)


def pinned_hidden_figures(table) -> list[str]:
    """Hidden figures whose smallest and largest possible values (given everything shown) agree."""
    cells = {}
    for r, (_place, row_cells, _total) in enumerate(table.rows):
        for c, figure in enumerate(row_cells):
            if interval(figure) is not None:
                cells[(r, c)] = len(cells)
    if not cells:
        return []
    expressions = []  # (coefficients, figure, name)
    width = len(row_cells) if table.rows else 0
    for (r, c), index in cells.items():
        vector = np.zeros(len(cells))
        vector[index] = 1
        expressions.append((vector, table.rows[r][1][c], f"cell {r},{c}", True))
    if table.columns:
        for r, (_place, _cells, total) in enumerate(table.rows):
            vector = np.zeros(len(cells))
            for c in range(width):
                if (r, c) in cells:
                    vector[cells[(r, c)]] = 1
            if vector.any():
                expressions.append((vector, total, f"row {r}", False))
        for c, total in enumerate(table.column_totals):
            vector = np.zeros(len(cells))
            for r in range(len(table.rows)):
                if (r, c) in cells:
                    vector[cells[(r, c)]] = 1
            if vector.any():
                expressions.append((vector, total, f"column {c}", False))
    if not table.columns:  # a list of LAs: each LA's figure is a cell, the network total a total
        expressions = [(v, f, name, True) for v, f, name, _ in expressions]
    expressions.append((np.ones(len(cells)), table.grand_total, "grand total", False))
    known = [(v, interval(f, cell=is_cell)) for v, f, _, is_cell in expressions if interval(f) is not None]
    matrix = np.array([v for v, _ in known])
    constraint = LinearConstraint(matrix, [b[0] for _, b in known], [b[1] for _, b in known])
    pinned = []
    for vector, figure, name, _is_cell in expressions:
        if figure.symbol not in (Symbol.LOW, Symbol.CONFIDENTIAL):
            continue
        ends = []
        for sign in (1, -1):
            result = milp(
                sign * vector,
                constraints=constraint,
                integrality=np.ones(len(cells)),
                bounds=Bounds(0, BIG),
            )
            assert result.success, "the true table always satisfies what is shown"
            ends.append(round(sign * result.fun))
        if ends[0] == ends[1]:
            pinned.append(name)
    return pinned


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extracts())
def test_no_unconsented_la_no_small_count_and_nothing_hidden_can_be_worked_out(case):
    spec, places, figures, consented = case
    tables = build_tables(
        specs={PERIOD: spec},
        measure_codes=["m"],
        places=places,
        consented=consented,
        figures_by_period={PERIOD: figures},
    )
    rows = list(csv.reader(io.StringIO(to_csv_bytes(csv_rows(tables, network_name="Test")).decode("utf-8-sig"))))
    shown_codes = {row[3] for row in rows[1:] if row[3]}
    assert shown_codes <= consented
    assert shown_codes == {p.old_code for p in places if p.old_code in consented}
    for row in rows[1:]:
        value = row[-1]
        assert value in {"low", "c", "x"} or (value.isdigit() and int(value) % 10 == 0), row
    for table in tables:
        assert pinned_hidden_figures(table) == []


def test_a_lone_low_la_is_protected_and_the_total_never_reveals_it():
    spec = spec_with(0)
    places = [Place("801", "E1", "A"), Place("802", "E2", "B"), Place("803", "E3", "C")]
    figures = {"801": {("m", None): 3}, "802": {("m", None): 57}, "803": {("m", None): 120}}
    (table,) = build_tables(
        specs={PERIOD: spec}, measure_codes=["m"], places=places, consented={"801", "802", "803"},
        figures_by_period={PERIOD: figures},
    )  # fmt: skip
    shown = [str(cells[0]) for _place, cells, _total in table.rows]
    assert shown[0] == "low"
    assert "c" in shown[1:] or str(table.grand_total) == "c"
    assert pinned_hidden_figures(table) == []


def test_an_unconsented_la_is_left_out_of_rows_and_totals():
    spec = spec_with(0)
    places = [Place("801", "E1", "A"), Place("802", "E2", "B")]
    figures = {"801": {("m", None): 100}, "802": {("m", None): 500}}
    (table,) = build_tables(
        specs={PERIOD: spec}, measure_codes=["m"], places=places, consented={"801"}, figures_by_period={PERIOD: figures}
    )
    assert [p.old_code for p, _c, _t in table.rows] == ["801"]
    assert table.grand_total.value == 100
