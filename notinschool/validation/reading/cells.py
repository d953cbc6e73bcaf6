"""Turn one cell's content into a count, MISSING, or a named problem."""

import math
import re

from notinschool.validation.values import (
    FORMULA,
    FRACTION,
    MAX_COUNT,
    MISSING,
    NEGATIVE,
    TEXT,
    TOO_LARGE,
    Entry,
    Location,
    new_entry,
)

_WHOLE = re.compile(r"^\+?[0-9]+$")
_THOUSANDS = re.compile(r"^\+?[0-9]{1,3}(,[0-9]{3})+$")
_DECIMAL = re.compile(r"^[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)$")
_EXPONENT = re.compile(r"^\+?([0-9]+\.?[0-9]*)[eE]\+?[0-9]{1,4}$")  # how spreadsheets write a huge number


def count_entry(raw: object, location: Location, *, formula: bool = False) -> Entry:
    """An Entry for a count cell. Blank is MISSING; 0 is 0. Nothing is guessed: text, fractions,
    negatives and formulas become problems for the rules to report."""
    if type(raw) is float and not formula and raw.is_integer() and 0 <= raw <= MAX_COUNT:
        # The usual cell: a whole, non-negative number (readers give numbers as floats).
        value = int(raw)
        return new_entry(value, location, str(value))
    shown = _shown(raw)
    if formula:
        return Entry(MISSING, location, shown, FORMULA)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Entry(MISSING, location, "")
    if isinstance(raw, (bool, list)):
        return Entry(MISSING, location, shown, TEXT)
    if isinstance(raw, (int, float)):
        return _number(float(raw), location, shown)
    text = str(raw).strip()
    if _WHOLE.match(text) or _THOUSANDS.match(text):
        digits = text.replace(",", "").lstrip("+").lstrip("0") or "0"
        if len(digits) > len(str(MAX_COUNT)) or int(digits) > MAX_COUNT:  # never int() a huge string
            return Entry(MISSING, location, text[:40], TOO_LARGE)
        return Entry(int(digits), location, text)
    if _DECIMAL.match(text):
        return _number(float(text), location, text)
    if _EXPONENT.match(text) and float(text) > MAX_COUNT:
        return Entry(MISSING, location, text, TOO_LARGE)
    return Entry(MISSING, location, text, TEXT)


def _number(number: float, location: Location, shown: str) -> Entry:
    if not math.isfinite(number):
        return Entry(MISSING, location, shown, TEXT)
    if not number.is_integer():
        return Entry(MISSING, location, shown, FRACTION)
    if number < 0:
        return Entry(MISSING, location, shown, NEGATIVE)
    if number > MAX_COUNT:
        return Entry(MISSING, location, shown[:40], TOO_LARGE)
    return new_entry(int(number), location, shown)


def _shown(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, list):
        return str(raw[0]) if raw else ""
    return "" if raw is None else str(raw)
