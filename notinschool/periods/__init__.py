"""Collection periods, written `YYYY-YY-term` (for example `2025-26-autumn`), and the one way
of naming them for people ("Autumn term 2025 to 2026", GOV.UK style for a span of years).

Every app uses periods and return specifications (`notinschool.periods.specs`), so they live here
rather than in any one of those apps. Nothing here touches the database or the web layer.
"""

import re
from dataclasses import dataclass

from notinschool.core.errors import ServiceError

TERMS = ("autumn", "spring", "summer")
_ACADEMIC_YEAR_ONLY = re.compile(r"^\d{4}-\d{2}$")
_PERIOD = re.compile(r"^(?P<start>\d{4})-(?P<end>\d{2})-(?P<term>autumn|spring|summer)$")


class UnknownPeriod(ServiceError, ValueError):
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


def period_label(period: "str | Period") -> str:
    """The period as people name it: `2025-26-autumn` as 'Autumn term 2025 to 2026'; an
    academic year (`2025-26`, as DfE's academic-year figures are kept) as 'Academic year 2025 to 2026'."""
    text = str(period)
    if _ACADEMIC_YEAR_ONLY.match(text):
        start = int(text[:4])
        return f"Academic year {start} to {start + 1}"
    parsed = parse_period(text)
    return f"{parsed.term.capitalize()} term {parsed.start_year} to {parsed.start_year + 1}"


def short_period_label(period: "str | Period") -> str:
    """The period where space is short (chart axes): `2025-26-autumn` as 'Autumn 2025/26'."""
    text = str(period)
    if _ACADEMIC_YEAR_ONLY.match(text):
        return text.replace("-", "/")
    parsed = parse_period(text)
    return f"{parsed.term.capitalize()} {parsed.academic_year.replace('-', '/')}"


def previous_period(period: str) -> str:
    """The period before `period`, as text."""
    return str(parse_period(period).previous())


_TERM_WORD = re.compile(r"\b(autumn|spring|summer)\b")
_ACADEMIC_YEAR = re.compile(r"\b(20\d{2})\s*(?:-|/|–|to)\s*(20\d{2}|\d{2})\b")
_YEAR = re.compile(r"\b20\d{2}\b")


def read_period_loosely(text: str) -> Period | None:
    """A period written the way people say it, such as 'Autumn 2025', 'Spring term 2026' or
    '2025/26 autumn', or None unless it names exactly one term and one year or academic year.
    Used only to pick which rules to check a file with; the file is still told to write the
    period properly."""
    words = str(text).strip().lower()
    terms = set(_TERM_WORD.findall(words))
    if len(terms) != 1:
        return None
    term_index = TERMS.index(terms.pop())
    academic = _ACADEMIC_YEAR.findall(words)
    if academic:
        if len({start for start, _ in academic}) != 1:
            return None
        start, end = int(academic[0][0]), int(academic[0][1])
        if end % 100 != (start + 1) % 100 or (end >= 100 and end != start + 1):
            return None
        return Period(start, term_index)
    years = set(_YEAR.findall(words))
    if len(years) != 1:
        return None
    year = int(years.pop())
    # The autumn term opens the academic year; spring and summer fall in its second calendar year.
    return Period(year if term_index == 0 else year - 1, term_index)
