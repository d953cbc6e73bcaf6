"""Writes for episodes and the events on a child's record: notifications, consent, visits,
the SAO process, reclassification and closing."""

import datetime

from django.db import transaction

from notinschool.core.actor import Actor
from notinschool.core.errors import ServiceError
from notinschool.places.models import LocalAuthority
from notinschool.register import checks
from notinschool.register.audit import audit_change
from notinschool.register.models import Child, Contact, Episode, Provider, SAOEvent
from notinschool.register.services.children import locked_update
from notinschool.register.services.facts import as_text, facts_record, hours_a_week

EPISODE_FIELDS = {
    f.name for f in Episode._meta.get_fields() if f.concrete and f.name not in ("id", "child", "version", "recorded_by")
} - {"recorded_at"}


class RegisterError(ServiceError):
    """A change the register refuses, with a message for the officer."""


# Condition C of s436B(5) each kind of episode meets unless the officer records otherwise: a
# home-educated or missing child is on no school's roll; flexi-schooling and off-site education
# are arranged or agreed by the school; a part-time student is (c). s19 provision and a
# part-time timetable depend on the child, so the officer chooses.
DEFAULT_GROUND = {
    Episode.Kind.EHE: Episode.Ground.NOT_REGISTERED,
    Episode.Kind.CME: Episode.Ground.NOT_REGISTERED,
    Episode.Kind.FLEXI: Episode.Ground.EDUCATED_ELSEWHERE,
    Episode.Kind.OFF_SITE: Episode.Ground.EDUCATED_ELSEWHERE,
    Episode.Kind.PART_TIME_STUDENT: Episode.Ground.PART_TIME_STUDENT,
}
DATE_FIELDS = {
    "start_date": "start date",
    "end_date": "end date",
    "notified_on": "date the LA was told",
    "missing_since": "date education stopped",
    "referral_on": "date of referral",
    "fifteenth_missed_day": "date of the 15th missed day",
    "decision_on": "date of decision",
    "provision_started_on": "date provision started",
    "consent_decided_on": "date of the consent decision",
}


def _dates_checked(values: dict) -> None:
    """Register events have happened: no date after today."""
    today = datetime.date.today()
    for name, what in DATE_FIELDS.items():
        problem = checks.not_in_future(values.get(name), today=today, what=what)
        if problem:
            raise RegisterError(problem)


def episode_facts(child: Child) -> dict[str, str]:
    """s436B(5) and s436C(1)(d)–(e) as they now stand on the child's open episodes."""
    open_episodes = [e for e in child.episodes.all() if e.end_date is None]
    grounds = sorted({e.get_eligibility_ground_display() for e in open_episodes if e.eligibility_ground})
    ehe = [e for e in open_episodes if e.kind == Episode.Kind.EHE]
    providers = [p for e in ehe for p in e.providers.all() if p.ended_on is None]
    return {
        "eligibility": "; ".join(grounds) or "none recorded",
        "time_by_others": "; ".join(hours_a_week(e.hours_by_others) for e in ehe) or "none",
        "providers": "; ".join(
            f"{p.name} ({p.get_provider_type_display()}, {p.address or p.online_address or 'no address'}, "
            f"{as_text(p.hours_a_week) or '?'} h, {as_text(p.unsupervised_hours) or '?'} h without a parent)"
            for p in providers
        )
        or "none",
    }


def _consent_needed(child: Child, previous_school_type: str) -> bool:
    """s434A: a child at a special school by LA arrangement, or under s47 enquiries or a child
    protection plan, may not be withdrawn to home education without the LA's consent."""
    return previous_school_type == "special" or bool(child.child_protection)


@transaction.atomic
def episode_create(*, la: LocalAuthority, child: Child, actor: Actor, **values) -> Episode:
    """Open an episode for the child. An EHE episode for a child who needs the LA's consent
    (s434A) is marked as waiting for that decision."""
    values = {k: v for k, v in values.items() if k in EPISODE_FIELDS}
    _dates_checked(values)
    episode = Episode(child=child, recorded_by=actor.user, **values)
    if not episode.eligibility_ground:
        episode.eligibility_ground = DEFAULT_GROUND.get(Episode.Kind(episode.kind)) or ""
    if (
        episode.kind == Episode.Kind.EHE
        and not episode.consent
        and _consent_needed(child, episode.previous_school_type)
    ):
        episode.consent = Episode.Consent.PENDING
    if episode.end_date and episode.end_date < episode.start_date:
        raise RegisterError("The end date must be on or after the start date.")
    episode.save()
    facts_record(child=child, facts=episode_facts(child), changed_on=episode.start_date, actor=actor)
    audit_change(actor=actor, la=la, child_id=child.pk, what="episode.created", details={"episode": episode.pk})
    return episode


@transaction.atomic
def episode_update(
    *, la: LocalAuthority, child: Child, episode: Episode, expected_version: int, actor: Actor, **values
) -> Episode:
    """Change an episode. Raises ConcurrentEdit if someone saved it first."""
    values = {k: v for k, v in values.items() if k in EPISODE_FIELDS and k != "kind"}
    _dates_checked(values)
    end, start = values.get("end_date", episode.end_date), values.get("start_date", episode.start_date)
    if end and start and end < start:
        raise RegisterError("The end date must be on or after the start date.")
    locked_update(child.episodes.all(), pk=episode.pk, expected_version=expected_version, values=values)
    facts_record(child=child, facts=episode_facts(child), changed_on=datetime.date.today(), actor=actor)
    audit_change(
        actor=actor,
        la=la,
        child_id=child.pk,
        what="episode.changed",
        details={"episode": episode.pk, "fields": sorted(values)},
    )
    return child.episodes.get(pk=episode.pk)


@transaction.atomic
def school_notification_record(
    *, la: LocalAuthority, child: Child, actor: Actor, notified_on: datetime.date, school: str, school_type: str,
    start_date: datetime.date | None = None, reason: str = ""
) -> Episode:  # fmt: skip
    """A school tells the LA a parent is removing the child to home educate: open an EHE
    episode notified by the school (waiting for consent where s434A needs it)."""
    return episode_create(
        la=la,
        child=child,
        actor=actor,
        kind=Episode.Kind.EHE,
        start_date=start_date or notified_on,
        notified_on=notified_on,
        notified_by=Episode.NotifiedBy.SCHOOL,
        previous_school=school,
        previous_school_type=school_type,
        reason=reason,
    )


@transaction.atomic
def consent_decide(
    *, la: LocalAuthority, child: Child, episode: Episode, given: bool, decided_on: datetime.date, actor: Actor
) -> Episode:
    """Record the LA's s434A consent decision. Refused consent ends the home education: the
    child stays on (or returns to) the school's roll."""
    if episode.kind != Episode.Kind.EHE:
        raise RegisterError("Consent to home educate applies to home education episodes only.")
    _dates_checked({"consent_decided_on": decided_on})
    episode.consent = Episode.Consent.GIVEN if given else Episode.Consent.REFUSED
    episode.consent_decided_on = decided_on
    fields = ["consent", "consent_decided_on", "version"]
    if not given and episode.end_date is None:
        episode.end_date = decided_on
        episode.outcome = Episode.Outcome.RETURNED_TO_SCHOOL
        episode.outcome_notes = "Consent to home educate refused (s434A)."
        fields += ["end_date", "outcome", "outcome_notes"]
    episode.version += 1
    episode.save(update_fields=fields)
    audit_change(
        actor=actor,
        la=la,
        child_id=child.pk,
        what="episode.consent-decided",
        details={"episode": episode.pk, "consent": episode.consent},
    )
    return episode


@transaction.atomic
def episode_close(
    *, la: LocalAuthority, child: Child, episode: Episode, end_date: datetime.date, outcome: str,
    school_type_returned_to: str = "", notes: str = "", actor: Actor
) -> Episode:  # fmt: skip
    """End an episode with its outcome."""
    if episode.end_date is not None:
        raise RegisterError("This episode has already ended.")
    _dates_checked({"end_date": end_date})
    if end_date < episode.start_date:
        raise RegisterError("The end date must be on or after the day the episode started.")
    episode.end_date, episode.outcome = end_date, outcome
    episode.school_type_returned_to = school_type_returned_to if outcome == Episode.Outcome.RETURNED_TO_SCHOOL else ""
    episode.outcome_notes = notes
    episode.version += 1
    episode.save(update_fields=["end_date", "outcome", "school_type_returned_to", "outcome_notes", "version"])
    audit_change(
        actor=actor,
        la=la,
        child_id=child.pk,
        what="episode.closed",
        details={"episode": episode.pk, "outcome": outcome},
    )
    return episode


@transaction.atomic
def reclassify_as_cme(
    *, la: LocalAuthority, child: Child, episode: Episode, on: datetime.date, actor: Actor
) -> Episode:
    """Home education found unsuitable: end the EHE episode and open a CME episode, reason
    "unsuitable elective home education", missing since that day."""
    if episode.kind != Episode.Kind.EHE or episode.end_date is not None:
        raise RegisterError("Only an open home education episode can be reclassified as missing education.")
    episode.suitability = Episode.Suitability.UNSUITABLE
    episode.save(update_fields=["suitability"])
    episode_close(
        la=la,
        child=child,
        episode=episode,
        end_date=on,
        outcome=Episode.Outcome.RECLASSIFIED_CME,
        actor=actor,
    )
    return episode_create(
        la=la,
        child=child,
        actor=actor,
        kind=Episode.Kind.CME,
        start_date=on,
        missing_since=on,
        reason="unsuitable_ehe",
        identified_how="Home education found unsuitable",
    )


@transaction.atomic
def provider_add(*, la: LocalAuthority, child: Child, episode: Episode, actor: Actor, **values) -> Provider:
    """Record someone else who educates a home-educated child (s436C(1)(e)): their type,
    where they teach or their website or email when online, the hours, and the hours without
    a parent present."""
    if not (values.get("address") or values.get("online_address")):
        raise RegisterError("Enter where the education happens, or the website or email if it is online")
    hours, alone = values.get("hours_a_week"), values.get("unsupervised_hours")
    if hours is not None and alone is not None and alone > hours:
        raise RegisterError("The hours without a parent present cannot be more than the hours with this provider")
    provider = Provider.objects.create(episode=episode, **values)
    facts_record(child=child, facts=episode_facts(child), changed_on=datetime.date.today(), actor=actor)
    audit_change(actor=actor, la=la, child_id=child.pk, what="provider.added", details={"episode": episode.pk})
    return provider


@transaction.atomic
def sao_event_record(*, la: LocalAuthority, child: Child, actor: Actor, **values) -> SAOEvent:
    """Record a step of the SAO process. A step that comes before the law's order allows is
    recorded with `warnings` saying why it looks early (the officer may know better)."""
    problem = checks.not_in_future(values.get("happened_on"), today=datetime.date.today(), what="date of the step")
    if problem:
        raise RegisterError(problem)
    if values.get("deadline") and values["deadline"] < values["happened_on"]:
        raise RegisterError("The deadline must be on or after the day the notice was served.")
    warnings = checks.sao_warnings(
        values["kind"], values["happened_on"], values.get("deadline"), child.sao_events.all()
    )
    event = SAOEvent.objects.create(child=child, recorded_by=actor.user, **values)
    audit_change(
        actor=actor,
        la=la,
        child_id=child.pk,
        what="sao.recorded",
        details={"kind": event.kind, "warnings": len(warnings)},
    )
    event.warnings = warnings
    return event


@transaction.atomic
def contact_record(*, la: LocalAuthority, child: Child, actor: Actor, contact: Contact | None = None, **values):
    """Schedule a visit or other contact, or record one that happened (updating the scheduled
    one when `contact` is given)."""
    problem = checks.not_in_future(values.get("happened_on"), today=datetime.date.today(), what="date it happened")
    if problem:
        raise RegisterError(problem)
    if contact is None:
        contact = Contact(child=child, recorded_by=actor.user)
    for name, value in values.items():
        setattr(contact, name, value)
    contact.save()
    audit_change(actor=actor, la=la, child_id=child.pk, what="contact.recorded", details={"contact": contact.pk})
    return contact
