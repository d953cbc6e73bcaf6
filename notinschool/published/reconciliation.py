"""Does an LA's own approved figure agree with DfE's published, rounded one?

Pure functions: no database. DfE rounds LA and regional counts to the nearest 10 and England to
the nearest 100, and shows `low` for a count that rounds to 0 but is not 0, so

- a published number P (rounded to base b) is consistent with an own figure n when
  |n − P| ≤ b/2 (for LAs, 5); a published 0 means none at all, so only 0 agrees with it;
- `low` is consistent with 1 up to the largest count that rounds to 0 (4 for base 10);
- any other symbol (`x`, `z`, `c`, `u`, `<0.5`) means the figures cannot be compared.
"""

from dataclasses import dataclass
from enum import StrEnum


class Agreement(StrEnum):
    """The outcome of comparing one own figure with one published figure."""

    CONSISTENT = "consistent"
    DIFFERENT = "different"
    NOT_COMPARABLE = "not_comparable"
    NO_OWN_FIGURE = "no_own_figure"
    NOT_PUBLISHED = "not_published"

    @property
    def label(self) -> str:
        return {
            "consistent": "Consistent",
            "different": "Differs by more than rounding",
            "not_comparable": "Cannot be compared",
            "no_own_figure": "No approved figure",
            "not_published": "Not published",
        }[self.value]


@dataclass(frozen=True)
class Comparison:
    """One own figure beside one published figure, and why they do or do not agree."""

    own: int | None
    published_value: int | None
    published_symbol: str
    rounding_base: int
    agreement: Agreement
    difference: int | None  # own − published, when both are numbers
    explanation: str

    @property
    def is_flagged(self) -> bool:
        return self.agreement == Agreement.DIFFERENT


def largest_low(rounding_base: int) -> int:
    """The largest count DfE shows as `low`: the largest that rounds (halves up) to 0."""
    return (rounding_base - 1) // 2


def compare(
    own: int | None, published_value: int | None, published_symbol: str = "", *, rounding_base: int = 10
) -> Comparison:
    """Compare an own figure with a published one (a number, or a symbol), given DfE's rounding."""

    def result(agreement: Agreement, explanation: str, difference: int | None = None) -> Comparison:
        return Comparison(own, published_value, published_symbol, rounding_base, agreement, difference, explanation)

    if published_value is None and not published_symbol:
        return result(Agreement.NOT_PUBLISHED, "DfE has not published this figure.")
    if own is None:
        return result(Agreement.NO_OWN_FIGURE, "There is no approved figure to compare.")
    if published_value is None:
        if published_symbol == "low":
            top = largest_low(rounding_base)
            if 1 <= own <= top:
                return result(Agreement.CONSISTENT, f"Published as low, which means 1 to {top}.")
            return result(
                Agreement.DIFFERENT, f"Published as low, which means 1 to {top}, but the own figure is {own}."
            )
        return result(Agreement.NOT_COMPARABLE, f"Published as {published_symbol}, so the figures cannot be compared.")
    difference = own - published_value
    if published_value == 0:
        if own == 0:
            return result(Agreement.CONSISTENT, "Both are 0.", difference)
        return result(
            Agreement.DIFFERENT, "Published as 0, which means none (a small count is published as low).", difference
        )
    tolerance = rounding_base / 2
    if abs(difference) <= tolerance:
        return result(Agreement.CONSISTENT, f"Within rounding to the nearest {rounding_base}.", difference)
    return result(
        Agreement.DIFFERENT,
        f"Differs by {abs(difference)}, more than rounding to the nearest {rounding_base} explains.",
        difference,
    )
