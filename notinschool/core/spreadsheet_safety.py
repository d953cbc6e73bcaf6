"""Neutralise spreadsheet formula injection in CSV and XLSX downloads (ADR 0206).

A text cell that a spreadsheet could read as a formula or a command gets a leading single quote,
which spreadsheets show as text. Numbers stay numbers. Pure Python; no Django.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

# Characters that start a formula or split a cell, and their full-width and small-form twins,
# which some spreadsheets normalise to the ASCII character before parsing.
DANGEROUS_FIRST_CHARACTERS = frozenset(
    "=+-@\t\r\n"
    "\uff1d\uff0b\uff0d\uff20"  # full-width = + - @
    "\ufe66\ufe62\ufe63\ufe6b"  # small-form = + - @
    "\u2212"  # minus sign
)
# Leading spaces a spreadsheet may skip before it looks for a formula.
_SKIPPED_SPACES = " \u00a0\u3000"

_LEFT_AS_THEY_ARE = (
    int,
    float,
    Decimal,
    Fraction,
    datetime.date,
    datetime.time,
    datetime.timedelta,
)


def is_dangerous(text: str) -> bool:
    """True when ``text``'s first character, after any leading spaces, could start a formula."""
    stripped = text.lstrip(_SKIPPED_SPACES)
    return bool(stripped) and stripped[0] in DANGEROUS_FIRST_CHARACTERS


def neutralise_cell(value: object) -> object:
    """Make one cell safe to write to a CSV or XLSX file.

    - ``None``, numbers (including bools, negative numbers and Decimals), dates and times are
      returned unchanged, so they stay numeric in the spreadsheet.
    - Text that could start a formula gets a leading ``'``; other text is unchanged.
    - Anything else is turned into text first, then checked the same way.

    Neutralising is idempotent: neutralising a neutralised cell changes nothing."""
    if value is None or isinstance(value, _LEFT_AS_THEY_ARE):
        return value
    text = value if isinstance(value, str) else str(value)
    return f"'{text}" if is_dangerous(text) else text


def neutralise_row(values: Iterable[object]) -> list[object]:
    """``neutralise_cell`` applied to each cell of a row, as a new list."""
    return [neutralise_cell(value) for value in values]
