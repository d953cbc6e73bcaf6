"""Generating the LA's termly return from its register and handing it to the returns system."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from notinschool.places.models import LocalAuthority
from notinschool.register import selectors
from notinschool.register.audit import audit_change
from notinschool.register.generation import GeneratedReturn, compute_return
from notinschool.register.services.episodes import RegisterError
from notinschool.returns.models import ReturnVersion
from notinschool.returns.services import SubmissionOutcome, version_create_from_figures
from notinschool.validation.periods import UnknownPeriod
from notinschool.validation.specs import load_spec


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


def return_generate(la: LocalAuthority, period: str, dates: ReturnDates) -> GeneratedReturn:
    """Count every figure of the period's return from the LA's register."""
    try:
        spec = load_spec(period)
    except UnknownPeriod as exc:
        raise RegisterError(str(exc)) from exc
    children, episodes, events = selectors.register_facts(la, up_to=dates.census_date, since=dates.term_start)
    return compute_return(
        spec,
        census_date=dates.census_date,
        term_start=dates.term_start,
        children=children,
        episodes=episodes,
        sao_events=events,
    )


@transaction.atomic
def return_store(*, la: LocalAuthority, generated: GeneratedReturn, by, request=None) -> SubmissionOutcome:
    """Send the generated figures to the returns system as a new draft version (source:
    register), as any LA's figures arrive. Raises SubmissionRefused when the collection is not
    open or the return is locked."""
    outcome = version_create_from_figures(
        la=la, period=generated.period, figures=generated.figures, by=by, source=ReturnVersion.Source.REGISTER
    )
    audit_change(
        request=request,
        by=by,
        la=la,
        what="return.generated",
        details={
            "period": generated.period,
            "census_date": generated.census_date.isoformat(),
            "version": outcome.version.number,
        },
    )
    return outcome
