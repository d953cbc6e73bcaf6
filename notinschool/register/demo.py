"""The demo register: a few hundred synthetic children in Kent (886) with episodes over several
terms. Every name is obviously made up; no record describes a real child."""

import datetime
import random

from notinschool.places.selectors import la_by_code
from notinschool.register.choices import categories
from notinschool.register.models import Address, Child, Contact, Episode, Parent, SAOEvent, new_token, normalise_name

CHILDREN = 300
SEED = 886
PREFIX = "DEMO-"
GIVEN = ["Alex", "Bea", "Cal", "Dee", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jas", "Kit", "Lou", "Max", "Nia", "Oli"]
FAMILY = ["Madeup", "Notreal", "Sampleton", "Testington", "Demoson", "Pretendly", "Fictional", "Dummyford"]
STREETS = ["Example Road", "Sample Lane", "Placeholder Street", "Fictional Way"]
FIRST_DAY = datetime.date(2023, 9, 1)


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def load() -> list[str]:
    """Replace Kent's demo register (children whose reference starts DEMO-) with a fresh one."""
    kent = la_by_code("886")
    if kent is None:
        return []
    kent.children.filter(local_reference__startswith=PREFIX).delete()
    rng = random.Random(SEED)  # noqa: S311 - repeatable demo data, not security
    today = datetime.date.today()
    breakdowns = ("ehe_reason", "cme_reason", "previous_school_type", "school_type_returned_to", "s19_provision_type")
    codes = {name: [c for c, _ in categories(name)] for name in breakdowns}
    children, addresses, parents, episodes, events, contacts = [], [], [], [], [], []
    for number in range(CHILDREN):
        given, family = rng.choice(GIVEN), f"{rng.choice(FAMILY)}{number % 7 or ''}"
        child = Child(
            id=new_token(), local_authority=kent, local_reference=f"{PREFIX}{number + 1:04d}",
            given_name=given, family_name=family, given_name_normalised=normalise_name(given),
            family_name_normalised=normalise_name(family),
            date_of_birth=_day(rng, datetime.date(2009, 9, 1), datetime.date(2021, 8, 31)),
            sex=rng.choice(["female", "male", "female", "male", "unknown"]),
            ehcp=rng.random() < 0.12, sen_support=rng.random() < 0.2,
        )  # fmt: skip
        children.append(child)
        addresses.append(
            Address(child=child, line_1=f"{number + 1} {rng.choice(STREETS)}", town="Demotown", postcode="ZZ99 9ZZ")
        )
        parents.append(Parent(child=child, name=f"Parent {family}", educates_child=rng.random() < 0.6))
        kind = rng.choices(["ehe", "cme", "s19", "flexi"], weights=[60, 25, 10, 5])[0]
        start = _day(rng, FIRST_DAY, today)
        end = _day(rng, start, today) if rng.random() < 0.35 else None
        episode = Episode(child=child, kind=kind, start_date=start, end_date=end)
        if end:
            episode.outcome = rng.choice(["returned_to_school", "returned_to_school", "moved_away", "other"])
            if episode.outcome == "returned_to_school":
                episode.school_type_returned_to = rng.choice(codes["school_type_returned_to"])
        if kind == "ehe":
            episode.reason = rng.choice(codes["ehe_reason"])
            episode.previous_school_type = rng.choice(codes["previous_school_type"])
            episode.notified_on = start
            episode.notified_by = rng.choice(["parent", "school"])
            episode.hours_by_parents = rng.choice([10, 15, 20, 25])
            if episode.previous_school_type == "special" and end is None:
                episode.consent = Episode.Consent.PENDING
        elif kind == "cme":
            episode.reason = rng.choice(codes["cme_reason"])
            episode.missing_since = start - datetime.timedelta(days=rng.randint(0, 60))
            episode.identified_how = rng.choice(["School", "Health visitor", "Housing", "Police"])
        elif kind == "s19":
            episode.referral_on = start
            episode.decision, episode.decision_on = "accepted", start + datetime.timedelta(days=rng.randint(1, 10))
            episode.provision_started_on = episode.decision_on + datetime.timedelta(days=rng.randint(1, 20))
            episode.provision_type = rng.choice(codes["s19_provision_type"])
            episode.full_time = rng.random() < 0.3
        else:
            episode.arrangement, episode.hours_in_school = "Three days a week in school", 15
        episodes.append(episode)
        if kind in ("ehe", "cme") and rng.random() < 0.08:
            notice = _day(rng, start, today)
            events.append(SAOEvent(child=child, kind="s437_notice", happened_on=notice,
                                   deadline=notice + datetime.timedelta(days=15)))  # fmt: skip
            if rng.random() < 0.5:
                served = notice + datetime.timedelta(days=rng.randint(20, 60))
                events.append(SAOEvent(child=child, kind="sao_served", happened_on=served, school_named="Demo Academy"))
        if rng.random() < 0.2:
            contacts.append(Contact(child=child, kind="home_visit", scheduled_for=_day(rng, start, today)))
    for rows in (children, addresses, parents, episodes, events, contacts):
        type(rows[0]).objects.bulk_create(rows, batch_size=1000)
    return [f"Demo register: {CHILDREN} synthetic children in Kent (officer@kent.example)."]
