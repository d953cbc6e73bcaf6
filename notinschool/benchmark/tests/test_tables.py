"""The benchmark table against hand-worked cases: rates, pooling, ranks, quartiles, intervals,
significance, zero counts, missing LAs, suppressed (published) values, a missing population."""

import math

import pytest

from notinschool.benchmark.statistics.changes import compared_change, headline, la_trend, region_trend
from notinschool.benchmark.statistics.figures import Figure, Symbol
from notinschool.benchmark.statistics.measure_table import (
    LaInput,
    OrderBy,
    Reference,
    Source,
    build_measure_table,
    published_input,
)
from notinschool.benchmark.statistics.rates import IntervalMethod, Significance

R = Source.RETURN


def _table(inputs, **kwargs):
    return build_measure_table(inputs, method=kwargs.pop("method", IntervalMethod.WILSON), **kwargs)


def test_rates_pooling_ranks_and_quartiles_by_hand():
    table = _table(
        [
            LaInput("A", "Aville", 30, 1_000, R),  # 3.0
            LaInput("B", "Bton", 10, 1_000, R),  # 1.0
            LaInput("C", "Cford", 20, 2_000, R),  # 1.0
            LaInput("D", "Dham", 0, 500, R),  # 0.0: a real zero
            LaInput("E", "Eley", 5, None, R),  # no population: count shown, no rate
        ]
    )
    by = {row.code: row for row in table.rows}
    assert [r.code for r in table.rows] == ["A", "B", "C", "D", "E"]
    assert by["A"].rate == pytest.approx(3.0) and by["D"].rate == 0.0 and by["E"].rate is None
    # Pooled: (30 + 10 + 20 + 0) / (1000 + 1000 + 2000 + 500) * 100 = 60 / 4500 * 100; E left out.
    assert table.region.rate_per_100 == pytest.approx(60 / 4500 * 100)
    assert table.region.count == 60 and table.region.population == 4500
    assert table.notes == ["E: population not available (x)"]
    # Ties share the better rank: 1, 2, 2, 4; E has no rate and no rank.
    assert [by[c].rank for c in "ABCDE"] == [1, 2, 2, 4, None]
    # Quartile = ceil(4r / n) with n = 4 ranked: 1, 2, 2, 4.
    assert [by[c].quartile for c in "ABCDE"] == [1, 2, 2, 4, None]
    assert table.median_rate == pytest.approx(1.0)  # median of 3, 1, 1, 0
    assert by["E"].note == "No population estimate loaded, so no rate"


def test_wilson_interval_and_significance_by_hand():
    table = _table([LaInput("A", "A", 30, 1_000, R), LaInput("B", "B", 10, 1_000, R), LaInput("C", "C", 20, 1_000, R)])
    a = table.row("A")
    # Wilson 95% for 30/1000: centre (p + z²/2n)/(1 + z²/n), half-width z/(1+z²/n)·sqrt(p(1-p)/n + z²/4n²).
    z, n, p = 1.959963984540054, 1000, 0.03
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert a.lower == pytest.approx(100 * (centre - half)) and a.upper == pytest.approx(100 * (centre + half))
    assert a.lower == pytest.approx(2.109, abs=1e-3) and a.upper == pytest.approx(4.250, abs=1e-3)
    # Network rate 2.0: below A's interval, above B's (0.544 to 1.831), inside C's.
    assert table.region.rate_per_100 == pytest.approx(2.0)
    assert [table.row(c).significance for c in "ABC"] == [Significance.ABOVE, Significance.BELOW, Significance.SIMILAR]


def test_poisson_interval_for_flows_with_a_zero_count():
    table = _table([LaInput("A", "A", 0, 10_000, R), LaInput("B", "B", 8, 10_000, R)], method=IntervalMethod.POISSON)
    zero = table.row("A")
    # Garwood upper bound for 0 events is chi2(0.975, 2)/2 = 3.689; per 100 of 10,000 children.
    assert zero.lower == 0.0 and zero.upper == pytest.approx(3.6889 * 100 / 10_000, abs=1e-5)
    assert zero.rate == 0.0 and zero.rank == 2


def test_missing_and_published_las_are_shown_but_never_pooled_or_ranked():
    table = _table(
        [
            LaInput("A", "A", 40, 1_000, R),
            LaInput("B", "B", 20, 1_000, Source.PROVISIONAL),
            published_input("C", "C", Figure(symbol=Symbol.LOW), None, in_network=True),  # suppressed
            published_input("D", "D", None, None, in_network=True),  # nothing at all
            published_input("X", "Outside", Figure(value=130), 1.3, in_network=False),
        ],
        england=Reference("England", 1.1, Figure(value=98_700), "published by DfE, rounded"),
    )
    assert table.region.rate_per_100 == pytest.approx(3.0) and table.region_provisional
    c, d, x = table.row("C"), table.row("D"), table.row("X")
    assert c.count is None and c.published.symbol is Symbol.LOW and c.rank is None and c.significance is None
    assert "low" in c.note and c.rate is None  # never 0
    assert d.source is Source.NONE and d.note == "No return"
    assert x.rate == 1.3 and x.rank is None and x.note == "Published by DfE, rounded"
    assert [r.code for r in table.rows][:2] == ["A", "B"]
    assert table.row("B").note.startswith("Provisional")


def test_order_by_count_and_fewer_than_four_las_have_no_quartiles():
    table = _table([LaInput("A", "A", 5, 100, R), LaInput("B", "B", 9, 1_000, R)], order_by=OrderBy.COUNT)
    assert [r.code for r in table.rows] == ["B", "A"] and table.row("B").rank == 1
    assert table.row("A").quartile is None and "at least 4" in table.quartile_note


def test_no_populations_ranks_by_count():
    table = _table([LaInput("A", "A", 5, None, R), LaInput("B", "B", 9, None, R)])
    assert table.order_by is OrderBy.COUNT and table.region.rate_per_100 is None


def test_changes_use_only_las_in_both_terms():
    now = {"A": (30, 1_000), "B": (20, 1_000), "C": (99, 1_000)}  # C is new this term
    before = {"A": (20, 1_000), "B": (20, 1_000), "D": (50, 1_000)}  # D did not return this term
    change = compared_change(now, before, against="2023-24-spring")
    assert change.las_compared == 2
    assert change.count.absolute == 10 and change.count.percent == pytest.approx(25.0)
    assert change.rate.absolute == pytest.approx(0.5)  # 2.5 - 2.0 per 100
    line = headline(now, previous_term=before, previous_period="2023-24-spring")
    assert line.count == 149 and line.las_with_figures == 3 and line.previous_term.las_compared == 2


def test_trends_keep_gaps_and_pool_within_each_term():
    points = region_trend({"t1": {"A": (10, 1_000), "B": (None, 1_000)}, "t2": {}, "t3": {"A": (5, 500)}})
    assert [p.rate for p in points] == [pytest.approx(1.0), None, pytest.approx(1.0)]
    assert points[1].count is None and points[1].note == "No returns"
    la = la_trend({"t1": (10, 1_000), "t2": (None, 1_000), "t3": (4, None)})
    assert [p.rate for p in la] == [pytest.approx(1.0), None, None] and la[2].count == 4


def test_a_count_above_its_population_is_shown_untested_not_an_error():
    from notinschool.benchmark.statistics.measure_table import _interval
    from notinschool.benchmark.statistics.rates import IntervalMethod

    assert _interval(500, 391, IntervalMethod.WILSON) is None
    assert _interval(5, 391, IntervalMethod.WILSON) is not None


def test_provisional_returns_mark_their_points_and_the_pooled_figure():
    pairs = {"t1": {"A": (10, 1_000), "B": (20, 1_000)}, "t2": {"A": (12, 1_000), "B": (18, 1_000)}}
    points = region_trend(pairs, {"t2": {"B"}})
    assert [p.provisional for p in points] == [False, True]
    assert points[1].count == 30 and points[1].note == "2 LAs, 1 provisional"
    # An LA that is provisional but sent no count does not make the pooled figure provisional.
    assert not region_trend({"t": {"A": (5, 500), "B": (None, 500)}}, {"t": {"B"}})[0].provisional
    kent = la_trend({"t1": (10, 1_000), "t2": (12, 1_000), "t3": (None, 1_000)}, {"t2", "t3"})
    assert [p.provisional for p in kent] == [False, True, False]  # a gap is never marked
    assert kent[1].note.startswith("Provisional")


def test_count_change_without_populations_and_how_many_las_each_change_covers():
    now = {"A": (30, None), "B": (20, 1_000)}
    before = {"A": (20, 900), "B": (10, 1_000), "C": (5, 1_000)}
    compared = compared_change(now, before, against="t0")
    assert compared.las_compared == 2 and compared.count.absolute == 20  # (30 + 20) - (20 + 10)
    assert compared.las_rate_compared == 1  # only B has populations in both terms
    assert compared.rate.absolute == pytest.approx(1.0)  # B: 2.0 - 1.0 per 100
    nothing = compared_change({"A": (30, None)}, {"A": (20, None)}, against="t0")
    assert nothing.count.absolute == 10 and nothing.las_rate_compared == 0 and nothing.rate.direction is None


def test_a_breakdown_names_the_missing_total_not_a_population():
    table = _table(
        [LaInput("A", "Aville", 3, 10, R), LaInput("B", "Bton", 2, None, R), LaInput("C", "Cford", 0, 0, R)],
        share_of="EHE children",
    )
    assert table.row("B").note == "No figure for EHE children (the LA's total) in the return, so no share"
    assert table.row("C").note == "The LA's total of EHE children is 0, so no share"
    assert "population" not in " ".join(table.notes) and "B: total not available (x)" in table.notes
    rate_table = _table([LaInput("B", "Bton", 2, None, R)])
    assert rate_table.row("B").note == "No population estimate loaded, so no rate"


@pytest.mark.parametrize(
    ("current", "previous", "rate", "cells"),
    [
        (1.04, 1.0, True, ["no change", 0.0]),  # 0.04 rounds to 0.0: never "up 0.0"
        (1.0, 1.04, True, ["no change", 0.0]),
        (1.06, 1.0, True, ["up", 0.1]),
        (0.8, 1.0, True, ["down", 0.2]),  # a size, never negative
        (90, 100, False, ["down", 10]),
        (100, 100, False, ["no change", 0]),
    ],
)
def test_change_cells_round_tiny_changes_to_no_change(current, previous, rate, cells):
    from notinschool.benchmark.outputs.tables import change_cells, change_text
    from notinschool.benchmark.statistics.changes import change

    value = change(current=current, previous=previous)
    assert change_cells(value, rate=rate) == cells
    assert change_text(value, rate=rate).startswith(cells[0])
    assert change_cells(value, rate=rate, what="rate")[0] in ("rate up", "rate down", "no change in rate")
