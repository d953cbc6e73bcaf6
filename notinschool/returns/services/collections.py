"""Opening, changing, closing and reopening a network's collection for a period."""

import datetime

from django.db import IntegrityError, transaction

from notinschool.places.models import Network
from notinschool.returns.models import Collection
from notinschool.validation.periods import UnknownPeriod
from notinschool.validation.specs import load_spec


class CollectionError(ValueError):
    """A collection that cannot be opened or changed; the message says why."""


def _check_dates(census_date: datetime.date, due_date: datetime.date) -> None:
    if due_date <= census_date:
        raise CollectionError("The due date must be after the census date")


@transaction.atomic
def collection_open(
    *, network: Network, period: str, census_date: datetime.date, due_date: datetime.date, by=None
) -> Collection:
    """Open `period` for every LA in the network, with its census and due dates."""
    try:
        load_spec(period)
    except UnknownPeriod as exc:
        raise CollectionError(str(exc)) from exc
    _check_dates(census_date, due_date)
    try:
        with transaction.atomic():
            return Collection.objects.create(
                network=network, period=period, census_date=census_date, due_date=due_date, opened_by=by
            )
    except IntegrityError as exc:
        raise CollectionError(f"{network.name} already has a collection for {period}") from exc


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
    return collection


@transaction.atomic
def collection_close(*, collection: Collection) -> Collection:
    """Stop LAs sending new versions for this period through this network."""
    collection.status = Collection.Status.CLOSED
    collection.save(update_fields=["status", "changed_at"])
    return collection


@transaction.atomic
def collection_reopen(*, collection: Collection) -> Collection:
    """Let LAs send new versions again."""
    collection.status = Collection.Status.OPEN
    collection.save(update_fields=["status", "changed_at"])
    return collection
