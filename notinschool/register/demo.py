"""The demo register: Kent's (886) synthetic children, as many as Kent's demo returns count.

The register is shaped from the figures the returns demo gives Kent for the term it has not yet
sent (`returns.demo.la_demo_figures`): on that term's census date it holds as many children
home educated, missing education and in s19 provision as those figures say, split by sex, year
group, reason, time missing and provision in the same proportions, and the term's starts,
returns, referrals and SAO steps. The flows are chosen so that last term's demo total plus
starts less leavers comes to this term's total, so a return generated from the register raises
no query that the demo itself caused (ADR 0516). Every name is obviously made up; no record
describes a real child. Loaded in bulk (`register.bulk`) so `make run` stays quick.
"""

import datetime
import random

from notinschool.periods import previous_period
from notinschool.places.selectors import la_by_code
from notinschool.register import bankholidays
from notinschool.register.bulk import delete_rows, insert_rows
from notinschool.register.generation import DURATION_BANDS, YEAR_GROUPS, working_days_between
from notinschool.register.models import Address, Child, Contact, Episode, Parent, SAOEvent, new_token, normalise_name
from notinschool.register.services.episodes import DEFAULT_GROUND
from notinschool.register.tenancy import scoped
from notinschool.returns import demo as returns_demo
from notinschool.returns.demo_figures import split

SEED = 886
PREFIX = "DEMO-"
PERIOD = returns_demo.CURRENT_PERIOD
GIVEN = ["Alex", "Bea", "Cal", "Dee", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jas", "Kit", "Lou", "Max", "Nia", "Oli"]
FAMILY = ["Madeup", "Notreal", "Sampleton", "Testington", "Demoson", "Pretendly", "Fictional", "Dummyford"]
STREETS = ["Example Road", "Sample Lane", "Placeholder Street", "Fictional Way"]
FIRST_DAY = datetime.date(2023, 9, 1)
PAST_CHILDREN = 400  # children whose episodes ended before the term: the register has a history
FLEXI_CHILDREN = 150  # educated elsewhere part of the week: on the register, not in the return
UNKNOWN_SEX_SHARE = 0.003  # as rare as in DfE's figures


def census_dates(period: str = PERIOD) -> tuple[datetime.date, datetime.date]:
    """The demo term's census date and its first day (the day after last term's census), as
    the demo's collections give them."""
    census = returns_demo.census_date(period)
    return census, returns_demo.census_date(previous_period(period)) + datetime.timedelta(days=1)


def load() -> list[str]:
    """Replace Kent's demo register (children whose reference starts DEMO-) with a fresh one."""
    kent = la_by_code("886")
    if kent is None:
        return []
    with scoped(kent):
        made = _Builder(kent).build()
    return [
        f"Demo register: {made:,} synthetic children in Kent (officer@kent.example), shaped like Kent's "
        f"{PERIOD} figures."
    ]


def _counts(figures: dict, measure: str) -> dict[str | None, int]:
    return {category: value or 0 for (code, category), value in figures.items() if code == measure}


def _value(figures: dict, measure: str) -> int:
    return figures.get((measure, None)) or 0


class _Builder:
    """Rows for the register, made child by child, inserted in one go per table."""

    def __init__(self, kent):
        self.kent = kent
        self.rng = random.Random(SEED)  # noqa: S311 - repeatable demo data, not security
        self.census, self.term_start = census_dates()
        self.today = max(datetime.date.today(), self.census)
        self.holidays = bankholidays.shipped().dates
        self.figures = returns_demo.la_demo_figures(kent, PERIOD)
        self.previous = returns_demo.la_demo_figures(kent, previous_period(PERIOD))
        tables = (Child, Address, Parent, Episode, SAOEvent, Contact)
        self.rows: dict[type, list[dict]] = {model: [] for model in tables}
        self.ehe_at_census: list[str] = []

    # Pieces -------------------------------------------------------------------------------

    def day(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def shuffled(self, counts: dict, total: int, fallback) -> list:
        """A category per child, as many of each as `counts` says, in random order (`fallback`
        for any child the counts leave out)."""
        values = [category for category, count in counts.items() for _ in range(count)][:total]
        values += [fallback] * (total - len(values))
        self.rng.shuffle(values)
        return values

    def born(self, group: str | None) -> datetime.date | None:
        """A date of birth in the year group on the census date (None: not known)."""
        if group == "unknown":
            return None
        index = YEAR_GROUPS.index(group) if group in YEAR_GROUPS else self.rng.randint(1, 10)
        year = self.census.year if self.census.month >= 9 else self.census.year - 1
        first = datetime.date(year - index - 5, 9, 1)
        return self.day(first, datetime.date(year - index - 4, 8, 31))

    def child(self, *, sex: str | None = None, group: str | None = None, ehcp: bool | None = None) -> str:
        number = len(self.rows[Child]) + 1
        rng = self.rng
        given, family = rng.choice(GIVEN), f"{rng.choice(FAMILY)}{number % 7 or ''}"
        if sex is None:
            sex = "unknown" if rng.random() < UNKNOWN_SEX_SHARE else rng.choice(["female", "male"])
        child_id = new_token()
        self.rows[Child].append({
            "id": child_id, "local_authority_id": self.kent.pk, "local_reference": f"{PREFIX}{number:05d}",
            "given_name": given, "family_name": family, "given_name_normalised": normalise_name(given),
            "family_name_normalised": normalise_name(family), "date_of_birth": self.born(group), "sex": sex,
            "ehcp": rng.random() < 0.08 if ehcp is None else ehcp, "sen_support": rng.random() < 0.2,
        })  # fmt: skip
        self.rows[Address].append({"child_id": child_id, "line_1": f"{number} {rng.choice(STREETS)}",
                                   "town": "Demotown", "postcode": "ZZ99 9ZZ"})  # fmt: skip
        educates = rng.random() < 0.6
        self.rows[Parent].append({"child_id": child_id, "name": f"Parent {family}", "educates_child": educates,
                                  "hours_educating": rng.choice([10, 15, 20]) if educates else None})  # fmt: skip
        return child_id

    def episode(self, child_id: str, kind: str, start: datetime.date, **facts) -> dict:
        row = {"child_id": child_id, "kind": kind, "start_date": start,
               "eligibility_ground": str(DEFAULT_GROUND.get(Episode.Kind(kind), "")), **facts}  # fmt: skip
        self.rows[Episode].append(row)
        return row

    def event(self, child_id: str, kind: str, on: datetime.date, **facts) -> None:
        self.rows[SAOEvent].append({"child_id": child_id, "kind": kind, "happened_on": on, **facts})

    def before_term(self, days_back: int = 700) -> datetime.date:
        return self.day(max(FIRST_DAY, self.term_start - datetime.timedelta(days=days_back)),
                        self.term_start - datetime.timedelta(days=1))  # fmt: skip

    def in_term(self, last: datetime.date | None = None) -> datetime.date:
        return self.day(self.term_start, last or self.census)

    # The kinds of children ------------------------------------------------------------------

    def build(self) -> int:
        delete_rows(self.kent.children.filter(local_reference__startswith=PREFIX))
        self.home_educated()
        self.missing_education()
        self.health_provision()
        self.orders()
        self.history()
        self.parents_who_educate()
        for model, rows in self.rows.items():
            insert_rows(model, rows)
        return len(self.rows[Child])

    def parents_who_educate(self) -> None:
        """Only a home-educated child's parent educates them, and for the hours their home
        education estimates in all when it says (each child has one parent)."""
        estimates: dict[str, int | None] = {}
        for episode in self.rows[Episode]:
            if episode["kind"] == "ehe":
                found = estimates.get(episode["child_id"])
                estimates[episode["child_id"]] = found if found is not None else episode.get("hours_by_parents")
        for parent in self.rows[Parent]:
            if parent["child_id"] not in estimates:
                parent.update(educates_child=False, hours_educating=None)
            elif estimates[parent["child_id"]] is not None:
                parent.update(educates_child=True, hours_educating=estimates[parent["child_id"]])

    def home_educated(self) -> None:
        f, total = self.figures, _value(self.figures, "ehe_total")
        returns, left = _value(f, "ehe_returns_to_school"), _value(f, "ehe_left_other")
        # Starts such that last term's total + starts - returns - leavers = this term's total.
        starts = min(total, max(0, total - _value(self.previous, "ehe_total") + returns + left))
        sexes = self.shuffled(_counts(f, "ehe_by_sex"), total, "unknown")
        groups = self.shuffled(_counts(f, "ehe_by_year_group"), total, "year_9")
        reasons = self.shuffled(_counts(f, "ehe_by_reason"), total, "no_reason_given")
        previous_schools = _counts(f, "ehe_starts_by_previous_school")
        started = self.shuffled(split(starts, previous_schools), starts, "other_unknown")
        earlier = self.shuffled(split(total - starts, previous_schools), total - starts, "other_unknown")
        for number in range(total):
            child_id = self.child(sex=sexes[number], group=groups[number])
            start = self.in_term() if number < starts else self.before_term()
            school = started[number] if number < starts else earlier[number - starts]
            notified_by, hours = self.rng.choice(["parent", "school"]), self.rng.choice([10, 15, 20, 25])
            self.episode(child_id, "ehe", start, reason=reasons[number], previous_school_type=school,
                         notified_on=start, notified_by=notified_by, hours_by_parents=hours,
                         consent="pending" if school == "special" and number < starts else "")  # fmt: skip
            self.ehe_at_census.append(child_id)
            if self.rng.random() < 0.15:
                visit = self.day(start, self.today)
                # Most visits happened; the rest are on the officer's overdue list.
                done = visit < self.today and self.rng.random() < 0.85
                self.rows[Contact].append({"child_id": child_id, "kind": "home_visit", "scheduled_for": visit,
                                           "happened_on": visit if done else None,
                                           "with_whom": "Parent and child" if done else ""})  # fmt: skip
        back = self.shuffled(_counts(f, "ehe_returns_by_school_type"), returns, "other_unknown")
        for number in range(returns + left):
            child_id = self.child(group=self.rng.choice(YEAR_GROUPS))
            outcome = "returned_to_school" if number < returns else self.rng.choice(["moved_away", "other"])
            self.episode(child_id, "ehe", self.before_term(), end_date=self.in_term(), outcome=outcome,
                         school_type_returned_to=back[number] if number < returns else "",
                         reason=self.rng.choice(reasons or ["other"]), notified_by="parent")  # fmt: skip

    def missing_education(self) -> None:
        f, total = self.figures, _value(self.figures, "cme_total")
        sexes = self.shuffled(_counts(f, "cme_by_sex"), total, "unknown")
        groups = self.shuffled(_counts(f, "cme_by_year_group"), total, "year_9")
        durations = self.shuffled(_counts(f, "cme_by_duration"), total, "unknown")
        reasons = self.shuffled(_counts(f, "cme_by_reason"), total, "not_recorded")
        bounds = [0, *(upper for upper, _ in DURATION_BANDS)]  # each band from the last one's end
        lower = {band: bounds[index] for index, (_, band) in enumerate(DURATION_BANDS)}
        lower["over_52_weeks"] = bounds[-1]
        for number in range(total):
            child_id = self.child(sex=sexes[number], group=groups[number])
            band = durations[number]
            if band == "unknown":
                missing, start = None, self.before_term(300)
            else:
                upper = dict((b, u) for u, b in DURATION_BANDS).get(band, lower[band] + 300)
                missing = self.census - datetime.timedelta(days=self.rng.randint(lower[band], upper - 1))
                start = self.day(missing, self.census)
            reason = "" if reasons[number] == "not_recorded" else reasons[number]
            self.episode(child_id, "cme", start, missing_since=missing, reason=reason,
                         identified_how=self.rng.choice(["School", "Health visitor", "Housing", "Police"]))  # fmt: skip

    def after_working_days(self, start: datetime.date, days: int) -> datetime.date:
        end = start
        while working_days_between(start, end, self.holidays) < days:
            end += datetime.timedelta(days=1)
        return end

    def health_provision(self) -> None:
        f, total = self.figures, _value(self.figures, "s19_total")
        received, accepted = _value(f, "s19_referrals_received"), _value(f, "s19_referrals_accepted")
        declined = _value(f, "s19_referrals_declined")
        started = min(total, accepted, _value(f, "s19_provision_started"))
        median = f.get(("s19_median_days_to_provision", None)) or 10
        types = self.shuffled(_counts(f, "s19_by_provision_type"), total, "online")
        hours = self.shuffled(_counts(f, "s19_by_hours"), total, "part_time")
        with_plan = self.shuffled({True: _value(f, "s19_with_ehcp")}, total, False)
        # Waits in working days whose median is the demo's: as many shorter as longer.
        waits = [median] * (started - 2 * (started // 3))
        waits += [self.rng.randint(1, median) for _ in range(started // 3)]
        waits += [self.rng.randint(median, median + 20) for _ in range(started // 3)]
        latest_referral = self.census - datetime.timedelta(days=45)
        for number in range(total):
            child_id = self.child(ehcp=with_plan[number])
            facts = {"provision_type": types[number], "full_time": hours[number] == "full_time", "decision": "accepted"}
            if number < started:
                referral = self.in_term(latest_referral)
                facts.update(referral_on=referral, decision_on=self.after_working_days(referral, 1),
                             provision_started_on=self.after_working_days(referral, waits[number]))  # fmt: skip
            else:
                referral = self.before_term()
                begun = min(self.after_working_days(referral, 10), self.term_start - datetime.timedelta(days=1))
                facts.update(referral_on=referral, decision_on=referral, provision_started_on=begun)
            self.episode(child_id, "s19", referral, **facts)
        # Referrals this term not (yet) in provision: accepted and waiting, declined, undecided.
        waiting = max(0, accepted - started)
        for number in range(max(received - started, waiting + declined)):
            referral = self.in_term()
            facts = {"referral_on": referral}
            if number < waiting + declined:
                facts.update(decision="accepted" if number < waiting else "declined", decision_on=referral)
            if facts.get("decision") == "declined":
                facts.update(end_date=referral, outcome="other")
            self.episode(self.child(), "s19", referral, **facts)
        for _ in range(_value(f, "s19_reintegrated")):
            referral = self.before_term(400) - datetime.timedelta(days=30)
            self.episode(self.child(), "s19", referral, referral_on=referral, decision="accepted", decision_on=referral,
                         provision_started_on=referral + datetime.timedelta(days=14), provision_type="home_tuition",
                         end_date=self.in_term(), outcome="returned_to_school")  # fmt: skip

    def orders(self) -> None:
        """SAO steps on home-educated children: orders served this term (after last term's
        notices), orders in force from before, and this term's notices and prosecutions."""
        f = self.figures
        served, revoked = _value(f, "sao_served"), _value(f, "sao_revoked")
        in_force = max(served, _value(f, "sao_in_force"))
        children = iter(self.rng.sample(self.ehe_at_census, len(self.ehe_at_census)))
        earlier = self.term_start - datetime.timedelta(days=1)

        def notice(child_id: str, on: datetime.date) -> None:
            self.event(child_id, "s437_notice", on, deadline=on + datetime.timedelta(days=15))

        for _ in range(served):
            child_id, on = next(children), self.day(earlier - datetime.timedelta(days=60), earlier)
            notice(child_id, on - datetime.timedelta(days=30))
            self.event(child_id, "intention_notice", on)
            self.event(child_id, "sao_served", self.in_term(), school_named="Demo Academy")
        old_orders = [next(children) for _ in range(in_force - served + revoked)]
        for number, child_id in enumerate(old_orders):
            on = self.before_term(400) - datetime.timedelta(days=80)
            notice(child_id, on)
            self.event(child_id, "intention_notice", on + datetime.timedelta(days=30))
            self.event(child_id, "sao_served", on + datetime.timedelta(days=60), school_named="Demo Academy")
            if number < revoked:
                self.event(child_id, "sao_revoked", self.in_term())
        for child_id in old_orders[revoked : revoked + _value(f, "s443_prosecutions")]:
            self.event(child_id, "prosecution", self.in_term())
        for _ in range(_value(f, "sao_intention_notices")):
            child_id = next(children)
            notice(child_id, self.day(earlier - datetime.timedelta(days=60), earlier))
            self.event(child_id, "intention_notice", self.in_term())
        for _ in range(_value(f, "s437_notices_served")):
            notice(next(children), self.in_term())

    def history(self) -> None:
        """Children who have left the register's counts: episodes that ended before the term,
        and children educated elsewhere part of the week (on the register, not in the return)."""
        for _ in range(PAST_CHILDREN):
            child_id = self.child()
            kind = self.rng.choices(["ehe", "cme", "s19"], weights=[60, 30, 10])[0]
            start = self.before_term(1000)
            end = self.day(start, self.term_start - datetime.timedelta(days=1))
            outcome = self.rng.choice(["returned_to_school", "moved_away", "other"])
            self.episode(child_id, kind, start, end_date=end, outcome=outcome,
                         referral_on=start if kind == "s19" else None)  # fmt: skip
        for _ in range(FLEXI_CHILDREN):
            self.episode(self.child(), "flexi", self.before_term(), arrangement="Three days a week in school",
                         hours_in_school=15)  # fmt: skip
