"""Generating the LA's termly return from its register and handing it to the returns system."""

import contextlib
import datetime
import gc
from dataclasses import dataclass

from django.db import transaction

from notinschool.core.actor import Actor
from notinschool.periods import UnknownPeriod
from notinschool.periods.specs import load_spec
from notinschool.places.models import LocalAuthority
from notinschool.register import bankholidays, selectors
from notinschool.register.audit import audit_change
from notinschool.register.generation import GeneratedReturn, compute_return
from notinschool.register.services.episodes import RegisterError
from notinschool.register.tenancy import scoped
from notinschool.returns.services import SubmissionOutcome, VersionSource, version_create_from_figures


@dataclass(frozen=True)
class ReturnDates:
    """The census date and the first day of the term the flows are counted over."""

    census_date: datetime.date
    term_start: datetime.date


def return_dates(
    la: LocalAuthority,
    period: str,
    *,
    census_date: datetime.date | None = None,
    previous_census_date: datetime.date | None = None,
) -> ReturnDates:
    """The dates to count with: those given, else the collections' census dates. Raises
    RegisterError, saying what to do, when a date is not known."""
    try:
        known_census, known_previous = selectors.census_dates(la, period)
    except UnknownPeriod as exc:
        raise RegisterError(str(exc)) from exc
    census = census_date or known_census
    previous = previous_census_date or known_previous
    if census is None:
        raise RegisterError(
            f"No collection for {period} gives a census date. Give the census date, or ask your "
            "network's coordinator to open the collection."
        )
    if previous is None:
        raise RegisterError(
            f"No collection gives the census date of the term before {period}, so the term's start "
            "is not known. Give the previous census date."
        )
    if previous >= census:
        raise RegisterError("The previous census date must be before the census date.")
    return ReturnDates(census_date=census, term_start=previous + datetime.timedelta(days=1))


@contextlib.contextmanager
def _no_cycle_collection():
    """The return's facts are hundreds of thousands of small objects with no cycles among them:
    the cycle collector scanned them again and again while they were made (40% of the time at
    20,000 children, and growing faster than the register). Reference counting still frees them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def return_generate(la: LocalAuthority, period: str, dates: ReturnDates) -> GeneratedReturn:
    """Count every figure of the period's return from the LA's register."""
    with _no_cycle_collection():
        return _generate(la, period, dates)


def _generate(la: LocalAuthority, period: str, dates: ReturnDates) -> GeneratedReturn:
    try:
        spec = load_spec(period)
    except UnknownPeriod as exc:
        raise RegisterError(str(exc)) from exc
    with scoped(la):
        children, episodes, events = selectors.register_facts(la, up_to=dates.census_date, since=dates.term_start)
    holidays = bankholidays.shipped()
    if not holidays.covers(dates.census_date) or not holidays.covers(dates.term_start):
        raise RegisterError(
            f"The bank holidays shipped with the service cover {holidays.first_year} to {holidays.last_year}, "
            "so working days in this term cannot be counted: update the list (notinschool update-bank-holidays)."
        )
    return compute_return(
        spec,
        census_date=dates.census_date,
        term_start=dates.term_start,
        children=children,
        episodes=episodes,
        sao_events=events,
        bank_holidays=holidays.dates,
    )


@transaction.atomic
def return_store(*, la: LocalAuthority, generated: GeneratedReturn, actor: Actor) -> SubmissionOutcome:
    """Send the generated figures to the returns system as a new draft version (source:
    register), as any LA's figures arrive. Raises SubmissionRefused when the collection is not
    open or the return is locked."""
    outcome = version_create_from_figures(
        la=la, period=generated.period, figures=generated.figures, actor=actor, source=VersionSource.REGISTER
    )
    audit_change(
        actor=actor,
        la=la,
        what="return.generated",
        details={
            "period": generated.period,
            "census_date": generated.census_date.isoformat(),
            "version": outcome.version.number,
        },
    )
    return outcome
