"""How LAs are ranked: competition ranks ("1, 2, 2, 4"), rank-based quartiles and the median.

Pure Python: no Django, no database. See docs/adr/0203. LAs without a figure are unranked.
Ranks and quartiles come from one sort of the LAs' figures: an LA's rank is one more than the
number of LAs with a better figure, which in a sorted list is the position of the first LA
with an equal figure. Figures are compared exactly (an int or a float as itself, any other
number as a fraction), so LAs tie only when their figures are equal.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from operator import itemgetter

from notinschool.benchmark.statistics.figures import FigureLike, K, exact_number


def _present(values: Iterable[tuple[K, FigureLike]]) -> list[tuple[K, object]]:
    """(LA, value to compare) for the (LA, figure) pairs with a number. The type test is written
    out here, not a call per value: a national profile compares some 8,000 figures."""
    present = []
    for la, value in values:
        kind = type(value)
        if kind is not int and (kind is not float or not math.isfinite(value)):
            value = exact_number(value)
            if value is None:
                continue
        present.append((la, value))
    return present


def competition_ranks(values: Mapping[K, FigureLike], *, highest_first: bool = True) -> dict[K, int | None]:
    """Rank LAs "1, 2, 2, 4": ties share the better rank; missing values get None."""
    return ranks_and_median(values, highest_first=highest_first)[0]


def ranks_and_median(
    values: Mapping[K, FigureLike], *, highest_first: bool = True
) -> tuple[dict[K, int | None], float | None]:
    """``competition_ranks`` and the ``median`` of the same values, from one sort."""
    present = _present(values.items())
    present.sort(key=itemgetter(1), reverse=highest_first)
    ranks: dict[K, int | None] = dict.fromkeys(values)
    rank, previous = 0, None
    for position, (la, value) in enumerate(present, start=1):
        if position == 1 or value != previous:
            rank, previous = position, value
        ranks[la] = rank
    return ranks, _middle([value for _, value in present])


@dataclass(frozen=True)
class QuartileBanding:
    """Each LA's quartile (1 = the quarter ranked first) or None, with a note when not given."""

    quartiles: dict
    ranked: int
    note: str | None = None


def quartiles_from_ranks(ranks: Mapping[K, int | None]) -> QuartileBanding:
    """Band LAs already ranked: an LA ranked r of n is in quartile ceil(4r / n).

    Tied LAs share a rank and so a quartile. Fewer than 4 LAs with figures: no quartiles."""
    ranked = sum(1 for rank in ranks.values() if rank is not None)
    if ranked < 4:
        note = f"Quartiles need at least 4 LAs with a figure; {ranked} {'has' if ranked == 1 else 'have'} one."
        return QuartileBanding(dict.fromkeys(ranks), ranked, note)
    quartiles = {la: None if r is None else -(-4 * r // ranked) for la, r in ranks.items()}
    return QuartileBanding(quartiles, ranked)


def quartile_bands(values: Mapping[K, FigureLike], *, highest_first: bool = True) -> QuartileBanding:
    """Band LAs into quartiles by rank: an LA ranked r of n is in quartile ceil(4r / n).

    Tied LAs share a rank and so a quartile. Fewer than 4 LAs with figures: no quartiles."""
    return quartiles_from_ranks(competition_ranks(values, highest_first=highest_first))


def median(values: Iterable[FigureLike]) -> float | None:
    """Median of the figures that are numbers; None when there are none."""
    ordered = [value for _, value in _present(enumerate(values))]
    ordered.sort()
    return _middle(ordered)


def _middle(ordered: list) -> float | None:
    """The median of exact values sorted either way (the middle two are the same pair)."""
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    below, above = ordered[middle - 1], ordered[middle]
    if type(below) is int and type(above) is int:
        return (below + above) / 2  # ints divide with correct rounding: the exact mean, rounded once
    # The mean of the middle two, worked out exactly and then rounded once.
    return float((Fraction(below) + Fraction(above)) / 2)
