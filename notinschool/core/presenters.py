"""Display values in the service's house style: "6 October 2025", "1,234", "12.3"."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from notinschool.core.text import in_sentence

__all__ = ["counted", "in_sentence", "long_date", "one_decimal", "time_of_day", "whole_number"]


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
    return decimals(value, 1)


def decimals(value: float | Decimal | None, places: int) -> str:
    """A number to `places` decimal places, halves rounded up as people expect (not to even)."""
    if value is None:
        return ""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:,}"


def time_of_day(value: datetime.datetime | None) -> str:
    """The local time of day, as the service's users read it: 16:05."""
    if value is None:
        return ""
    from django.utils import timezone

    return f"{timezone.localtime(value):%H:%M}"


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """'1 child', '2 children', '1,234 rows': a count with its noun in the right number."""
    return f"{number:,} {singular if number == 1 else (plural or singular + 's')}"
