"""The statistics' quick paths agree with their exact definitions: a rank is one more than the
number of LAs with a strictly better figure, compared exactly (ADR 0203); rates, pooled rates
and medians are the exact fraction rounded once (ADR 0201)."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import example, given
from hypothesis import strategies as st

from notinschool.benchmark.statistics.figures import exact_number
from notinschool.benchmark.statistics.ranks import competition_ranks, median, quartile_bands, ranks_and_median
from notinschool.benchmark.statistics.rates import pooled_rate_per_100, rate_per_100


def ranks_by_definition(values, *, highest_first):
    """Every LA compared with every other: slow, and obviously the definition."""
    present = {la: exact_number(v) for la, v in values.items() if exact_number(v) is not None}
    ranks = dict.fromkeys(values)
    for la, value in present.items():
        better = [o for o in present.values() if (o > value if highest_first else o < value)]
        ranks[la] = len(better) + 1
    return ranks


# Few distinct values so that ties are common; every kind of number the builders are given.
small = st.integers(min_value=0, max_value=6)
figures = st.one_of(
    small,
    small.map(lambda n: n / 4),
    small.map(lambda n: Decimal(n) / 2),
    small.map(lambda n: Fraction(n, 3)),
    st.tuples(small, st.integers(min_value=1, max_value=4)).map(lambda p: rate_per_100(*p)),
    st.sampled_from([None, "x", "low", "c"]),
)
tables = st.dictionaries(st.text(alphabet="abcdefgh", min_size=1, max_size=3), figures, max_size=40)


@given(tables, st.booleans())
def test_one_sort_gives_the_defined_ranks(values, highest_first):
    assert competition_ranks(values, highest_first=highest_first) == ranks_by_definition(
        values, highest_first=highest_first
    )


@given(tables, st.booleans())
def test_quartiles_follow_the_defined_ranks(values, highest_first):
    ranks = ranks_by_definition(values, highest_first=highest_first)
    ranked = sum(r is not None for r in ranks.values())
    banding = quartile_bands(values, highest_first=highest_first)
    assert banding.ranked == ranked
    if ranked < 4:
        assert set(banding.quartiles.values()) <= {None}
        assert banding.note
    else:
        assert banding.quartiles == {la: None if r is None else -(-4 * r // ranked) for la, r in ranks.items()}


# Whole counts take a quicker path than fractions; it must give the very same floats.
counts = st.integers(min_value=0, max_value=10**7)


@given(counts, counts)
def test_rates_of_whole_counts_are_the_exact_fraction_rounded_once(count, population):
    expected = None if population == 0 else float(Fraction(count * 100, population))
    assert rate_per_100(count, population) == expected


@given(st.dictionaries(st.text(max_size=3), st.tuples(counts, counts), max_size=30))
def test_pooled_whole_counts_match_the_fraction_sum(figures):
    kept = {la: pair for la, pair in figures.items() if pair[1] != 0}
    pooled = pooled_rate_per_100(figures)
    total, population = sum(c for c, _ in kept.values()), sum(p for _, p in kept.values())
    assert pooled.rate_per_100 == (float(Fraction(total * 100, population)) if population else None)
    assert (pooled.count, pooled.population) == (total, population)
    assert set(pooled.left_out) == set(figures) - set(kept)


# Wrong figures too (negative counts and populations): the quicker path gives what the exact
# fractions give, to the sign of a zero and the type of each total.
@given(st.dictionaries(st.text(max_size=3), st.tuples(st.integers(-50, 50), st.integers(-50, 50)), max_size=8))
@example({"a": (0, -1)})  # no children of a negative population: 0.0, not -0.0
def test_pooled_whole_counts_are_what_the_fractions_give_even_when_wrong(figures):
    kept = {la: pair for la, pair in figures.items() if pair[1] != 0}
    total, population = sum(c for c, _ in kept.values()), sum(p for _, p in kept.values())
    pooled = pooled_rate_per_100(figures)
    expected = float(Fraction(total * 100, population)) if population else None
    assert repr(pooled.rate_per_100) == repr(expected)
    assert (type(pooled.count), type(pooled.population)) == (int, int)


@given(st.lists(figures, max_size=30))
def test_median_is_the_exact_middle(values):
    ordered = sorted(v for v in (exact_number(x) for x in values) if v is not None)
    if not ordered:
        assert median(values) is None
        return
    middle = len(ordered) // 2
    exact = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    assert median(values) == float(exact)


# Whole counts take a quicker path here too; large ones so that the mean of the middle two rounds.
@given(st.lists(st.integers(min_value=0, max_value=10**18), min_size=1, max_size=30))
def test_median_of_whole_counts_is_the_exact_middle_rounded_once(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    exact = ordered[middle] if len(ordered) % 2 else Fraction(ordered[middle - 1] + ordered[middle], 2)
    assert median(values) == float(exact)


@given(tables, st.booleans())
def test_ranks_and_median_from_one_sort_are_the_defined_ones(values, highest_first):
    ranks, middle = ranks_and_median(values, highest_first=highest_first)
    assert ranks == ranks_by_definition(values, highest_first=highest_first)
    ordered = sorted(v for v in (exact_number(x) for x in values.values()) if v is not None)
    if not ordered:
        assert middle is None
        return
    half = len(ordered) // 2
    assert middle == float(ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2)
