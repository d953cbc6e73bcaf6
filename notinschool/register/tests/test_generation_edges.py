"""Example tests at every edge of the return's counting rules: each band of "time missing" on
both sides of its boundary, census day and the term's first day, year group birthdays, and
working days around bank holidays. Pure computation: no database."""

import datetime

import pytest

from notinschool.periods.specs import load_spec
from notinschool.register.bankholidays import shipped
from notinschool.register.generation import ChildFacts, EpisodeFacts, SAOFacts, compute_return, working_days_between

PERIOD = "2025-26-autumn"
SPEC = load_spec(PERIOD)
CENSUS = datetime.date(2025, 10, 2)
TERM_START = datetime.date(2025, 5, 16)  # the day after the previous census date
CHILD = ChildFacts("c1", "female", datetime.date(2014, 5, 4))  # year 6 in 2025/26
DAY = datetime.timedelta(days=1)


def count(episodes=(), children=(CHILD,), sao=(), **kwargs):
    return compute_return(
        SPEC, census_date=CENSUS, term_start=TERM_START, children=children, episodes=episodes, sao_events=sao,
        bank_holidays=kwargs.get("bank_holidays", shipped().dates),
    ).figures  # fmt: skip


def cme(missing_days: int | None, **kwargs) -> EpisodeFacts:
    missing = None if missing_days is None else CENSUS - datetime.timedelta(days=missing_days)
    return EpisodeFacts(1, "c1", "cme", kwargs.pop("start_date", datetime.date(2024, 1, 1)), missing_since=missing,
                        **kwargs)  # fmt: skip


# (whole days from "education stopped" to census day, the band), on each side of each edge.
BAND_EDGES = [
    (0, "less_than_2_weeks"),
    (13, "less_than_2_weeks"),
    (14, "weeks_2_to_4"),
    (27, "weeks_2_to_4"),
    (28, "weeks_4_to_8"),
    (55, "weeks_4_to_8"),
    (56, "weeks_8_to_12"),
    (83, "weeks_8_to_12"),
    (84, "weeks_12_to_26"),
    (181, "weeks_12_to_26"),
    (182, "weeks_26_to_52"),
    (363, "weeks_26_to_52"),
    (364, "over_52_weeks"),
    (-1, "unknown"),  # education stopped after census day: not known at census
    (None, "unknown"),
]


@pytest.mark.parametrize(("days", "band"), BAND_EDGES)
def test_time_missing_band_at_each_edge(days, band):
    figures = count([cme(days)])
    assert figures[("cme_by_duration", band)] == 1
    assert sum(v for (m, _c), v in figures.items() if m == "cme_by_duration") == 1


def test_open_on_census_day_rules():
    started_on_census = EpisodeFacts(1, "c1", "ehe", CENSUS)
    assert count([started_on_census])[("ehe_total", None)] == 1
    started_after = EpisodeFacts(1, "c1", "ehe", CENSUS + DAY)
    assert count([started_after])[("ehe_total", None)] == 0
    # The end date is the first day no longer home educated: leaving on census day is not
    # counted at census, but is counted as leaving in the term.
    left_on_census = EpisodeFacts(1, "c1", "ehe", TERM_START, end_date=CENSUS, outcome="moved_away")
    figures = count([left_on_census])
    assert figures[("ehe_total", None)] == 0 and figures[("ehe_left_other", None)] == 1
    left_day_after = EpisodeFacts(1, "c1", "ehe", TERM_START, end_date=CENSUS + DAY, outcome="moved_away")
    figures = count([left_day_after])
    assert figures[("ehe_total", None)] == 1 and figures[("ehe_left_other", None)] == 0


def test_term_runs_from_the_day_after_the_previous_census_to_census_day():
    assert count([EpisodeFacts(1, "c1", "ehe", TERM_START)])[("ehe_starts", None)] == 1
    assert count([EpisodeFacts(1, "c1", "ehe", TERM_START - DAY)])[("ehe_starts", None)] == 0
    assert count([EpisodeFacts(1, "c1", "ehe", CENSUS)])[("ehe_starts", None)] == 1
    notice = SAOFacts(1, "c1", "s437_notice", TERM_START)
    assert count(sao=[notice])[("s437_notices_served", None)] == 1
    before = SAOFacts(1, "c1", "s437_notice", TERM_START - DAY)
    assert count(sao=[before])[("s437_notices_served", None)] == 0
    after = SAOFacts(1, "c1", "s437_notice", CENSUS + DAY)
    assert count(sao=[after])[("s437_notices_served", None)] == 0


def test_order_served_on_census_day_is_in_force_and_revoked_that_day_is_not():
    served = SAOFacts(1, "c1", "sao_served", CENSUS)
    assert count(sao=[served])[("sao_in_force", None)] == 1
    revoked = SAOFacts(2, "c1", "sao_revoked", CENSUS)
    assert count(sao=[served, revoked])[("sao_in_force", None)] == 0


@pytest.mark.parametrize(
    ("born", "group"),
    [
        (datetime.date(2021, 8, 31), "reception"),  # 4 on 31 August 2025
        (datetime.date(2010, 9, 1), "year_10"),  # 14 on 31 August 2025
        (datetime.date(2009, 9, 1), "year_11"),  # 15 on 31 August 2025
    ],
)
def test_year_group_birthdays(born, group):
    child = ChildFacts("c1", "male", born)
    figures = count([EpisodeFacts(1, "c1", "ehe", TERM_START)], children=[child])
    assert figures[("ehe_by_year_group", group)] == 1


@pytest.mark.parametrize("born", [datetime.date(2021, 9, 1), datetime.date(2009, 8, 31)])
def test_children_outside_compulsory_school_age_are_not_counted(born):
    child = ChildFacts("c1", "male", born)
    assert count([EpisodeFacts(1, "c1", "ehe", TERM_START)], children=[child])[("ehe_total", None)] == 0


def test_working_days_leave_out_weekends_and_bank_holidays():
    holidays = shipped().dates
    # Friday 23 May 2025 to Tuesday 27 May 2025: Monday 26 May is the spring bank holiday.
    assert working_days_between(datetime.date(2025, 5, 23), datetime.date(2025, 5, 27), holidays) == 1
    assert working_days_between(datetime.date(2025, 5, 23), datetime.date(2025, 5, 27)) == 2
    # Christmas 2025: 25 and 26 December are bank holidays.
    assert working_days_between(datetime.date(2025, 12, 24), datetime.date(2025, 12, 29), holidays) == 1
    assert working_days_between(datetime.date(2025, 5, 27), datetime.date(2025, 5, 27), holidays) == 0


def test_median_days_to_provision_counts_working_days():
    s19 = EpisodeFacts(
        1, "c1", "s19", TERM_START, referral_on=datetime.date(2025, 5, 23),
        provision_started_on=datetime.date(2025, 5, 27), provision_type="online",
    )  # fmt: skip
    assert count([s19])[("s19_median_days_to_provision", None)] == 1
