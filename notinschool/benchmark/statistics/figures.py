"""Figures as DfE publishes them: a number or a symbol (``x``, ``z``, ``low``, ``c``, ``<0.5``).

Pure Python: no Django, no database. See docs/adr/0201.

Arithmetic on counts and populations is exact: inputs are turned into ``fractions.Fraction``
(``exact_number``), which represents ints, floats and Decimals without loss; every derived value
is returned as a correctly rounded ``float``. A symbol is missing, never 0, and the ``Figure``
keeps it so a presenter can show why a value is absent.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
Number = int | float | Decimal | Fraction


class Symbol(StrEnum):
    """DfE's symbols for figures that are not shown as a number."""

    NOT_AVAILABLE = "x"
    NOT_APPLICABLE = "z"
    LOW = "low"
    CONFIDENTIAL = "c"
    LESS_THAN_HALF = "<0.5"

    @property
    def description(self) -> str:
        """Plain-English meaning, for hint text and notes under tables."""
        return {
            "x": "not available",
            "z": "not applicable",
            "low": "low (rounds to 0 but is not 0)",
            "c": "suppressed to protect confidentiality",
            "<0.5": "less than 0.5",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Figure:
    """A published figure: exactly one of a number or a symbol."""

    value: Number | None = None
    symbol: Symbol | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.symbol is None):
            raise ValueError("A figure is either a number or a symbol, not both or neither.")
        if self.value is not None:
            if isinstance(self.value, bool) or not isinstance(self.value, Number):
                raise TypeError(f"Not a number: {self.value!r}")
            if not math.isfinite(self.value):
                raise ValueError(f"Not a finite number: {self.value!r}")

    @classmethod
    def parse(cls, text: str) -> Figure:
        """Read a figure as written in a published file: ``"12"``, ``"3.5"``, ``"x"``, ``"low"``."""
        cleaned = text.strip().replace(",", "")
        for symbol in Symbol:
            if cleaned.lower() == symbol.value:
                return cls(symbol=symbol)
        if cleaned == "":
            return cls(symbol=Symbol.NOT_AVAILABLE)
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"Not a figure: {text!r}") from None
        if not number.is_finite():
            raise ValueError(f"Not a figure: {text!r}")
        return cls(value=int(number) if number == number.to_integral_value() else number)

    @property
    def is_missing(self) -> bool:
        """True when the figure is a symbol rather than a number."""
        return self.value is None

    def __str__(self) -> str:
        return str(self.symbol) if self.symbol is not None else str(self.value)


FigureLike = Figure | Number | str | None


def as_figure(value: FigureLike) -> Figure:
    """Turn a number, a published string, ``None`` (shown as ``x``) or a Figure into a Figure."""
    if isinstance(value, Figure):
        return value
    if value is None:
        return Figure(symbol=Symbol.NOT_AVAILABLE)
    if isinstance(value, str):
        return Figure.parse(value)
    return Figure(value=value)


def number_or_none(value: FigureLike) -> Number | None:
    """The number in a figure, or None when it is missing or a symbol (never 0)."""
    return as_figure(value).value


def exact_number(value: FigureLike) -> Fraction | None:
    """The figure's number as an exact fraction, or None when it is missing or a symbol."""
    if type(value) is int:  # a count as returns hold it: always a figure (not a bool, finite)
        return Fraction(value)
    number = number_or_none(value)
    return None if number is None else Fraction(number)


def whole_or_float(fraction: Fraction, *, all_ints: bool) -> int | float:
    """An exact result as an int when every input was an int and it is whole, else a float."""
    if all_ints and fraction.denominator == 1:
        return int(fraction)
    return float(fraction)


def whole_count(count: Fraction) -> int:
    """A count as an int; a fractional or negative count is an error."""
    if count.denominator != 1 or count < 0:
        raise ValueError(f"An interval needs a whole, non-negative count, not {count}.")
    return int(count)
