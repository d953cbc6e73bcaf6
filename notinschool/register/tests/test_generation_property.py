"""Generated returns equal an independent count, on random registers (hypothesis).

The expected figures below are counted again, deliberately in a different way from
`register.generation`: straight from the rules in docs/register.md, one measure at a time,
over the same random data, without the generation module's helpers.
"""

import datetime
import json
import statistics
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notinschool.intake.report import ERROR
from notinschool.periods.specs import load_spec
from notinschool.places.selectors import la_by_code
from notinschool.register.models import Child, Episode, SAOEvent
from notinschool.register.services import ReturnDates, return_generate
from notinschool.register.tenancy import scoped
from notinschool.returns.services.versions import parsed_from_figures
from notinschool.validation.engine import validate

PERIOD = "2025-26-autumn"
CENSUS = datetime.date(2025, 10, 2)
PREVIOUS_CENSUS = datetime.date(2025, 5, 15)
TERM_START = PREVIOUS_CENSUS + datetime.timedelta(days=1)
SPEC = load_spec(PERIOD)

# Edges are drawn deliberately, as often as any other day: the term's first day and the day
# before, census day and the day after, and (for time missing) each side of every band's edge.
EDGES = [TERM_START - datetime.timedelta(days=1), TERM_START, CENSUS, CENSUS + datetime.timedelta(days=1)]
days = st.one_of(
    st.sampled_from(EDGES), st.integers(min_value=-500, max_value=60).map(lambda n: CENSUS + datetime.timedelta(days=n))
)
maybe_day = st.none() | days
BAND_EDGES = [0, 13, 14, 27, 28, 55, 56, 83, 84, 181, 182, 363, 364, 400, -1]
band_edge = st.sampled_from(BAND_EDGES).map(lambda n: CENSUS - datetime.timedelta(days=n))
missing_days = st.one_of(band_edge, band_edge, band_edge, band_edge, st.none(), days)
# England and Wales bank holidays, read straight from the shipped GOV.UK file.
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "bank-holidays.json"
BANK_HOLIDAYS = {
    datetime.date.fromisoformat(event["date"])
    for event in json.loads(SHIPPED.read_text())["england-and-wales"]["events"]
}
EHE_REASONS = ["", "religious", "mental_health", "did_not_apply", "unknown", "not-a-reason"]
CME_REASONS = ["", "moved_in_from_abroad", "unsuitable_ehe", "challenging_sao", "not_recorded", "not-a-reason"]
SCHOOL_TYPES = ["", "academy", "special", "already_ehe", "alternative_provision", "nonsense"]
OUTCOMES = ["returned_to_school", "moved_away", "end_of_compulsory_age", "reclassified_cme", "other"]


@st.composite
def episodes(draw):
    kind = draw(st.sampled_from(["ehe", "cme", "cme", "s19", "flexi"]))
    # A CME episode open on census day (so its time missing is counted) is drawn often.
    open_at_census = st.sampled_from([CENSUS - datetime.timedelta(days=30), CENSUS])
    start = draw(st.one_of(open_at_census, days) if kind == "cme" else days)
    end = draw(st.none() | st.integers(0, 300).map(lambda n: start + datetime.timedelta(days=n)))
    episode = {
        "kind": kind,
        "start_date": start,
        "end_date": end,
        "outcome": draw(st.sampled_from(OUTCOMES)) if end else "",
        "reason": draw(st.sampled_from(EHE_REASONS if kind == "ehe" else CME_REASONS)),
        "previous_school_type": draw(st.sampled_from(SCHOOL_TYPES)),
        "school_type_returned_to": draw(st.sampled_from(SCHOOL_TYPES)),
        "missing_since": draw(missing_days),
    }
    if kind == "s19":
        referral = draw(days)
        started = draw(st.none() | st.integers(0, 60).map(lambda n: referral + datetime.timedelta(days=n)))
        episode.update(
            referral_on=referral,
            fifteenth_missed_day=draw(maybe_day),
            decision=draw(st.sampled_from(["", "accepted", "declined"])),
            decision_on=draw(maybe_day),
            provision_started_on=started,
            provision_type=draw(st.sampled_from(["home_tuition", "online", "blended", "hospital_school"])),
            full_time=draw(st.booleans()),
        )
    return episode


children = st.lists(
    st.fixed_dictionaries(
        {
            "sex": st.sampled_from(["female", "male", "unknown"]),
            "date_of_birth": st.none() | st.dates(datetime.date(2007, 1, 1), datetime.date(2022, 12, 31)),
            "ehcp": st.booleans(),
            "episodes": st.lists(episodes(), min_size=1, max_size=3),
            "sao": st.lists(
                st.tuples(
                    st.sampled_from(["s437_notice", "intention_notice", "sao_served", "sao_revoked", "prosecution"]),
                    days,
                ),
                max_size=3,
            ),
        }
    ),
    min_size=2,
    max_size=25,
)


def write_register(la, drawn):
    """Store the drawn register; return it with ids filled in."""
    with scoped(la):
        return _write(la, drawn)


def _write(la, drawn):
    rows = []
    for number, child in enumerate(drawn):
        record = Child(
            local_authority=la,
            given_name="Test",
            family_name=f"Child{number}",
            sex=child["sex"],
            date_of_birth=child["date_of_birth"],
            ehcp=child["ehcp"],
        )
        record.save()
        stored_episodes = [Episode.objects.create(child=record, **e) for e in child["episodes"]]
        stored_sao = [SAOEvent.objects.create(child=record, kind=k, happened_on=d) for k, d in child["sao"]]
        rows.append({**child, "id": record.pk, "episodes": stored_episodes, "sao": stored_sao})
    return rows


# ---- the independent count -------------------------------------------------------------


def age_on_31_august_2025(born):
    age = 2025 - born.year
    if (born.month, born.day) > (8, 31):
        age -= 1
    return age


def in_scope(child):
    return child["date_of_birth"] is None or 4 <= age_on_31_august_2025(child["date_of_birth"]) <= 15


def year_group_of(child):
    if child["date_of_birth"] is None:
        return "unknown"
    age = age_on_31_august_2025(child["date_of_birth"])
    return "reception" if age == 4 else f"year_{age - 4}"


def during_term(day):
    return day is not None and TERM_START <= day <= CENSUS


def at_census(start, end):
    return start is not None and start <= CENSUS and (end is None or end > CENSUS)


def pick(options, code, fallback):
    return code if code in options else fallback


def codes(measure):
    return SPEC.measure(measure).breakdown.category_codes()


def independent_figures(register):
    expected = Counter()
    scoped = [c for c in register if in_scope(c)]
    for child in scoped:
        eps = child["episodes"]
        for kind, prefix in (("ehe", "ehe"), ("cme", "cme")):
            current = [e for e in eps if e.kind == kind and at_census(e.start_date, e.end_date)]
            if current:
                latest = max(current, key=lambda e: (e.start_date, e.id))
                expected[(f"{prefix}_total", None)] += 1
                expected[(f"{prefix}_by_sex", child["sex"])] += 1
                expected[(f"{prefix}_by_year_group", year_group_of(child))] += 1
                if kind == "ehe":
                    expected[("ehe_by_reason", pick(codes("ehe_by_reason"), latest.reason or "unknown", "other"))] += 1
                else:
                    reason = pick(codes("cme_by_reason"), latest.reason or "not_recorded", "other")
                    expected[("cme_by_reason", reason)] += 1
                    if latest.missing_since is None or latest.missing_since > CENSUS:
                        band = "unknown"
                    else:
                        weeks = (CENSUS - latest.missing_since).days / 7
                        band = next(
                            (b for limit, b in [(2, "less_than_2_weeks"), (4, "weeks_2_to_4"), (8, "weeks_4_to_8"),
                             (12, "weeks_8_to_12"), (26, "weeks_12_to_26"), (52, "weeks_26_to_52")] if weeks < limit),
                            "over_52_weeks",
                        )  # fmt: skip
                    expected[("cme_by_duration", band)] += 1
        starts = [e for e in eps if e.kind == "ehe" and during_term(e.start_date)]
        if starts:
            first = max(starts, key=lambda e: (e.start_date, e.id))
            expected[("ehe_starts", None)] += 1
            school = pick(codes("ehe_starts_by_previous_school"), first.previous_school_type, "other_unknown")
            expected[("ehe_starts_by_previous_school", school)] += 1
        ended = [e for e in eps if e.kind == "ehe" and during_term(e.end_date)]
        if any(e.outcome != "returned_to_school" for e in ended):
            expected[("ehe_left_other", None)] += 1
        back = [e for e in ended if e.outcome == "returned_to_school"]
        if back:
            last = max(back, key=lambda e: (e.end_date, e.id))
            expected[("ehe_returns_to_school", None)] += 1
            school = pick(codes("ehe_returns_by_school_type"), last.school_type_returned_to, "other_unknown")
            expected[("ehe_returns_by_school_type", school)] += 1
        names = {
            "s437_notice": "s437_notices_served",
            "intention_notice": "sao_intention_notices",
            "sao_served": "sao_served",
            "sao_revoked": "sao_revoked",
            "prosecution": "s443_prosecutions",
        }
        for event in child["sao"]:
            if during_term(event.happened_on):
                expected[(names[event.kind], None)] += 1
        orders = [e for e in child["sao"] if e.kind in ("sao_served", "sao_revoked") and e.happened_on <= CENSUS]
        if orders and max(orders, key=lambda e: (e.happened_on, e.id)).kind == "sao_served":
            expected[("sao_in_force", None)] += 1
        s19 = [e for e in eps if e.kind == "s19"]
        providing = [e for e in s19 if at_census(e.provision_started_on, e.end_date)]
        if providing:
            latest = max(providing, key=lambda e: (e.provision_started_on, e.id))
            expected[("s19_total", None)] += 1
            expected[("s19_by_provision_type", latest.provision_type)] += 1
            expected[("s19_by_hours", "full_time" if latest.full_time else "part_time")] += 1
            expected[("s19_with_ehcp", None)] += int(child["ehcp"])
        for e in s19:
            expected[("s19_referrals_received", None)] += during_term(e.referral_on)
            expected[("s19_referrals_accepted", None)] += during_term(e.decision_on) and e.decision == "accepted"
            expected[("s19_referrals_declined", None)] += during_term(e.decision_on) and e.decision == "declined"
        if any(during_term(e.end_date) and e.outcome == "returned_to_school" for e in s19):
            expected[("s19_reintegrated", None)] += 1
        if any(during_term(e.provision_started_on) for e in s19):
            expected[("s19_provision_started", None)] += 1
    figures = {key: expected.get(key, 0) for key in SPEC.item_keys()}
    waits = []
    for child in scoped:
        for e in child["episodes"]:
            if e.kind == "s19" and during_term(e.provision_started_on):
                begin = max(d for d in (e.referral_on, e.fifteenth_missed_day) if d is not None)
                day, count = begin, 0
                while day < e.provision_started_on:
                    day += datetime.timedelta(days=1)
                    count += day.isoweekday() <= 5 and day not in BANK_HOLIDAYS
                waits.append(count)
    median = statistics.median(waits) if waits else None
    figures[("s19_median_days_to_provision", None)] = None if median is None else int(median + 0.5)
    return figures


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=children)
def test_generated_return_equals_an_independent_count(reference_data, drawn):
    la = la_by_code("886")
    with scoped(la):
        la.children.all().delete()
    register = write_register(la, drawn)
    generated = return_generate(la, PERIOD, ReturnDates(census_date=CENSUS, term_start=TERM_START))
    expected = independent_figures(register)
    differences = {k: (generated.figures.get(k), v) for k, v in expected.items() if generated.figures.get(k) != v}
    assert not differences, differences
    for key, value in generated.figures.items():
        if key[0] != "s19_median_days_to_provision":
            assert len(generated.members[key]) == value, key
    report = validate(parsed_from_figures("register", generated.figures, "886", PERIOD), SPEC, expected_la="886")
    assert [i.message for i in report.issues if i.severity == ERROR] == []
