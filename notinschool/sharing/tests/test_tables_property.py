"""Extracts never hold an unconsented LA or an unrounded small count, and no hidden figure can be
worked out from what they show: random tables, checked by exact integer programming (scipy's
MILP in ``attacker.py``, independent of the interval audit in disclosure.py)."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notinschool.periods.specs import Breakdown, Category, Measure, ReturnSpec
from notinschool.sharing.tables import Place, build_tables, csv_rows, to_csv_bytes
from notinschool.sharing.tests.attacker import Attacker, narrowed

PERIOD = "2025-26-autumn"


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


def pinned_hidden_figures(tables, spec: ReturnSpec) -> list[str]:
    """Hidden figures whose smallest and largest possible values (given everything shown) agree."""
    attacker = Attacker(spec)
    attacker.read(csv_rows(tables, network_name="Test"), "extract")
    return list(narrowed(attacker.ranges(), 1))


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
    assert pinned_hidden_figures(tables, spec) == []


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
    assert pinned_hidden_figures([table], spec) == []


def test_an_unconsented_la_is_left_out_of_rows_and_totals():
    spec = spec_with(0)
    places = [Place("801", "E1", "A"), Place("802", "E2", "B")]
    figures = {"801": {("m", None): 100}, "802": {("m", None): 500}}
    (table,) = build_tables(
        specs={PERIOD: spec}, measure_codes=["m"], places=places, consented={"801"}, figures_by_period={PERIOD: figures}
    )
    assert [p.old_code for p, _c, _t in table.rows] == ["801"]
    assert table.grand_total.value == 100
