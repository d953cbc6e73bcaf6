"""Display values in the service's house style: "6 October 2025", "1,234", "12.3"."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from notinschool.core.text import counted, hours, in_sentence, number_as_written

__all__ = [
    "counted", "hours", "in_sentence", "long_date", "number_as_written", "one_decimal", "time_of_day", "whole_number",
]  # fmt: skip


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


# The steps numbers are rounded to, made once: a national table formats a thousand numbers a page.
_STEPS = {places: Decimal(1).scaleb(-places) for places in range(7)}


def decimals(value: float | Decimal | None, places: int) -> str:
    """A number to `places` decimal places, halves rounded up as people expect (not to even)."""
    if value is None:
        return ""
    step = _STEPS.get(places) or Decimal(1).scaleb(-places)
    # As written (str), so 0.25 rounds to 0.3 as a person reading "0.25" expects.
    return f"{Decimal(str(value)).quantize(step, ROUND_HALF_UP):,}"


def time_of_day(value: datetime.datetime | None) -> str:
    """The local time of day, as the service's users read it: 16:05."""
    if value is None:
        return ""
    from django.utils import timezone

    return f"{timezone.localtime(value):%H:%M}"
