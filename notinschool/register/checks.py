"""The register's checks on single values: identifiers, dates, and the order of the SAO steps.
Pure functions returning a message for the person (or None when the value is right), used by
the forms, the import's row checks, the transfer import and the services alike."""

import datetime
from collections.abc import Iterable

from stdnum.gb import nhs, upn
from stdnum.util import isdigits

from notinschool.core.presenters import long_date

# The register's children are of compulsory school age as the return counts it: reception
# (4 on 31 August before the year starts) to year 11 (15 on that day).
YOUNGEST_AGE, OLDEST_AGE = 4, 15


def clean_upn(value: str) -> str:
    """A UPN as stored: spaces removed, capitals."""
    return upn.compact(value or "")


def upn_problem(value: str) -> str | None:
    """What is wrong with a UPN, or None. DfE's format: a check letter, 3-digit LA number,
    4-digit establishment number, 2-digit year and 3-digit serial (a temporary UPN ends in a
    letter); the check letter is the weighted sum of characters 2–13 (weights 2 to 13) modulo
    23, as a letter of A–Z without I, O and S. The LA number is not checked against a list:
    UPNs issued under former LA numbers stay valid."""
    number = clean_upn(value)
    if not number:
        return None
    shape = "a letter, 11 digits and a final digit or letter"
    if len(number) != 13 or not isdigits(number[1:12]) or not number[0].isalpha():
        return f"Enter the UPN as 13 characters: {shape}, for example B801200005001"
    if number[12] not in upn._alphabet:
        return "The last character of a UPN is a digit or a letter other than I, O or S"
    if upn.calc_check_digit(number[1:]) != number[0]:
        return "This UPN's check letter does not match its digits: check it against the school's records"
    return None


def clean_nhs_number(value: str) -> str:
    """An NHS number as stored: 10 digits, spaces and hyphens removed."""
    return nhs.compact(value or "")


def nhs_number_problem(value: str) -> str | None:
    """What is wrong with an NHS number, or None: 10 digits whose last is the modulus 11 check
    digit of the first nine (weights 10 to 2; 11 minus the remainder, 11 becoming 0; a check
    digit of 10 means the number is not valid)."""
    number = clean_nhs_number(value)
    if not number:
        return None
    if not isdigits(number) or len(number) != 10:
        return "Enter the NHS number as 10 digits, for example 943 476 5870"
    if nhs.checksum(number) != 0:
        return "This NHS number's check digit does not match its other digits: check it"
    return None


def academic_year_start(day: datetime.date) -> int:
    """The year in which the academic year containing `day` began (it begins on 1 September)."""
    return day.year if day.month >= 9 else day.year - 1


def born_between(first_year: int, last_year: int) -> tuple[datetime.date, datetime.date]:
    """The dates of birth of children in reception to year 11 in some academic year from the one
    starting in `first_year` to the one starting in `last_year`."""
    return datetime.date(first_year - OLDEST_AGE - 1, 9, 1), datetime.date(last_year - YOUNGEST_AGE, 8, 31)


def date_of_birth_problem(born: datetime.date | None, *, today: datetime.date, years_back: int) -> str | None:
    """A date of birth must make the child of compulsory school age (reception to year 11) this
    academic year or in one of the `years_back` before it (the register keeps records that
    long); None when it does, or when it is not known."""
    if born is None:
        return None
    if born > today:
        return "The date of birth must be today or in the past"
    this_year = academic_year_start(today)
    earliest, latest = born_between(this_year - years_back, this_year)
    if not earliest <= born <= latest:
        return (
            "The register is for children of compulsory school age: enter a date of birth between "
            f"{long_date(earliest)} and {long_date(latest)}"
        )
    return None


def not_in_future(day: datetime.date | None, *, today: datetime.date, what: str) -> str | None:
    """Events on the register have happened: a date after today is refused."""
    if day is not None and day > today:
        return f"The {what} must be today or in the past"
    return None


# The SAO steps in the order the Education Act 1996 sets: a notice to satisfy the LA (s437(1)),
# whose period is at least 15 days beginning with the day it is served (s437(2)); then a
# notice of intention to serve an order (s438), giving the parent at least 15 days to choose
# a school (s438); then the order (s437(3)); then revocation (s442) or prosecution for not
# complying with it (s443).
S437_PERIOD_DAYS = 15
CHOOSE_SCHOOL_DAYS = 15


def sao_warnings(kind: str, on: datetime.date, deadline: datetime.date | None, earlier: Iterable) -> list[str]:
    """Warnings (not refusals) when a step of the SAO process comes before the law's order
    allows: `earlier` are the child's steps already recorded (objects with kind, happened_on
    and deadline)."""
    steps = sorted(earlier, key=lambda e: e.happened_on)

    def latest(step_kind: str):
        found = [e for e in steps if e.kind == step_kind and e.happened_on <= on]
        return found[-1] if found else None

    warnings: list[str] = []
    if kind == "s437_notice" and deadline is not None:
        if deadline < on + datetime.timedelta(days=S437_PERIOD_DAYS - 1):
            warnings.append(
                "The period in an s437(1) notice must be at least 15 days beginning with the day it is "
                f"served (s437(2)): the earliest deadline is {long_date(on + datetime.timedelta(days=14))}."
            )
    elif kind == "intention_notice":
        notice = latest("s437_notice")
        if notice is None:
            warnings.append("No s437(1) notice is recorded before this notice of intention (s437(3), s438).")
        else:
            ends = notice.deadline or notice.happened_on + datetime.timedelta(days=S437_PERIOD_DAYS - 1)
            if on <= ends:
                warnings.append(
                    f"The s437(1) notice's period runs to {long_date(ends)}: a notice of intention before it "
                    "has ended comes early (s437(3))."
                )
    elif kind == "sao_served":
        intention = latest("intention_notice")
        if intention is None:
            warnings.append("No notice of intention is recorded before this School Attendance Order (s437(3)).")
        elif on < intention.happened_on + datetime.timedelta(days=CHOOSE_SCHOOL_DAYS):
            warnings.append(
                "The parent has 15 days from the notice of intention to choose a school (s438): the order "
                f"comes early if served before {long_date(intention.happened_on + datetime.timedelta(days=15))}."
            )
    elif kind in ("sao_revoked", "prosecution") and latest("sao_served") is None:
        what = "revoked" if kind == "sao_revoked" else "the subject of a prosecution under s443"
        warnings.append(f"No School Attendance Order is recorded before this: an order must be served to be {what}.")
    return warnings
