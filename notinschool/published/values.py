"""Reading one EES cell or period: numbers, DfE's symbols, and the service's period codes.

A symbol is kept as what it is (`x`, `z`, `low`, `c`, `<0.5`, `u`) and never read as 0. No
database, no Django beyond the choices.
"""

from decimal import Decimal, InvalidOperation

from notinschool.core.text import digits_only
from notinschool.published.models import Symbol

SYMBOLS = {symbol.value: symbol.value for symbol in Symbol}
TERMS = {"autumn term": "autumn", "spring term": "spring", "summer term": "summer"}
ACADEMIC_YEAR = "academic year"
BLANK = ""
DECIMAL_PLACES = Decimal("0.0001")


class BadValue(ValueError):
    """A cell that is neither a number nor one of DfE's symbols."""


# What to do about a cell that is not DfE's: every message about a value ends with it.
AS_PUBLISHED = (
    "Import the file as DfE published it, where each cell holds a number or one of DfE's symbols "
    f"({', '.join(sorted(SYMBOLS))})."
)


def period_code(time_period: str, time_identifier: str) -> str:
    """`202223` + `Autumn term` → `2022-23-autumn`; `Academic year` → `2022-23`."""
    text = time_period.strip()
    if len(text) != 6 or not digits_only(text):
        raise BadValue(f"time_period {time_period!r} is not an academic year written like 202223")
    start, end = int(text[:4]), int(text[4:])
    if (start + 1) % 100 != end:
        raise BadValue(f"time_period {time_period!r} is not an academic year: {end:02d} does not follow {start}")
    year = f"{start}-{end:02d}"
    identifier = " ".join(time_identifier.split()).lower()
    if identifier == ACADEMIC_YEAR:
        return year
    if identifier in TERMS:
        return f"{year}-{TERMS[identifier]}"
    raise BadValue(
        f"time_identifier {time_identifier!r} is not one the service imports "
        "(Autumn term, Spring term, Summer term or Academic year)"
    )


def read_count(text: str) -> tuple[int | None, str]:
    """A count cell as (value, symbol): exactly one is set. A blank cell is read as `x`
    (not available), and counted as blank in the import report."""
    if digits_only(text):  # the quick way for a plain count
        return int(text), BLANK
    cleaned = text.strip().lower()
    if cleaned in SYMBOLS:
        return None, SYMBOLS[cleaned]
    if cleaned == BLANK:
        return None, Symbol.NOT_AVAILABLE.value
    try:
        if not cleaned.isascii():  # Decimal reads other scripts' digits; DfE writes 0 to 9
            raise InvalidOperation
        number = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        raise BadValue(f"{text!r} is neither a number nor one of DfE's symbols. {AS_PUBLISHED}") from None
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        raise BadValue(f"{text!r} is not a count of children (a whole number). {AS_PUBLISHED}")
    return int(number), BLANK


def read_decimal(text: str) -> tuple[Decimal | None, str]:
    """A percentage or rate cell as (value, symbol); both empty when the cell is blank."""
    cleaned = text.strip().lower()
    if cleaned == BLANK:
        return None, BLANK
    if cleaned in SYMBOLS:
        return None, SYMBOLS[cleaned]
    try:
        if not cleaned.isascii():  # as for counts: DfE writes 0 to 9
            raise InvalidOperation
        number = Decimal(cleaned.replace(",", "").rstrip("%"))
    except InvalidOperation:
        raise BadValue(f"{text!r} is neither a number nor one of DfE's symbols. {AS_PUBLISHED}") from None
    if not number.is_finite():
        raise BadValue(f"{text!r} is not a number. {AS_PUBLISHED}")
    return number.quantize(DECIMAL_PLACES), BLANK
