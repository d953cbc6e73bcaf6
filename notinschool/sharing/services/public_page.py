"""The public page's figures, released (and recorded) when what it would show changes (ADR 0705).

Every audience can see the public page, so each new version is checked against what every
audience already holds, and later releases to any audience are checked against it. While its
figures and permissions stay the same, the page shows the version recorded last.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction

from notinschool.audit.services import audit_record
from notinschool.core.actor import Actor
from notinschool.places.models import Network
from notinschool.sharing.models import Release
from notinschool.sharing.recipients import PUBLIC
from notinschool.sharing.released import table_record
from notinschool.sharing.services import releases
from notinschool.sharing.services.extracts import Disclosed, disclosed_tables
from notinschool.sharing.tables import MeasureTable

PUBLIC_MEASURES = ["ehe_total", "cme_total", "ehe_starts", "sao_served", "s19_by_provision_type"]


@dataclass
class PublicPage:
    """The tables the public page shows, and how many LAs are in and out."""

    tables: list[MeasureTable]
    included: int
    excluded: int


def _fingerprint(tables: list[MeasureTable]) -> str:
    """What a version of the page is built from and shows, as one hash."""
    return hashlib.sha256(json.dumps([table_record(t) for t in tables], sort_keys=True).encode()).hexdigest()


def _latest(network: Network, period: str) -> Release | None:
    return (
        Release.objects.filter(kind=Release.Kind.PUBLIC_PAGE, network=network, period=period)
        .order_by("-made_at", "-id")
        .first()
    )


def public_page(*, network: Network, period: str, actor: Actor) -> PublicPage:
    """The network's public figures for a term: only LAs that gave permission for the public,
    rounded and suppressed, and checked against everything already released."""
    disclosed = disclosed_tables(network=network, recipient=PUBLIC, measure_codes=PUBLIC_MEASURES, periods=[period])
    page = PublicPage(
        disclosed.tables, len(disclosed.consented & {p.old_code for p in disclosed.places}), len(disclosed.excluded)
    )
    if not any(table.figures for table in disclosed.tables):
        return page  # nothing to release
    fingerprint = _fingerprint(disclosed.tables)
    latest = _latest(network, period)
    if latest is not None and latest.fingerprint == fingerprint:
        page.tables = releases.release_tables(latest)
    else:
        page.tables = _release(
            network=network, period=period, disclosed=disclosed, fingerprint=fingerprint, actor=actor
        )
    return page


@transaction.atomic
def _release(
    *, network: Network, period: str, disclosed: Disclosed, fingerprint: str, actor: Actor
) -> list[MeasureTable]:
    """Check and record a new version of the page (unless one was recorded meanwhile)."""
    releases.lock_releases()
    latest = _latest(network, period)
    if latest is not None and latest.fingerprint == fingerprint:
        return releases.release_tables(latest)
    tables, notes = releases.protected_tables(tables=disclosed.tables, audience=PUBLIC, rebuild=disclosed.rebuild)
    release = releases.release_record(
        kind=Release.Kind.PUBLIC_PAGE,
        audience=PUBLIC,
        network=network,
        tables=tables,
        notes=notes,
        actor=actor,
        period=period,
        fingerprint=fingerprint,
    )
    audit_record(
        action="sharing.public-page-released",
        actor=actor,
        target_type="Release",
        target_id=str(release.pk),
        details={"network": network.slug, "period": period, "hidden_for_earlier_releases": len(notes)},
    )
    return tables
