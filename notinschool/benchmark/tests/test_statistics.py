"""Expected values are worked by hand in each test, not taken from the code under test."""

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notinschool.benchmark.statistics.changes import Direction, change
from notinschool.benchmark.statistics.figures import Figure, Symbol, number_or_none
from notinschool.benchmark.statistics.funnel import FunnelPosition, funnel_limits, funnel_populations, funnel_position
from notinschool.benchmark.statistics.ranks import competition_ranks, median, quartile_bands
from notinschool.benchmark.statistics.rates import (
    METHOD_FOR_KIND,
    IntervalMethod,
    MeasureKind,
    Significance,
    compare_with_reference,
    poisson_interval,
    pooled_rate_per_100,
    rate_interval_per_100,
    rate_per_100,
    wilson_interval,
)

Z = 1.959963984540054  # the 97.5th percentile of the standard normal


# --- Figures and symbols ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["x", "z", "low", "c", "<0.5", "LOW", " x "])
def test_symbols_are_missing_never_zero(text):
    figure = Figure.parse(text)
    assert figure.is_missing
    assert number_or_none(figure) is None
    assert figure.symbol == Symbol(text.strip().lower())


def test_symbols_keep_their_reason_for_display():
    assert str(Figure.parse("low")) == "low"
    assert Symbol.NOT_AVAILABLE.description == "not available"


def test_numbers_parse_exactly():
    assert Figure.parse("1,230").value == 1230
    assert Figure.parse("3.5").value == Decimal("3.5")
    assert Figure.parse("").symbol is Symbol.NOT_AVAILABLE
    with pytest.raises(ValueError):
        Figure.parse("twelve")


def test_a_figure_is_a_number_or_a_symbol():
    with pytest.raises(ValueError):
        Figure()
    with pytest.raises(ValueError):
        Figure(value=1, symbol=Symbol.LOW)
    with pytest.raises(TypeError):
        Figure(value=True)


# --- Rates -----------------------------------------------------------------------------------


def test_rate_per_100():
    assert rate_per_100(25, 1000) == 2.5
    assert rate_per_100(0, 1000) == 0.0
    assert rate_per_100(1, 3) == pytest.approx(33.333333333)


@pytest.mark.parametrize(("count", "population"), [(5, 0), (5, None), (None, 100), ("x", 100), ("low", 100), (5, "z")])
def test_rate_is_none_rather_than_invented(count, population):
    assert rate_per_100(count, population) is None


def test_pooled_rate_sums_counts_and_populations_and_names_who_was_left_out():
    pooled = pooled_rate_per_100(
        {
            "Kent": (300, 10_000),
            "Slough": (10, 1_000),
            "Reading": ("low", 500),  # suppressed count
            "Medway": (40, None),  # population missing
            "Isle of Wight": ("x", 2_000),  # did not return
        }
    )
    # (300 + 10) / (10,000 + 1,000) * 100 = 2.8181..., not the mean of 3.0 and 1.0
    assert pooled.rate_per_100 == pytest.approx(310 / 11_000 * 100)
    assert pooled.count == 310
    assert pooled.population == 11_000
    assert pooled.included == ("Kent", "Slough")
    assert set(pooled.left_out) == {"Reading", "Medway", "Isle of Wight"}
    assert "low" in pooled.left_out["Reading"]
    assert pooled.left_out["Medway"].startswith("population")


def test_pooled_rate_of_nobody_is_none():
    assert pooled_rate_per_100({"Kent": ("c", 100)}).rate_per_100 is None


# --- Intervals -------------------------------------------------------------------------------


def test_wilson_10_of_100():
    interval = wilson_interval(10, 100)
    assert interval.lower == pytest.approx(0.0552, abs=5e-5)
    assert interval.upper == pytest.approx(0.1744, abs=5e-5)


def test_wilson_zero_count_starts_at_zero():
    # p = 0: centre = (z^2/2n) / (1 + z^2/n) and half width equals the centre
    n = 50
    interval = wilson_interval(0, n)
    assert interval.lower == 0.0
    assert interval.upper == pytest.approx((Z * Z / n) / (1 + Z * Z / n))


def test_wilson_tiny_population():
    # 1 of 1: by symmetry with 0 of 1, the lower bound is 1 - z^2 / (1 + z^2)
    interval = wilson_interval(1, 1)
    assert interval.upper == pytest.approx(1.0)
    assert interval.lower == pytest.approx(1 - Z * Z / (1 + Z * Z))


def test_garwood_poisson_interval_by_hand():
    # With 2 degrees of freedom chi2.ppf(q, 2) / 2 = -ln(1 - q).
    assert poisson_interval(0).lower == 0.0
    assert poisson_interval(0).upper == pytest.approx(-math.log(0.025))
    assert poisson_interval(1).lower == pytest.approx(-math.log(0.975))
    # Upper for 1 event solves P(Poisson(u) <= 1) = e^-u (1 + u) = 0.025.
    upper = poisson_interval(1).upper
    assert math.exp(-upper) * (1 + upper) == pytest.approx(0.025)
    # Published table value for 10 events: 4.7954 to 18.3904.
    assert poisson_interval(10).lower == pytest.approx(4.7954, abs=1e-4)
    assert poisson_interval(10).upper == pytest.approx(18.3904, abs=1e-4)


def test_rate_interval_per_100():
    wilson = rate_interval_per_100(10, 100)
    assert (wilson.lower, wilson.upper) == pytest.approx((5.523, 17.437), abs=1e-3)
    poisson = rate_interval_per_100(10, 1000, method=IntervalMethod.POISSON)
    assert (poisson.lower, poisson.upper) == pytest.approx((0.47954, 1.83904), abs=1e-5)
    assert rate_interval_per_100("c", 1000) is None
    assert rate_interval_per_100(3, 0) is None


def test_intervals_need_whole_counts():
    with pytest.raises(ValueError):
        wilson_interval(Decimal("2.5"), 10)
    with pytest.raises(ValueError):
        wilson_interval(11, 10)


# --- Significance ----------------------------------------------------------------------------


def test_significance_against_a_regional_rate():
    # 10 of 100: Wilson 5.5 to 17.4 per 100
    assert compare_with_reference(10, 100, 3.0) is Significance.ABOVE
    assert compare_with_reference(10, 100, 20.0) is Significance.BELOW
    assert compare_with_reference(10, 100, 12.0) is Significance.SIMILAR
    assert compare_with_reference("low", 100, 12.0) is None
    assert compare_with_reference(10, None, 12.0) is None


def test_method_follows_the_measure_kind():
    assert METHOD_FOR_KIND[MeasureKind.STOCK] is IntervalMethod.WILSON
    assert METHOD_FOR_KIND[MeasureKind.FLOW] is IntervalMethod.POISSON
    # 0 events in 1,000: Poisson upper 0.369 per 100, so a reference of 0.5 is above the LA
    below = compare_with_reference(0, 1000, 0.5, method=IntervalMethod.POISSON)
    assert below is Significance.BELOW


# --- Ranks, quartiles, median ----------------------------------------------------------------


def test_competition_ranks_share_the_lower_rank_and_skip():
    ranks = competition_ranks({"a": 9, "b": 7, "c": 7, "d": 2, "e": "x", "f": None})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4, "e": None, "f": None}


def test_ranks_lowest_first():
    assert competition_ranks({"a": 9, "b": 7, "c": 7}, highest_first=False) == {
        "a": 3,
        "b": 1,
        "c": 1,
    }


def test_equal_rates_tie_exactly():
    rates = {"a": rate_per_100(1, 10), "b": rate_per_100(2, 20), "c": rate_per_100(3, 10)}
    assert competition_ranks(rates) == {"a": 2, "b": 2, "c": 1}


def test_quartiles_of_eight():
    values = {f"la{i}": i for i in range(8)}  # la7 highest
    banding = quartile_bands(values)
    # rank r of 8 is in quartile ceil(4r/8): ranks 1-2 -> 1, 3-4 -> 2, 5-6 -> 3, 7-8 -> 4
    assert banding.quartiles == {"la7": 1, "la6": 1, "la5": 2, "la4": 2, "la3": 3, "la2": 3, "la1": 4, "la0": 4}
    assert banding.note is None


def test_quartiles_of_the_south_east_nineteen_with_one_missing():
    values = {f"la{i}": i for i in range(18)} | {"missing": "x"}
    banding = quartile_bands(values)
    # 18 ranked: ceil(4r/18) gives ranks 1-4 -> 1, 5-9 -> 2, 10-13 -> 3, 14-18 -> 4
    sizes = [list(banding.quartiles.values()).count(q) for q in (1, 2, 3, 4)]
    assert sizes == [4, 5, 4, 5]
    assert banding.quartiles["missing"] is None
    assert banding.ranked == 18


def test_fewer_than_four_las_get_no_quartiles():
    banding = quartile_bands({"a": 1, "b": 2, "c": 3, "d": "c"})
    assert set(banding.quartiles.values()) == {None}
    assert "at least 4" in banding.note


def test_median():
    assert median([3, 1, 2]) == 2.0
    assert median([4, 1, "low", 2, 3]) == 2.5
    assert median(["x", None]) is None


# --- Change ----------------------------------------------------------------------------------


def test_change():
    # Whole counts give a whole difference; decimals are subtracted exactly (0.2, not 0.19999...).
    assert isinstance(change(current=120, previous=100).absolute, int)
    assert change(current=Decimal("1.3"), previous=Decimal("1.1")).absolute == 0.2
    assert change(current=100, previous=120).direction is Direction.DOWN  # the order of the arguments matters
    up = change(current=120, previous=100)
    assert (up.absolute, up.percent, up.direction) == (20, 20.0, Direction.UP)
    down = change(current=75, previous=100)
    assert (down.absolute, down.percent, down.direction) == (-25, -25.0, Direction.DOWN)
    same = change(current=5, previous=5)
    assert (same.absolute, same.percent, same.direction) == (0, 0.0, Direction.NO_CHANGE)


def test_change_from_zero_has_no_percentage():
    from_zero = change(current=4, previous=0)
    assert (from_zero.absolute, from_zero.percent, from_zero.direction) == (4, None, Direction.UP)


@pytest.mark.parametrize(("current", "previous"), [("low", 10), (10, "x"), (None, 3)])
def test_change_with_a_missing_side_is_none(current, previous):
    missing = change(current=current, previous=previous)
    assert (missing.absolute, missing.percent, missing.direction) == (None, None, None)


# --- Funnel limits ---------------------------------------------------------------------------


def test_funnel_limits_approach_the_normal_limits_for_large_populations():
    (point,) = funnel_limits(5.0, [100_000])
    se = math.sqrt(0.05 * 0.95 / 100_000) * 100
    assert point.lower_95 == pytest.approx(5 - Z * se, abs=0.01)
    assert point.upper_95 == pytest.approx(5 + Z * se, abs=0.01)
    assert point.lower_99_8 < point.lower_95 < 5 < point.upper_95 < point.upper_99_8


def test_funnel_small_population_is_exact_and_clipped_at_zero():
    # Binomial(10, 0.05): P(X = 0) = 0.95^10 = 0.599 > 0.025, so the lower limit is 0.
    (point,) = funnel_limits(5.0, [10])
    assert point.lower_95 == 0.0
    assert 0 < point.upper_95 <= 100
    assert set(point.as_dict()) == {"population", "lower_99_8", "lower_95", "upper_95", "upper_99_8"}


def test_poisson_funnel_for_flows():
    # Poisson(mean 5): P(X <= 1) = e^-5 (1 + 5) = 0.0404 > 0.025 and P(X = 0) = 0.0067 < 0.025,
    # so the 95% lower quantile is 1 and interpolation puts the limit between 0 and 1 events.
    (point,) = funnel_limits(0.5, [1000], kind=MeasureKind.FLOW)
    assert 0 < point.lower_95 < 0.1


@given(st.floats(min_value=0.1, max_value=50), st.integers(min_value=20, max_value=50_000))
def test_funnel_limits_are_ordered(rate, population):
    (point,) = funnel_limits(rate, [population])
    assert 0 <= point.lower_99_8 <= point.lower_95 <= rate <= point.upper_95 <= point.upper_99_8


def test_funnel_populations():
    assert funnel_populations(100, 10_000, points=3) == [100, 1000, 10_000]
    with pytest.raises(ValueError):
        funnel_populations(0, 10)


@pytest.mark.parametrize(
    ("rate", "position"),
    [
        (5.1, FunnelPosition.WITHIN),
        (5.18, FunnelPosition.ABOVE_95),
        (5.3, FunnelPosition.ABOVE_99_8),
        (4.82, FunnelPosition.BELOW_95),
        (4.7, FunnelPosition.BELOW_99_8),
    ],
)
def test_funnel_position_against_the_limits_at_the_las_own_population(rate, position):
    # Reference 5 per 100, 100,000 children: se = sqrt(0.05 x 0.95 / 100,000) x 100 = 0.0689, so the
    # 95% limits are 5 -/+ 1.96 se = 4.865 and 5.135, the 99.8% limits 5 -/+ 3.09 se = 4.787 and 5.213.
    assert funnel_position(rate, 100_000, 5.0) is position
    assert position.outside is (position is not FunnelPosition.WITHIN)


def test_funnel_position_depends_on_the_population():
    # 5.3 per 100 is far out for 100,000 children but well within the limits for 1,000 (se = 0.69).
    assert funnel_position(5.3, 100_000, 5.0) is FunnelPosition.ABOVE_99_8
    assert funnel_position(5.3, 1_000, 5.0) is FunnelPosition.WITHIN
