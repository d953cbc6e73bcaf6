"""Recording releases, and checking a new one against everything its audience holds (ADR 0705)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict

from django.db import transaction
from django.db.models import Q

from notinschool.core.actor import Actor
from notinschool.core.errors import ServiceError
from notinschool.places.models import Network
from notinschool.sharing.models import Release, ReleasedTable, ReleaseLock
from notinschool.sharing.presenters import release_label
from notinschool.sharing.protection import Held, Note, Rebuild, exposures, protect, views_for
from notinschool.sharing.released import table_from, table_record
from notinschool.sharing.tables import MeasureTable


class ReleaseRefused(ServiceError):
    """Releasing these figures to this audience would let it work out a hidden figure."""


def lock_releases() -> None:
    """Hold the release lock until the transaction ends: releases are checked one at a time."""
    ReleaseLock.objects.get_or_create(pk=1)
    ReleaseLock.objects.select_for_update().get(pk=1)


def held_by_audience(tables: list[MeasureTable]) -> dict[str, list[Held]]:
    """Every table released before with the same period and quantity as one of ``tables``, by
    the audience holding it (whichever network released it: an LA can be in more than one)."""
    keys = {(t.period, t.group) for t in tables}
    if not keys:
        return {}
    query = Q()
    for period, group in keys:
        query |= Q(period=period, group=group)
    held = defaultdict(list)
    for row in ReleasedTable.objects.filter(query).select_related("release").order_by("release_id", "position"):
        held[row.release.audience].append(Held(row.release_id, table_from(row.table)))
    return dict(held)


def protected_tables(
    *, tables: list[MeasureTable], audience: str, rebuild: Rebuild
) -> tuple[list[MeasureTable], list[Note]]:
    """``tables`` hidden further wherever, with what ``audience`` (or, for the public, any
    audience) already holds, a hidden figure could be worked out; and why. Take the lock first."""
    return protect(tables, views_for(audience, held_by_audience(tables)), rebuild)


def shareable(*, tables: list[MeasureTable], audience: str) -> None:
    """Refuse, naming the figure and the release, if ``audience`` could work out a hidden figure
    from these tables (which cannot change) together with what it holds."""
    held = held_by_audience(tables)
    for view in views_for(audience, held):
        found = exposures(tables, view)
        if found:
            where, releases = found[0]
            named = " and ".join(release_label(r) for r in Release.objects.filter(pk__in=releases))
            raise ReleaseRefused(
                f"These figures cannot be shared with that audience: together with {named}, which they already "
                f"hold, {where} could be worked out. Build an extract for them instead; it hides what their "
                "earlier figures would give away."
            )


@transaction.atomic
def release_record(
    *,
    kind: str,
    audience: str,
    network: Network,
    tables: list[MeasureTable],
    notes: list[Note],
    actor: Actor,
    extract=None,
    share_link=None,
    period: str = "",
    fingerprint: str = "",
) -> Release:
    """Keep what was released, to whom, as released (immutable)."""
    release = Release.objects.create(
        kind=kind,
        audience=audience,
        network=network,
        extract=extract,
        share_link=share_link,
        period=period,
        fingerprint=fingerprint,
        notes=[asdict(note) for note in notes],
        made_by=actor.user,
    )
    ReleasedTable.objects.bulk_create(
        ReleasedTable(release=release, position=i, period=t.period, group=t.group, table=table_record(t))
        for i, t in enumerate(tables)
    )
    return release


def release_tables(release: Release) -> list[MeasureTable]:
    """A release's tables as released."""
    return [table_from(row.table) for row in release.tables.all()]
