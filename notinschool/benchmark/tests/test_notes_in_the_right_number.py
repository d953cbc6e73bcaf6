"""Notes the dashboard writes beside its figures say one LA in the singular (a term early in a
collection often has one return)."""

from notinschool.benchmark.statistics.changes import region_trend
from notinschool.benchmark.statistics.ranks import quartiles_from_ranks


def test_quartiles_say_how_many_las_have_a_figure_in_the_right_number():
    assert quartiles_from_ranks({"886": 1}).note == "Quartiles need at least 4 LAs with a figure; 1 has one."
    assert quartiles_from_ranks({"886": 1, "936": 2}).note == (
        "Quartiles need at least 4 LAs with a figure; 2 have one."
    )
    assert quartiles_from_ranks({"886": None}).note == "Quartiles need at least 4 LAs with a figure; 0 have one."


def test_a_trend_term_pooled_over_one_la_says_one_la():
    points = region_trend(
        {"2025-26-autumn": {"886": (10, 1000)}, "2025-26-spring": {"886": (9, 1000), "936": (4, None)}}
    )
    assert [p.note for p in points] == ["1 LA", "2 LAs, 1 with a rate"]
