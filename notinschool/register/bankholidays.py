"""England and Wales bank holidays, from the copy of GOV.UK's list shipped with the service
(`data/bank-holidays.json`, its source and how it is kept current in `data/README.md`)."""

import datetime
import functools
import json
from dataclasses import dataclass
from pathlib import Path

from notinschool.core.errors import ServiceError

SHIPPED = Path(__file__).resolve().parent / "data" / "bank-holidays.json"
DIVISION = "england-and-wales"


class BadBankHolidays(ServiceError):
    """A bank holidays file that is not GOV.UK's feed, or has no England and Wales dates."""


@dataclass(frozen=True)
class BankHolidays:
    """The dates, and the years the list covers (it says nothing outside them)."""

    dates: frozenset[datetime.date]
    first_year: int
    last_year: int

    def covers(self, day: datetime.date) -> bool:
        return self.first_year <= day.year <= self.last_year


def parse(data: bytes | str) -> tuple[BankHolidays, list[dict]]:
    """Read GOV.UK's feed: the England and Wales events and what they give. Raises
    BadBankHolidays, saying what is wrong, for anything else."""
    try:
        feed = json.loads(data)
        events = feed[DIVISION]["events"]
    except (ValueError, TypeError, KeyError) as exc:
        raise BadBankHolidays(
            "This is not GOV.UK's bank holidays file: it needs an 'england-and-wales' division with its events."
        ) from exc
    kept, dates = [], set()
    for number, event in enumerate(events, start=1):
        try:
            day = datetime.date.fromisoformat(event["date"])
            title = str(event["title"])
        except (ValueError, TypeError, KeyError) as exc:
            raise BadBankHolidays(f"Event {number} has no date written as YYYY-MM-DD, or no title.") from exc
        if day.weekday() >= 5:
            raise BadBankHolidays(f"Event {number} ({title}, {day}) falls on a weekend: bank holidays never do.")
        dates.add(day)
        kept.append({"title": title, "date": day.isoformat(), "notes": event.get("notes", ""),
                     "bunting": bool(event.get("bunting", False))})  # fmt: skip
    if not dates:
        raise BadBankHolidays("The file lists no bank holidays for England and Wales.")
    years = [d.year for d in dates]
    return BankHolidays(frozenset(dates), min(years), max(years)), sorted(kept, key=lambda e: e["date"])


@functools.cache
def shipped() -> BankHolidays:
    """The list shipped with the service."""
    return parse(SHIPPED.read_bytes())[0]


def replace_shipped(data: bytes) -> BankHolidays:
    """Check a newly downloaded feed and make it the shipped list."""
    holidays, events = parse(data)
    SHIPPED.write_text(json.dumps({DIVISION: {"division": DIVISION, "events": events}}, indent=2, ensure_ascii=False))
    shipped.cache_clear()
    return holidays
