"""Rounding and suppression: hand-worked cases, then a reader who tries to subtract."""

from functools import reduce

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notinschool.benchmark.statistics.disclosure import (
    NATIONAL_ROUNDING,
    NO_ROUNDING,
    SuppressionReason,
    disclose_count,
    disclose_percent,
    round_half_up,
    suppress_breakdown,
    suppress_table,
)
from notinschool.benchmark.statistics.figures import Figure, Symbol

LOW, C, X = Symbol.LOW, Symbol.CONFIDENTIAL, Symbol.NOT_AVAILABLE


# --- Rounding and primary suppression --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 0), (4, 0), (5, 10), (14, 10), (15, 20), (25, 30), (35, 40), (-5, -10)]
)
def test_round_half_up_to_ten_never_to_even(value, expected):
    assert round_half_up(value) == expected


@pytest.mark.parametrize(("value", "expected"), [(49, 0), (50, 100), (149, 100), (150, 200), (250, 300)])
def test_national_rounding_to_a_hundred(value, expected):
    assert round_half_up(value, NATIONAL_ROUNDING) == expected


def test_disclose_count():
    assert disclose_count(0) == Figure(value=0)
    assert disclose_count(1).symbol is LOW
    assert disclose_count(4).symbol is LOW
    assert disclose_count(5) == Figure(value=10)
    assert disclose_count(25) == Figure(value=30)
    assert disclose_count(None).symbol is X
    assert disclose_count(Figure(symbol=Symbol.NOT_APPLICABLE)).symbol is Symbol.NOT_APPLICABLE
    assert disclose_count(49, rounding_base=NATIONAL_ROUNDING).symbol is LOW
    assert disclose_count(7, rounding_base=NO_ROUNDING) == Figure(value=7)
    with pytest.raises(ValueError):
        disclose_count(-1)


def test_disclose_percent_from_unrounded_figures():
    assert disclose_percent(7, 30) == Figure(value=23)  # 23.3%, not 10 of 30 = 33%
    assert disclose_percent(15, 40) == Figure(value=38)  # 37.5% rounds up
    assert disclose_percent(3, 30).symbol is LOW  # would give the low count away
    assert disclose_percent(5, 2000).symbol is Symbol.LESS_THAN_HALF  # 0.25%
    assert disclose_percent(0, 30) == Figure(value=0)
    assert disclose_percent(0, 0).symbol is Symbol.NOT_APPLICABLE
    assert disclose_percent(None, 30).symbol is X


# --- Secondary suppression, by hand ----------------------------------------------------------


def symbols(figures):
    return {key: figure.symbol or figure.value for key, figure in figures.items()}


def test_one_low_cell_takes_the_smallest_other_with_it():
    # Unrounded: total 30 shown; a=3 is low. Hide b=7 (smallest non-zero): a + b = 10 with
    # b >= 5 leaves a anywhere in 1..4 and b in 6..9. The zero is shown; zeros protect nothing.
    shown = suppress_breakdown({"a": 3, "b": 7, "c": 20, "d": 0}, rounding_base=NO_ROUNDING)
    assert symbols(shown.cells) == {"a": LOW, "b": C, "c": 20, "d": 0}
    assert shown.total == Figure(value=30)
    assert shown.suppressed["a"].reason is SuppressionReason.LOW
    assert shown.suppressed["b"].reason is SuppressionReason.SECONDARY
    assert shown.suppressed["b"].protects == "a"


def test_a_secondary_that_would_not_protect_is_passed_over():
    # a=1, b=5, c=5, d=30, total 41. Hiding b alone: a + b = 6 and b >= 5, so a = 1 exactly.
    # Hiding c as well: a + b + c = 11, so a = 1 again. Hiding d: a + d = 31, a in 1..4.
    shown = suppress_breakdown({"a": 1, "b": 5, "c": 5, "d": 30}, rounding_base=NO_ROUNDING)
    assert symbols(shown.cells) == {"a": LOW, "b": 5, "c": 5, "d": C}


def test_two_low_cells_protect_each_other():
    # a + b = 5 with both in 1..4: a could be 1, 2, 3 or 4.
    shown = suppress_breakdown({"a": 2, "b": 3, "c": 50}, rounding_base=NO_ROUNDING)
    assert symbols(shown.cells) == {"a": LOW, "b": LOW, "c": 50}


def test_rounded_breakdown_hides_in_pairs_by_default():
    cells = {"a": 3, "b": 7, "c": 20}
    assert symbols(suppress_breakdown(cells).cells) == {"a": LOW, "b": C, "c": 20}
    # Rounding alone protects a: total 30 is 25..34, b 10 is 5..14, c 20 is 15..24,
    # so a lies in 25 - 14 - 24 .. 34 - 5 - 15 = -13..14, which covers all of 1..4.
    assert symbols(suppress_breakdown(cells, hide_in_pairs=False).cells) == {"a": LOW, "b": 10, "c": 20}


def test_a_list_of_las_with_one_missing():
    shown = suppress_breakdown({"826": 40, "845": None, "846": 2, "850": 120}, rounding_base=NO_ROUNDING)
    assert symbols(shown.cells) == {"826": C, "845": X, "846": LOW, "850": 120}
    assert shown.total == Figure(value=162)


def test_a_low_total_hides_the_total_too():
    shown = suppress_breakdown({"a": 3, "b": 0}, rounding_base=NO_ROUNDING)
    assert shown.total.symbol is LOW
    assert shown.suppressed[None].reason is SuppressionReason.LOW


def test_two_by_two_table_hides_the_whole_rectangle():
    # Row K: 3 + 40 = 43; row S: 20 + 25 = 45; columns 23 and 65. Hiding K/f and S/m still
    # lets S/m = 45 - 25 and then K/m = 23 - 20; only hiding all four leaves a free cycle.
    table = suppress_table({"K": {"m": 3, "f": 40}, "S": {"m": 20, "f": 25}}, rounding_base=NO_ROUNDING)
    assert table.cells == {
        "K": {"m": Figure(symbol=LOW), "f": Figure(symbol=C)},
        "S": {"m": Figure(symbol=C), "f": Figure(symbol=C)},
    }
    assert table.row_totals == {"K": Figure(value=43), "S": Figure(value=45)}
    assert table.grand_total == Figure(value=88)
    assert set(table.suppressed) == {("K", "m"), ("K", "f"), ("S", "m"), ("S", "f")}


def test_table_with_a_missing_la():
    table = suppress_table({"K": {"m": 30, "f": 40}, "W": {"m": None, "f": None}})
    assert table.row_totals["W"].symbol is X
    assert table.cells["W"]["m"].symbol is X
    assert table.column_totals == {"m": Figure(value=30), "f": Figure(value=40)}
    assert table.suppressed == {}


# --- A reader who subtracts ------------------------------------------------------------------


def possible_values(figure, *, base, low_max, cap, is_total=False):
    """Every true count consistent with how a figure is shown, worked out independently.

    A hidden cell is never low or 0; a hidden total may be (a low total hidden as a last resort)."""
    if figure.symbol is LOW:
        return set(range(1, low_max + 1))
    if figure.symbol is C:
        return set(range(1 if is_total else low_max + 1, cap + 1))
    if figure.value == 0:
        return {0}
    half = base // 2
    return {
        v
        for v in range(figure.value - half, figure.value + half + 1)
        if v > low_max and v * 2 >= 2 * figure.value - base and 2 * v < 2 * figure.value + base
    }


def sums(sets):
    return reduce(lambda acc, s: {a + b for a in acc for b in s}, sets, {0})


def assert_no_hidden_cell_is_pinned(cells, total, *, base, low_max, members_are_totals=False):
    """For each hidden cell, the values consistent with the other cells and the total."""
    total_values = possible_values(total, base=base, low_max=low_max, cap=10_000)
    cap = max(total_values)
    ranges = {
        k: possible_values(f, base=base, low_max=low_max, cap=cap, is_total=members_are_totals)
        for k, f in cells.items()
    }
    for key, figure in cells.items():
        if figure.symbol not in (LOW, C):
            continue
        others = sums(r for k, r in ranges.items() if k != key)
        consistent = {v for v in ranges[key] if any(v + s in total_values for s in others)}
        assert len(consistent) > 1, f"{key} is pinned to {consistent}"


small_counts = st.integers(min_value=0, max_value=40) | st.integers(min_value=0, max_value=5)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(st.sampled_from("abcdef"), small_counts, min_size=1, max_size=6),
    st.sampled_from([NO_ROUNDING, 10]),
)
def test_no_hidden_cell_in_a_breakdown_can_be_recovered(cells, base):
    shown = suppress_breakdown(cells, rounding_base=base)
    if shown.total.symbol is None:
        assert_no_hidden_cell_is_pinned(shown.cells, shown.total, base=base, low_max=4)
    hidden = [k for k, f in shown.cells.items() if f.symbol is not None]
    if shown.total.symbol is None and hidden:
        assert len(hidden) >= 2  # never one alone beside a shown total
    for key, value in cells.items():
        if 1 <= value <= 4:
            assert shown.cells[key].symbol is LOW
        if value == 0:
            assert shown.cells[key] == Figure(value=0)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(small_counts, min_size=2, max_size=3), min_size=2, max_size=3).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    ),
    st.sampled_from([NO_ROUNDING, 10]),
)
def test_no_hidden_cell_in_any_row_or_column_can_be_recovered(grid, base):
    rows = {f"r{i}": {f"c{j}": v for j, v in enumerate(row)} for i, row in enumerate(grid)}
    table = suppress_table(rows, rounding_base=base)
    columns = list(table.column_totals)
    lines = [(table.cells[r], table.row_totals[r]) for r in rows]
    lines += [({r: table.cells[r][c] for r in rows}, table.column_totals[c]) for c in columns]
    for cells, total in lines:
        if total.symbol is None:
            assert_no_hidden_cell_is_pinned(cells, total, base=base, low_max=4)
    for margin in (table.row_totals, table.column_totals):
        if table.grand_total.symbol is None:
            assert_no_hidden_cell_is_pinned(margin, table.grand_total, base=base, low_max=4, members_are_totals=True)


def test_when_every_figure_is_low_the_total_is_hidden_too():
    # Four lows under a low total: each is at least 1 and they sum to at most 4, so each is 1.
    # Only hiding the total (as c) breaks that.
    shown = suppress_breakdown({"a": 1, "b": 1, "c": 1, "d": 1}, rounding_base=NO_ROUNDING)
    assert shown.total.symbol is C
    assert shown.suppressed[None].reason is SuppressionReason.SECONDARY
