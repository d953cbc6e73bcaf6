"""Counting the termly return from the register: pure computation over plain facts.

The rules (also in docs/register.md):
- A child is in scope when their year group for the period's academic year is reception to
  year 11 (age on 31 August before the year begins: 4 is reception, 15 is year 11), or their
  date of birth is unknown (year group "unknown").
- An episode is open on day D when `start_date <= D < end_date` (an end date is the first day
  the child is no longer in that state), so a child who leaves on census day is not counted at
  census but is counted as a leaver.
- "At the census date" counts children with an open episode that day; when a child has more
  than one, the one that started last gives the breakdown. "During the term" counts run from
  the day after the previous census date to the census date, both included.
- SAO process figures count events (a child served two notices counts twice); everything else
  counts children.
"""

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from notinschool.periods.specs import Key, ReturnSpec

YEAR_GROUPS = ("reception", *(f"year_{n}" for n in range(1, 12)))
DURATION_BANDS = (  # (upper bound in whole days, exclusive; category)
    (14, "less_than_2_weeks"),
    (28, "weeks_2_to_4"),
    (56, "weeks_4_to_8"),
    (84, "weeks_8_to_12"),
    (182, "weeks_12_to_26"),
    (364, "weeks_26_to_52"),
)
SAO_MEASURES = {
    "s437_notices_served": "s437_notice",
    "sao_intention_notices": "intention_notice",
    "sao_served": "sao_served",
    "sao_revoked": "sao_revoked",
    "s443_prosecutions": "prosecution",
}


@dataclass(slots=True)
class ChildFacts:
    id: str
    sex: str
    date_of_birth: datetime.date | None
    ehcp: bool = False


@dataclass(slots=True)
class EpisodeFacts:
    id: int
    child_id: str
    kind: str
    start_date: datetime.date
    end_date: datetime.date | None = None
    outcome: str = ""
    reason: str = ""
    previous_school_type: str = ""
    school_type_returned_to: str = ""
    missing_since: datetime.date | None = None
    referral_on: datetime.date | None = None
    fifteenth_missed_day: datetime.date | None = None
    decision: str = ""
    decision_on: datetime.date | None = None
    provision_started_on: datetime.date | None = None
    provision_type: str = ""
    full_time: bool = False


@dataclass(slots=True)
class SAOFacts:
    id: int
    child_id: str
    kind: str
    happened_on: datetime.date


@dataclass
class GeneratedReturn:
    """Figures for every item of the spec, and the children behind each (child ids; repeated
    when a figure counts events). `problems` are things in the register to put right."""

    period: str
    census_date: datetime.date
    term_start: datetime.date
    figures: dict[Key, int | None]
    members: dict[Key, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def year_group(date_of_birth: datetime.date | None, academic_year_start: int) -> str | None:
    """The year group code for the academic year starting in `academic_year_start`, "unknown"
    without a date of birth, or None when the child is not of compulsory school age then."""
    if date_of_birth is None:
        return "unknown"
    age = academic_year_start - date_of_birth.year - ((date_of_birth.month, date_of_birth.day) > (8, 31))
    if 4 <= age <= 15:
        return YEAR_GROUPS[age - 4]
    return None


def duration_band(missing_since: datetime.date | None, census_date: datetime.date) -> str:
    """The length-of-time-missing category on the census date."""
    if missing_since is None or missing_since > census_date:
        return "unknown"
    days = (census_date - missing_since).days
    for upper, band in DURATION_BANDS:
        if days < upper:
            return band
    return "over_52_weeks"


def working_days_between(
    start: datetime.date, end: datetime.date, bank_holidays: frozenset[datetime.date] = frozenset()
) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start):
    weekdays that are not bank holidays."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, extra = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, extra + 1):
        if (start + datetime.timedelta(days=offset)).weekday() < 5:
            count += 1
    return count - sum(1 for day in bank_holidays if start < day <= end and day.weekday() < 5)


def round_half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _latest(episodes: Iterable[EpisodeFacts], key) -> dict[str, EpisodeFacts]:
    """One episode per child: the greatest by `key` (ties broken by id)."""
    chosen: dict[str, EpisodeFacts] = {}
    for episode in episodes:
        held = chosen.get(episode.child_id)
        if held is None or (key(episode), episode.id) > (key(held), held.id):
            chosen[episode.child_id] = episode
    return chosen


class _Counter:
    """Collects the children behind each figure of one spec."""

    def __init__(self, spec: ReturnSpec):
        self.spec = spec
        self.members: dict[Key, list[str]] = defaultdict(list)
        self.wanted = {measure.code for measure in spec.measures}
        self.codes = {
            measure.code: frozenset(measure.breakdown.category_codes())
            for measure in spec.measures
            if measure.breakdown is not None
        }

    def wants(self, measure: str) -> bool:
        return measure in self.wanted

    def category(self, measure: str, code: str, fallback: str | None) -> str | None:
        codes = self.codes[measure]
        if code in codes:
            return code
        return fallback if fallback in codes else None

    def add(self, measure: str, child_id: str, category: str | None = None) -> None:
        if measure in self.wanted:
            self.members[(measure, category)].append(child_id)

    def split(self, measure: str, child_id: str, code: str, fallback: str | None) -> bool:
        """Add the child under its category; False when the category has no place."""
        if measure not in self.wanted:
            return True
        category = self.category(measure, code, fallback)
        if category is None:
            return False
        self.members[(measure, category)].append(child_id)
        return True


def compute_return(
    spec: ReturnSpec,
    *,
    census_date: datetime.date,
    term_start: datetime.date,
    children: Iterable[ChildFacts],
    episodes: Iterable[EpisodeFacts],
    sao_events: Iterable[SAOFacts] = (),
    bank_holidays: frozenset[datetime.date] = frozenset(),
) -> GeneratedReturn:
    """Every figure of `spec` counted from the register's facts (see the module docstring)."""
    from notinschool.periods import parse_period

    academic_year = parse_period(spec.period).start_year
    in_scope: dict[str, ChildFacts] = {}
    groups: dict[str, str] = {}
    for child in children:
        group = year_group(child.date_of_birth, academic_year)
        if group is not None:
            in_scope[child.id] = child
            groups[child.id] = group
    by_kind: dict[str, list[EpisodeFacts]] = defaultdict(list)
    for episode in episodes:
        if episode.child_id in in_scope:
            by_kind[episode.kind].append(episode)

    def in_term(day: datetime.date | None) -> bool:
        return day is not None and term_start <= day <= census_date

    def open_on_census(episode: EpisodeFacts, start: datetime.date | None) -> bool:
        return (
            start is not None and start <= census_date and (episode.end_date is None or episode.end_date > census_date)
        )

    counter = _Counter(spec)
    problems: list[str] = []
    ehe = by_kind["ehe"]
    for child_id, episode in _latest(
        (e for e in ehe if open_on_census(e, e.start_date)), lambda e: e.start_date
    ).items():
        child = in_scope[child_id]
        counter.add("ehe_total", child_id)
        counter.split("ehe_by_sex", child_id, child.sex, "unknown")
        counter.split("ehe_by_year_group", child_id, groups[child_id], None)
        counter.split("ehe_by_reason", child_id, episode.reason or "unknown", "other")
    for child_id, episode in _latest((e for e in ehe if in_term(e.start_date)), lambda e: e.start_date).items():
        counter.add("ehe_starts", child_id)
        counter.split("ehe_starts_by_previous_school", child_id, episode.previous_school_type, "other_unknown")
    ended = [e for e in ehe if in_term(e.end_date)]
    for child_id in sorted({e.child_id for e in ended if e.outcome != "returned_to_school"}):
        counter.add("ehe_left_other", child_id)
    returned = (e for e in ended if e.outcome == "returned_to_school")
    for child_id, episode in _latest(returned, lambda e: e.end_date).items():
        counter.add("ehe_returns_to_school", child_id)
        counter.split("ehe_returns_by_school_type", child_id, episode.school_type_returned_to, "other_unknown")

    cme = by_kind["cme"]
    for child_id, episode in _latest(
        (e for e in cme if open_on_census(e, e.start_date)), lambda e: e.start_date
    ).items():
        child = in_scope[child_id]
        counter.add("cme_total", child_id)
        counter.split("cme_by_sex", child_id, child.sex, "unknown")
        counter.split("cme_by_year_group", child_id, groups[child_id], None)
        counter.split("cme_by_duration", child_id, duration_band(episode.missing_since, census_date), "unknown")
        counter.split("cme_by_reason", child_id, episode.reason or "not_recorded", "other")

    _count_sao(counter, sao_events, in_scope, in_term, census_date)
    _count_s19(counter, by_kind["s19"], in_scope, in_term, open_on_census, problems)

    figures: dict[Key, int | None] = {}
    for key in spec.item_keys():
        if key[0] == "s19_median_days_to_provision":
            continue
        figures[key] = len(counter.members.get(key, []))
    if spec.has_measure("s19_median_days_to_provision"):
        figures[("s19_median_days_to_provision", None)] = _median_days(counter, by_kind["s19"], in_term, bank_holidays)
    members = {key: sorted(counter.members.get(key, [])) for key in spec.item_keys()}
    return GeneratedReturn(spec.period, census_date, term_start, figures, members, problems)


def _count_sao(counter: _Counter, sao_events, in_scope, in_term, census_date) -> None:
    kinds = {kind: measure for measure, kind in SAO_MEASURES.items()}
    last_order: dict[str, SAOFacts] = {}
    for event in sorted(sao_events, key=lambda e: (e.happened_on, e.id)):
        if event.child_id not in in_scope:
            continue
        if event.kind in kinds and in_term(event.happened_on):
            counter.add(kinds[event.kind], event.child_id)
        if event.kind in ("sao_served", "sao_revoked") and event.happened_on <= census_date:
            last_order[event.child_id] = event
    for child_id in sorted(last_order):
        if last_order[child_id].kind == "sao_served":
            counter.add("sao_in_force", child_id)


def _count_s19(counter: _Counter, s19, in_scope, in_term, open_on_census, problems) -> None:
    current = _latest((e for e in s19 if open_on_census(e, e.provision_started_on)), lambda e: e.provision_started_on)
    untyped = 0
    for child_id, episode in current.items():
        counter.add("s19_total", child_id)
        if not counter.split("s19_by_provision_type", child_id, episode.provision_type, None):
            untyped += 1
        counter.split("s19_by_hours", child_id, "full_time" if episode.full_time else "part_time", None)
        if in_scope[child_id].ehcp:
            counter.add("s19_with_ehcp", child_id)
    if untyped and counter.wants("s19_by_provision_type"):
        problems.append(
            f"{untyped} {'child has' if untyped == 1 else 'children have'} s19 health provision with no "
            "provision type recorded: record the type so the breakdown adds up."
        )
    for episode in s19:
        if in_term(episode.referral_on):
            counter.add("s19_referrals_received", episode.child_id)
        if in_term(episode.decision_on) and episode.decision == "accepted":
            counter.add("s19_referrals_accepted", episode.child_id)
        if in_term(episode.decision_on) and episode.decision == "declined":
            counter.add("s19_referrals_declined", episode.child_id)
        if in_term(episode.end_date) and episode.outcome == "returned_to_school":
            counter.add("s19_reintegrated", episode.child_id)
        if in_term(episode.provision_started_on):
            counter.add("s19_provision_started", episode.child_id)
    no_referral = sum(1 for e in s19 if in_term(e.provision_started_on) and e.referral_on is None)
    if no_referral and counter.wants("s19_median_days_to_provision"):
        problems.append(
            f"{no_referral} s19 health {'episode has' if no_referral == 1 else 'episodes have'} provision "
            "that started this term but no referral date: record the date so the median days to "
            "provision can be worked out."
        )
    # A child whose provision started, or was reintegrated, twice in one term is one child.
    for key in (("s19_reintegrated", None), ("s19_provision_started", None)):
        if key in counter.members:
            counter.members[key] = sorted(set(counter.members[key]))


def _median_days(counter: _Counter, s19, in_term, bank_holidays) -> int | None:
    waits = []
    for episode in s19:
        if in_term(episode.provision_started_on) and episode.referral_on is not None:
            start_from = max(episode.referral_on, episode.fifteenth_missed_day or episode.referral_on)
            waits.append(working_days_between(start_from, episode.provision_started_on, bank_holidays))
            counter.add("s19_median_days_to_provision", episode.child_id)
    return round_half_up(statistics.median(waits)) if waits else None
