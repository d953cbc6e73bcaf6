"""Writes for episodes and the events on a child's record: notifications, consent, visits,
the SAO process, reclassification and closing."""

import datetime

from django.db import transaction

from notinschool.places.models import LocalAuthority
from notinschool.register.audit import audit_change
from notinschool.register.models import Child, Contact, Episode, Provider, SAOEvent
from notinschool.register.services.children import locked_update

EPISODE_FIELDS = {
    f.name for f in Episode._meta.get_fields() if f.concrete and f.name not in ("id", "child", "version", "recorded_by")
} - {"recorded_at"}


class RegisterError(Exception):
    """A change the register refuses, with a message for the officer."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _consent_needed(child: Child, previous_school_type: str) -> bool:
    """s434A: a child at a special school by LA arrangement, or under s47 enquiries or a child
    protection plan, may not be withdrawn to home education without the LA's consent."""
    return previous_school_type == "special" or bool(child.child_protection)


@transaction.atomic
def episode_create(*, la: LocalAuthority, child: Child, by, request=None, **values) -> Episode:
    """Open an episode for the child. An EHE episode for a child who needs the LA's consent
    (s434A) is marked as waiting for that decision."""
    values = {k: v for k, v in values.items() if k in EPISODE_FIELDS}
    episode = Episode(child=child, recorded_by=by, **values)
    if (
        episode.kind == Episode.Kind.EHE
        and not episode.consent
        and _consent_needed(child, episode.previous_school_type)
    ):
        episode.consent = Episode.Consent.PENDING
    if episode.end_date and episode.end_date < episode.start_date:
        raise RegisterError("The end date must be on or after the start date.")
    episode.save()
    audit_change(
        request=request, by=by, la=la, child_id=child.pk, what="episode.created", details={"episode": episode.pk}
    )
    return episode


@transaction.atomic
def episode_update(
    *, la: LocalAuthority, child: Child, episode: Episode, expected_version: int, by, request=None, **values
) -> Episode:
    """Change an episode. Raises ConcurrentEdit if someone saved it first."""
    values = {k: v for k, v in values.items() if k in EPISODE_FIELDS and k != "kind"}
    end, start = values.get("end_date", episode.end_date), values.get("start_date", episode.start_date)
    if end and start and end < start:
        raise RegisterError("The end date must be on or after the start date.")
    locked_update(child.episodes.all(), pk=episode.pk, expected_version=expected_version, values=values)
    audit_change(
        request=request,
        by=by,
        la=la,
        child_id=child.pk,
        what="episode.changed",
        details={"episode": episode.pk, "fields": sorted(values)},
    )
    return child.episodes.get(pk=episode.pk)


@transaction.atomic
def school_notification_record(
    *, la: LocalAuthority, child: Child, by, request=None, notified_on: datetime.date, school: str, school_type: str,
    start_date: datetime.date | None = None, reason: str = ""
) -> Episode:  # fmt: skip
    """A school tells the LA a parent is removing the child to home educate: open an EHE
    episode notified by the school (waiting for consent where s434A needs it)."""
    return episode_create(
        la=la,
        child=child,
        by=by,
        request=request,
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
    *, la: LocalAuthority, child: Child, episode: Episode, given: bool, decided_on: datetime.date, by, request=None
) -> Episode:
    """Record the LA's s434A consent decision. Refused consent ends the home education: the
    child stays on (or returns to) the school's roll."""
    if episode.kind != Episode.Kind.EHE:
        raise RegisterError("Consent to home educate applies to home education episodes only.")
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
        request=request,
        by=by,
        la=la,
        child_id=child.pk,
        what="episode.consent-decided",
        details={"episode": episode.pk, "consent": episode.consent},
    )
    return episode


@transaction.atomic
def episode_close(
    *, la: LocalAuthority, child: Child, episode: Episode, end_date: datetime.date, outcome: str,
    school_type_returned_to: str = "", notes: str = "", by, request=None
) -> Episode:  # fmt: skip
    """End an episode with its outcome."""
    if episode.end_date is not None:
        raise RegisterError("This episode has already ended.")
    if end_date < episode.start_date:
        raise RegisterError("The end date must be on or after the day the episode started.")
    episode.end_date, episode.outcome = end_date, outcome
    episode.school_type_returned_to = school_type_returned_to if outcome == Episode.Outcome.RETURNED_TO_SCHOOL else ""
    episode.outcome_notes = notes
    episode.version += 1
    episode.save(update_fields=["end_date", "outcome", "school_type_returned_to", "outcome_notes", "version"])
    audit_change(
        request=request,
        by=by,
        la=la,
        child_id=child.pk,
        what="episode.closed",
        details={"episode": episode.pk, "outcome": outcome},
    )
    return episode


@transaction.atomic
def reclassify_as_cme(
    *, la: LocalAuthority, child: Child, episode: Episode, on: datetime.date, by, request=None
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
        by=by,
        request=request,
    )
    return episode_create(
        la=la,
        child=child,
        by=by,
        request=request,
        kind=Episode.Kind.CME,
        start_date=on,
        missing_since=on,
        reason="unsuitable_ehe",
        identified_how="Home education found unsuitable",
    )


@transaction.atomic
def provider_add(*, la: LocalAuthority, child: Child, episode: Episode, by, request=None, **values) -> Provider:
    """Record someone else who educates a home-educated child."""
    provider = Provider.objects.create(episode=episode, **values)
    audit_change(
        request=request, by=by, la=la, child_id=child.pk, what="provider.added", details={"episode": episode.pk}
    )
    return provider


@transaction.atomic
def sao_event_record(*, la: LocalAuthority, child: Child, by, request=None, **values) -> SAOEvent:
    """Record a step of the SAO process."""
    if values.get("deadline") and values["deadline"] < values["happened_on"]:
        raise RegisterError("The deadline must be on or after the day the notice was served.")
    event = SAOEvent.objects.create(child=child, recorded_by=by, **values)
    audit_change(request=request, by=by, la=la, child_id=child.pk, what="sao.recorded", details={"kind": event.kind})
    return event


@transaction.atomic
def contact_record(*, la: LocalAuthority, child: Child, by, request=None, contact: Contact | None = None, **values):
    """Schedule a visit or other contact, or record one that happened (updating the scheduled
    one when `contact` is given)."""
    if contact is None:
        contact = Contact(child=child, recorded_by=by)
    for name, value in values.items():
        setattr(contact, name, value)
    contact.save()
    audit_change(
        request=request, by=by, la=la, child_id=child.pk, what="contact.recorded", details={"contact": contact.pk}
    )
    return contact
