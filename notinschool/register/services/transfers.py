"""A child who moves to another LA: the sending LA records the move and exports a transfer
record (the required facts only, never case notes); the receiving LA imports it into its own
register. Each side is audited; nothing crosses automatically. The format is documented in
docs/register-transfer.md (ADR 0510)."""

import datetime
import json
import uuid
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from notinschool.core.actor import Actor
from notinschool.core.errors import ServiceError
from notinschool.places.models import LocalAuthority
from notinschool.register import checks, factset
from notinschool.register.audit import audit_change
from notinschool.register.models import Child, Episode, Parent, Provider, Source, Transfer
from notinschool.register.services.children import InvalidChild, child_create, parent_facts
from notinschool.register.services.episodes import episode_close, episode_facts
from notinschool.register.services.facts import facts_record

FORMAT = "notinschool-register-transfer"
VERSION = 1
MAX_BYTES = 200_000
CHILD_KEYS = ("given_name", "family_name", "date_of_birth", "sex", "upn", "nhs_number")
ADDRESS_KEYS = ("line_1", "line_2", "town", "postcode")
PARENT_KEYS = ("name", "relationship", "address", "educates_child", "hours_educating")
EPISODE_KEYS = ("kind", "eligibility_ground", "start_date", "hours_by_parents", "hours_by_others")
PROVIDER_KEYS = ("name", "provider_type", "address", "online_address", "hours_a_week", "unsupervised_hours")


class TransferRefused(ServiceError):
    """A move or a transfer record the register will not take, saying why."""


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@transaction.atomic
def transfer_out(
    *, la: LocalAuthority, child: Child, to_la: LocalAuthority, moved_on: datetime.date, actor: Actor
) -> Transfer:
    """The child has moved to `to_la`: end their open episodes ("moved away") and record the
    transfer, whose record the officer then downloads and sends to the new LA."""
    if to_la == la:
        raise TransferRefused("Choose the LA the child has moved to: it cannot be this one.")
    problem = checks.not_in_future(moved_on, today=datetime.date.today(), what="date they moved")
    if problem:
        raise TransferRefused(problem)
    open_episodes = list(child.episodes.filter(end_date__isnull=True))
    if not open_episodes:
        raise TransferRefused("The child has no open episode, so there is nothing for the new LA to take on.")
    transfer = Transfer.objects.create(
        local_authority=la, direction=Transfer.Direction.OUT, other_la=to_la, child=child, moved_on=moved_on,
        recorded_by=actor.user,
    )  # fmt: skip
    for episode in open_episodes:
        if episode.start_date > moved_on:
            raise TransferRefused("The move cannot be before an open episode started.")
        episode_close(la=la, child=child, episode=episode, end_date=moved_on, outcome=Episode.Outcome.MOVED_AWAY,
                      notes=f"Moved to {to_la.name}.", actor=actor)  # fmt: skip
    audit_change(
        actor=actor, la=la, child_id=child.pk, what="transfer.recorded",
        details={"transfer": str(transfer.transfer_id), "to_la": to_la.old_code},
    )  # fmt: skip
    return transfer


def transfer_document(*, la: LocalAuthority, transfer: Transfer, actor: Actor) -> dict:
    """The transfer record: the facts s436C(1) and s436B(5) require, as they stood when the
    child moved, and the identifiers for matching. No notes, contacts, SAO steps, optional
    facts or phone numbers. Each download is audited."""
    child = transfer.child
    if child is None:
        raise TransferRefused("The child's record has been erased, so the transfer record cannot be made.")
    moved = [e for e in child.episodes.all() if e.end_date == transfer.moved_on and e.outcome == "moved_away"]
    address = child.addresses.order_by("-lived_from", "-id").first()
    document = {
        "format": FORMAT,
        "version": VERSION,
        "transfer_id": str(transfer.transfer_id),
        "from_la": {"code": la.old_code, "name": la.name},
        "to_la": {"code": transfer.other_la.old_code, "name": transfer.other_la.name},
        "moved_on": transfer.moved_on.isoformat(),
        "field_set": factset.in_force(transfer.moved_on).version,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "child": {key: _plain(getattr(child, key)) for key in CHILD_KEYS},
        "home_address": {key: getattr(address, key) for key in ADDRESS_KEYS} if address else None,
        "parents": [{key: _plain(getattr(p, key)) for key in PARENT_KEYS} for p in child.parents.all()],
        "episodes": [
            {
                **{key: _plain(getattr(e, key)) for key in EPISODE_KEYS},
                "providers": [
                    {key: _plain(getattr(p, key)) for key in PROVIDER_KEYS}
                    for p in e.providers.all()
                    if p.ended_on is None
                ],
            }
            for e in moved
        ],
    }
    audit_change(
        actor=actor, la=la, child_id=child.pk, what="transfer.exported",
        details={"transfer": str(transfer.transfer_id), "to_la": transfer.other_la.old_code},
    )  # fmt: skip
    return document


def _date(value, what: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise TransferRefused(f"The transfer record's {what} is not a date written as YYYY-MM-DD.") from exc


def _hours(value, what: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        hours = Decimal(str(value))
    except InvalidOperation as exc:
        raise TransferRefused(f"The transfer record's {what} is not a number of hours.") from exc
    if not Decimal(0) <= hours <= Decimal("168"):
        raise TransferRefused(f"The transfer record's {what} is not between 0 and 168 hours a week.")
    return hours


def _choice(value, choices, what: str) -> str:
    if value not in dict(choices):
        raise TransferRefused(f"The transfer record's {what} ({value!r}) is not one the register knows.")
    return value


def read_transfer(data: bytes) -> dict:
    """The transfer record in a file, its shape checked; TransferRefused saying what is wrong."""
    if len(data) > MAX_BYTES:
        raise TransferRefused("This file is too large to be a transfer record.")
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise TransferRefused("This file is not a transfer record: it is not JSON.") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TransferRefused("This file is not a register transfer record.")
    if document.get("version") != VERSION:
        raise TransferRefused(
            f"This transfer record is version {document.get('version')!r}; the register reads {VERSION}."
        )
    for key in ("transfer_id", "from_la", "to_la", "moved_on", "child", "parents", "episodes"):
        if key not in document:
            raise TransferRefused(f"The transfer record has no {key.replace('_', ' ')}.")
    try:
        uuid.UUID(str(document["transfer_id"]))
    except ValueError as exc:
        raise TransferRefused("The transfer record's id is not valid.") from exc
    return document


@transaction.atomic
def transfer_in(*, la: LocalAuthority, data: bytes, actor: Actor) -> Child:
    """Add the child in a transfer record sent to this LA to its register, with their parents,
    episodes (starting the day they moved) and providers. Possible duplicates are flagged, not
    merged; a record is imported once."""
    document = read_transfer(data)
    to_code = str((document.get("to_la") or {}).get("code", ""))
    if to_code != la.old_code:
        raise TransferRefused(f"This transfer record is for LA {to_code or '(none)'}, not {la.name}.")
    from_la = LocalAuthority.objects.filter(old_code=str((document.get("from_la") or {}).get("code", ""))).first()
    if from_la is None or from_la == la:
        raise TransferRefused("The transfer record does not name the LA it came from.")
    moved_on = _date(document["moved_on"], "date of the move")
    if moved_on is None:
        raise TransferRefused("The transfer record has no date of the move.")
    sent = document["child"] if isinstance(document["child"], dict) else {}
    values = {key: sent.get(key) or "" for key in CHILD_KEYS}
    values["date_of_birth"] = _date(sent.get("date_of_birth"), "date of birth")
    values["sex"] = _choice(values["sex"] or "unknown", Child.Sex.choices, "sex")
    if not values["given_name"] or not values["family_name"]:
        raise TransferRefused("The transfer record has no name for the child.")
    address = document.get("home_address") or None
    if address is not None:
        address = {key: str(address.get(key) or "") for key in ADDRESS_KEYS}
        address["lived_from"] = moved_on
    try:
        child = child_create(la=la, actor=actor, address=address, source=Source.TRANSFER, **values)
    except InvalidChild as exc:
        raise TransferRefused(f"The transfer record's details are refused: {exc.message}") from exc
    for parent in document["parents"]:
        Parent.objects.create(
            child=child, name=str(parent.get("name") or "")[:200] or "Not named",
            relationship=str(parent.get("relationship") or "")[:50],
            address=str(parent.get("address") or "")[:400], educates_child=bool(parent.get("educates_child")),
            hours_educating=_hours(parent.get("hours_educating"), "hours a parent educates"),
        )  # fmt: skip
    for sent_episode in document["episodes"]:
        episode = Episode.objects.create(
            child=child, kind=_choice(sent_episode.get("kind"), Episode.Kind.choices, "kind of episode"),
            eligibility_ground=_choice(sent_episode.get("eligibility_ground") or "not_eligible", Episode.Ground.choices,
                                       "eligibility ground"),
            start_date=moved_on, hours_by_parents=_hours(sent_episode.get("hours_by_parents"), "hours by parents"),
            hours_by_others=_hours(sent_episode.get("hours_by_others"), "hours by others"), recorded_by=actor.user,
        )  # fmt: skip
        for provider in sent_episode.get("providers") or []:
            Provider.objects.create(
                episode=episode, name=str(provider.get("name") or "")[:200],
                provider_type=_choice(provider.get("provider_type"), Provider.Type.choices, "provider type"),
                address=str(provider.get("address") or "")[:400],
                online_address=str(provider.get("online_address") or "")[:300],
                hours_a_week=_hours(provider.get("hours_a_week"), "provider's hours"),
                unsupervised_hours=_hours(provider.get("unsupervised_hours"), "provider's hours without a parent"),
            )  # fmt: skip
    facts_record(child=child, facts={**parent_facts(child), **episode_facts(child)}, changed_on=moved_on,
                 source=Source.TRANSFER, actor=actor)  # fmt: skip
    try:
        with transaction.atomic():
            Transfer.objects.create(
                local_authority=la, direction=Transfer.Direction.IN, transfer_id=document["transfer_id"],
                other_la=from_la, child=child, moved_on=moved_on, recorded_by=actor.user,
            )  # fmt: skip
    except IntegrityError as exc:
        raise TransferRefused("This transfer record has been imported already.") from exc
    audit_change(
        actor=actor, la=la, child_id=child.pk, what="transfer.imported",
        details={"transfer": str(document["transfer_id"]), "from_la": from_la.old_code},
    )  # fmt: skip
    return child
