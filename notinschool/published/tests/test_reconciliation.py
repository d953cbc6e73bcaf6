"""Comparing an LA's own figure with DfE's rounded, published one: hand-computed cases."""

import pytest

from notinschool.published.reconciliation import Agreement, compare, largest_low, rounded_as_published

CONSISTENT, DIFFERENT = Agreement.CONSISTENT, Agreement.DIFFERENT


@pytest.mark.parametrize(
    ("own", "published", "expected", "difference"),
    [
        (2_873, 2_870, CONSISTENT, 3),  # rounds to 2,870
        (2_865, 2_870, CONSISTENT, -5),  # 2,865 rounds half up to 2,870
        (2_875, 2_870, CONSISTENT, 5),  # |5| is what rounding to 10 allows
        (2_876, 2_870, DIFFERENT, 6),
        (2_864, 2_870, DIFFERENT, -6),
        (2_900, 2_870, DIFFERENT, 30),
        (5, 10, CONSISTENT, -5),
        (0, 10, DIFFERENT, -10),
    ],
)
def test_la_figures_rounded_to_10(own, published, expected, difference):
    comparison = compare(own, published, "", rounding_base=10)
    assert (comparison.agreement, comparison.difference) == (expected, difference)
    assert comparison.is_flagged == (expected == DIFFERENT)


def test_published_zero_means_none():
    assert compare(0, 0).agreement == CONSISTENT
    zero = compare(3, 0)
    assert zero.agreement == DIFFERENT and "low" in zero.explanation  # 3 would be published as low


@pytest.mark.parametrize(("own", "expected"), [(0, DIFFERENT), (1, CONSISTENT), (4, CONSISTENT), (5, DIFFERENT)])
def test_low_is_consistent_with_1_to_4(own, expected):
    comparison = compare(own, None, "low", rounding_base=10)
    assert comparison.agreement == expected and comparison.difference is None


def test_low_at_national_rounding_means_1_to_49():
    assert largest_low(10) == 4 and largest_low(100) == 49
    assert compare(49, None, "low", rounding_base=100).agreement == CONSISTENT
    assert compare(50, None, "low", rounding_base=100).agreement == DIFFERENT


def test_england_rounded_to_100():
    assert compare(80_949, 80_900, rounding_base=100).agreement == CONSISTENT
    assert compare(80_951, 80_900, rounding_base=100).agreement == DIFFERENT


@pytest.mark.parametrize("symbol", ["x", "z", "c", "u", "<0.5"])
def test_other_symbols_cannot_be_compared(symbol):
    comparison = compare(120, None, symbol)
    assert comparison.agreement == Agreement.NOT_COMPARABLE and not comparison.is_flagged
    assert symbol in comparison.explanation


def test_missing_on_either_side():
    assert compare(None, 2_870).agreement == Agreement.NO_OWN_FIGURE
    assert compare(None, None, "x").agreement == Agreement.NO_OWN_FIGURE
    assert compare(120, None, "").agreement == Agreement.NOT_PUBLISHED


@pytest.mark.parametrize(
    ("own", "base", "expected"),
    [(0, 10, (0, "")), (1, 10, (None, "low")), (4, 10, (None, "low")), (5, 10, (10, "")), (2_865, 10, (2_870, "")),
     (2_864, 10, (2_860, "")), (49, 100, (None, "low")), (80_950, 100, (81_000, "")), (None, 10, (None, ""))],
)  # fmt: skip
def test_own_figure_rounded_as_dfe_rounds(own, base, expected):
    assert rounded_as_published(own, base) == expected


def test_a_revision_by_dfe_is_explained_as_one():
    revised = compare(2_873, 2_900, rounding_base=10, earlier=((2_870, ""),))
    assert revised.agreement == Agreement.REVISED and revised.is_flagged
    assert "earlier release showed 2,870, which agreed" in revised.explanation
    # An earlier figure that did not agree either: simply different.
    assert compare(2_873, 2_900, earlier=((2_950, ""),)).agreement == DIFFERENT
    # An earlier low that agreed.
    assert compare(3, 10, earlier=((None, "low"),)).agreement == Agreement.REVISED
    # A current figure that agrees is consistent whatever came before.
    assert compare(2_873, 2_870, earlier=((2_500, ""),)).agreement == CONSISTENT


def test_not_yet_published_is_said_so():
    comparison = compare(120, None, "")
    assert comparison.agreement.label == "Not yet published" and not comparison.is_flagged
