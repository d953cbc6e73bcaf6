"""Collection periods, written `YYYY-YY-term` (for example `2025-26-autumn`)."""

import re
from dataclasses import dataclass

TERMS = ("autumn", "spring", "summer")
_PERIOD = re.compile(r"^(?P<start>\d{4})-(?P<end>\d{2})-(?P<term>autumn|spring|summer)$")


class UnknownPeriod(ValueError):
    """A period that is badly written or has no return specification."""


@dataclass(frozen=True, order=True)
class Period:
    """One term of one academic year; orders by time."""

    start_year: int
    term_index: int

    @property
    def term(self) -> str:
        return TERMS[self.term_index]

    @property
    def academic_year(self) -> str:
        """The academic year as `2025-26`."""
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    def __str__(self) -> str:
        return f"{self.academic_year}-{self.term}"

    def previous(self) -> "Period":
        """The term before this one."""
        if self.term_index == 0:
            return Period(self.start_year - 1, 2)
        return Period(self.start_year, self.term_index - 1)

    def next(self) -> "Period":
        """The term after this one."""
        if self.term_index == 2:
            return Period(self.start_year + 1, 0)
        return Period(self.start_year, self.term_index + 1)


def parse_period(text: str) -> Period:
    """Read `2025-26-autumn`; raise UnknownPeriod if it is not written that way."""
    match = _PERIOD.match(str(text).strip().lower())
    if not match:
        raise UnknownPeriod(
            f"'{text}' is not a collection period. Write it as academic year and term, for example 2025-26-autumn."
        )
    start = int(match["start"])
    if (start + 1) % 100 != int(match["end"]):
        raise UnknownPeriod(
            f"'{text}' is not a collection period: {match['end']} does not follow {start}. "
            "Write it as, for example, 2025-26-autumn."
        )
    return Period(start, TERMS.index(match["term"]))


def previous_period(period: str) -> str:
    """The period before `period`, as text."""
    return str(parse_period(period).previous())
