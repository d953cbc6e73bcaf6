"""Display values in the service's house style: "6 October 2025", "1,234", "12.3"."""

import datetime
from decimal import ROUND_HALF_UP, Decimal


def long_date(value: datetime.date | datetime.datetime | None) -> str:
    """A date as people write it: 6 October 2025 (no leading zero)."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def whole_number(value: int | None) -> str:
    """A count with thousands separators; an empty string for a missing value, never 0."""
    if value is None:
        return ""
    return f"{value:,}"


def one_decimal(value: float | Decimal | None) -> str:
    """A rate to one decimal place, halves rounded up as people expect (not to even)."""
    if value is None:
        return ""
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded:,}"
