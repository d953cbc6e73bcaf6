"""Opening, changing, closing and reopening a network's collection for a period."""

import datetime

from django.db import IntegrityError, transaction

from notinschool.audit.actions import Action
from notinschool.audit.services import audit_record
from notinschool.core.actor import SYSTEM, Actor
from notinschool.core.errors import ServiceError
from notinschool.core.presenters import long_date
from notinschool.periods import UnknownPeriod
from notinschool.periods.specs import load_spec
from notinschool.places.models import Network
from notinschool.places.services import data_changed
from notinschool.returns.models import Collection


class CollectionError(ServiceError, ValueError):
    """A collection that cannot be opened or changed; the message says why."""


def _check_dates(census_date: datetime.date, due_date: datetime.date) -> None:
    if due_date <= census_date:
        raise CollectionError("The due date must be after the census date")


@transaction.atomic
def collection_open(
    *, network: Network, period: str, census_date: datetime.date, due_date: datetime.date, actor: Actor = SYSTEM
) -> Collection:
    """Open `period` for every LA in the network, with its census and due dates."""
    try:
        load_spec(period)
    except UnknownPeriod as exc:
        raise CollectionError(str(exc)) from exc
    _check_dates(census_date, due_date)
    try:
        with transaction.atomic():
            collection = Collection.objects.create(
                network=network, period=period, census_date=census_date, due_date=due_date, opened_by=actor.user
            )
    except IntegrityError as exc:
        raise CollectionError(f"{network.name} already has a collection for {period}") from exc
    data_changed(network_ids=[network.id])
    return collection


@transaction.atomic
def collection_update(
    *, collection: Collection, census_date: datetime.date, due_date: datetime.date, provisional_figures: str
) -> Collection:
    """Change a collection's dates, or how figures not yet approved show on the dashboard."""
    _check_dates(census_date, due_date)
    if provisional_figures not in Collection.Provisional.values:
        raise CollectionError("Choose whether figures not yet approved are hidden or marked provisional")
    collection.census_date, collection.due_date = census_date, due_date
    collection.provisional_figures = provisional_figures
    collection.save()
    data_changed(network_ids=[collection.network_id])
    return collection


@transaction.atomic
def collection_close(*, collection: Collection) -> Collection:
    """Stop LAs sending new versions for this period through this network."""
    collection.status = Collection.Status.CLOSED
    collection.save(update_fields=["status", "changed_at"])
    data_changed(network_ids=[collection.network_id])
    return collection


@transaction.atomic
def collection_reopen(*, collection: Collection) -> Collection:
    """Let LAs send new versions again."""
    collection.status = Collection.Status.OPEN
    collection.save(update_fields=["status", "changed_at"])
    data_changed(network_ids=[collection.network_id])
    return collection


DUE_DATE_CHANGED = Action.DUE_DATE_CHANGED


@transaction.atomic
def collection_due_date_change(
    *, collection: Collection, due_date: datetime.date, actor: Actor, note: str = ""
) -> Collection:
    """Move an open collection's due date: the change is written to the audit log and every LA
    in the network is told (its return contacts, else its contributors), with the coordinator's
    note if any. Reminders from then on use the new date."""
    from notinschool.returns.services.chasing import due_date_change_tell

    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    if not collection.is_open:
        raise CollectionError("The collection is closed: reopen it before changing its due date")
    if due_date == collection.due_date:
        raise CollectionError(f"The due date is already {long_date(due_date)}: enter a different date")
    _check_dates(collection.census_date, due_date)
    before = collection.due_date
    collection.due_date = due_date
    collection.save(update_fields=["due_date", "changed_at"])
    audit_record(
        action=DUE_DATE_CHANGED,
        actor=actor,
        target_type="Collection",
        target_id=str(collection.pk),
        details={
            "network": collection.network.slug,
            "period": collection.period,
            "from": before.isoformat(),
            "to": due_date.isoformat(),
            "note": note.strip()[:500],
        },
    )
    due_date_change_tell(collection=collection, before=before, actor=actor, note=note.strip())
    data_changed(network_ids=[collection.network_id])
    return collection
