"""Does an LA's own approved figure agree with DfE's published, rounded one?

Pure functions: no database. DfE rounds LA and regional counts to the nearest 10 and England to
the nearest 100, and shows `low` for a count that rounds to 0 but is not 0, so

- a published number P (rounded to base b) is consistent with an own figure n when
  |n − P| ≤ b/2 (for LAs, 5); a published 0 means none at all, so only 0 agrees with it;
- `low` is consistent with 1 up to the largest count that rounds to 0 (4 for base 10);
- any other symbol (`x`, `z`, `c`, `u`, `<0.5`) means the figures cannot be compared.

A difference is explained as one of: DfE has not published the figure yet; DfE revised it (an
earlier release agreed with the own figure, the current one does not); or the figures differ.
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
    REVISED = "revised"

    @property
    def label(self) -> str:
        return {
            "consistent": "Consistent",
            "different": "Differs by more than rounding",
            "not_comparable": "Cannot be compared",
            "no_own_figure": "No approved figure",
            "not_published": "Not yet published",
            "revised": "DfE revised its figure",
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
        """A difference the LA should look at: DfE's figure differs, or DfE revised it."""
        return self.agreement in (Agreement.DIFFERENT, Agreement.REVISED)


def largest_low(rounding_base: int) -> int:
    """The largest count DfE shows as `low`: the largest that rounds (halves up) to 0."""
    return (rounding_base - 1) // 2


def rounded_as_published(own: int | None, rounding_base: int = 10) -> tuple[int | None, str]:
    """The own figure as DfE would publish it: 0 stays 0, 1 up to `largest_low` is `low`, and
    anything else is rounded to the nearest `rounding_base`, halves up."""
    if own is None:
        return None, ""
    if 1 <= own <= largest_low(rounding_base):
        return None, "low"
    return (own + rounding_base // 2) // rounding_base * rounding_base, ""


def compare(
    own: int | None,
    published_value: int | None,
    published_symbol: str = "",
    *,
    rounding_base: int = 10,
    earlier: tuple[tuple[int | None, str], ...] = (),
) -> Comparison:
    """Compare an own figure with a published one (a number, or a symbol), given DfE's rounding.

    `earlier` holds DfE's superseded figures for the same thing (value, symbol), oldest first: a
    difference from the current figure where an earlier one agreed is explained as a revision."""
    found = _compare(own, published_value, published_symbol, rounding_base)
    if found.agreement != Agreement.DIFFERENT:
        return found
    for value, symbol in reversed(earlier):
        before = _compare(own, value, symbol, rounding_base)
        if before.agreement == Agreement.CONSISTENT:
            was = f"{value:,}" if value is not None else symbol
            return Comparison(
                own, published_value, published_symbol, rounding_base, Agreement.REVISED, found.difference,
                f"DfE revised this figure: its earlier release showed {was}, which agreed. {found.explanation}",
            )  # fmt: skip
    return found


def _compare(own: int | None, published_value: int | None, published_symbol: str, rounding_base: int) -> Comparison:

    def result(agreement: Agreement, explanation: str, difference: int | None = None) -> Comparison:
        return Comparison(own, published_value, published_symbol, rounding_base, agreement, difference, explanation)

    if published_value is None and not published_symbol:
        return result(
            Agreement.NOT_PUBLISHED, "DfE has not published this figure yet, or its release has not been imported."
        )
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
