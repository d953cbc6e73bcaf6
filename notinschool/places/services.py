"""Writes for places: loading the shipped reference data and statistical neighbours, networks,
comparison groups, and the data version every writer of dashboard figures bumps."""

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.db import transaction

from notinschool.core.errors import ServiceError
from notinschool.core.forms import single_line
from notinschool.intake import NEIGHBOURS, UnreadableFile, read_path, take
from notinschool.intake.errors import LAYOUT, NO_DATA
from notinschool.intake.report import ERROR, ROW_UNKNOWN_LA, FileRefused, Issue, Location
from notinschool.places import reference
from notinschool.places.models import (
    DataVersion,
    LocalAuthority,
    LocalAuthorityCode,
    Network,
    ReferenceVersion,
    Region,
    StatisticalNeighbour,
)
from notinschool.places.selectors import DATA_VERSION_KEPT_SECONDS, data_version_key

STATISTICAL_NEIGHBOURS_CSV = reference.DATA_DIR / "statistical_neighbours_may_2025.csv"
STATISTICAL_NEIGHBOURS_LEGACY_CSV = reference.DATA_DIR / "statistical_neighbours_may_2025_legacy.csv"
NEIGHBOURS_PER_LA = 10


class ReferenceDataError(ServiceError, ValueError):
    """Reference data that cannot be loaded; the message says which row and why."""


class NeighbourFileError(FileRefused, ReferenceDataError):
    """A statistical-neighbour file that is refused, with every problem in the one report every
    intake gives: nothing is changed."""

    default_code = LAYOUT


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Create or update every region, LA and LA code from the shipped files. Safe to re-run.

    Works in bulk (a handful of queries, not one per row) because every test and every
    `make run` calls it.
    """
    regions = {region.code: region for region in Region.objects.all()}
    for ref in reference.regions():
        region = regions.get(ref.code) or Region(code=ref.code)
        region.name, region.kind = ref.name, ref.kind
        regions[ref.code] = region
    _save_all(Region, regions.values(), ["name", "kind"])
    for ref in reference.regions():
        regions[ref.code].parent = regions[ref.parent_code] if ref.parent_code else None
    Region.objects.bulk_update(regions.values(), ["parent"])

    las = {la.old_code: la for la in LocalAuthority.objects.all()}
    for la_ref in reference.local_authorities():
        la = las.get(la_ref.old_code) or LocalAuthority(old_code=la_ref.old_code)
        la.new_code, la.name, la.status = la_ref.new_code, la_ref.name, la_ref.status
        la.region = regions[la_ref.region_code]
        la.sub_region = regions.get(la_ref.sub_region_code)
        la.ended_on = datetime.date.fromisoformat(la_ref.ended_on) if la_ref.ended_on else None
        las[la_ref.old_code] = la
    _save_all(LocalAuthority, las.values(), ["new_code", "name", "status", "region", "sub_region", "ended_on"])

    Successor = LocalAuthority.successors.through
    Successor.objects.all().delete()
    Successor.objects.bulk_create(
        Successor(from_localauthority=las[la_ref.old_code], to_localauthority=las[code])
        for la_ref in reference.local_authorities()
        for code in la_ref.successor_old_codes
    )

    existing = {code.code: code for code in LocalAuthorityCode.objects.all()}
    for la_ref in reference.local_authorities():
        wanted = {la_ref.old_code: LocalAuthorityCode.Kind.OLD, la_ref.new_code: LocalAuthorityCode.Kind.NEW}
        wanted.update({code: LocalAuthorityCode.Kind.FORMER_NEW for code in la_ref.former_new_codes})
        for code, kind in wanted.items():
            link = existing.get(code) or LocalAuthorityCode(code=code)
            link.kind, link.local_authority = kind, las[la_ref.old_code]
            existing[code] = link
    _save_all(LocalAuthorityCode, existing.values(), ["kind", "local_authority"])

    neighbours = load_statistical_neighbours(STATISTICAL_NEIGHBOURS_CSV.read_bytes())
    neighbours += load_statistical_neighbours(STATISTICAL_NEIGHBOURS_LEGACY_CSV.read_bytes())
    return {"regions": len(regions), "local_authorities": len(las), "codes": len(existing), "neighbours": neighbours}


def _save_all(model, objects, fields: list[str]) -> None:
    """Insert the new objects and update the stored ones, in two bulk queries."""
    objects = list(objects)
    new = [obj for obj in objects if obj.pk is None]
    stored = [obj for obj in objects if obj.pk is not None]
    model.objects.bulk_create(new)
    if stored:
        model.objects.bulk_update(stored, fields)
    if new and new[0].pk is None:
        # Backends that do not return ids from bulk inserts: read them back.
        key = "code" if model is not LocalAuthority else "old_code"
        ids = dict(model.objects.filter(**{f"{key}__in": [getattr(o, key) for o in new]}).values_list(key, "pk"))
        for obj in new:
            obj.pk = ids[getattr(obj, key)]


@dataclass(frozen=True)
class _NeighbourRow:
    la: LocalAuthority
    neighbours: list[tuple[LocalAuthority, str]]


def _parse_neighbours(rows: Iterable[dict], line_offset: int = 2) -> list[_NeighbourRow]:
    by_code = {code.code: code.local_authority for code in LocalAuthorityCode.objects.select_related("local_authority")}
    parsed = []
    problems = []
    for line, row in enumerate(rows, start=line_offset):
        given = row.get("la_num") or ""
        la = by_code.get(reference.normalise_code(given))
        if la is None:
            problems.append(_unknown(f"LA code {given!r} is not a known LA.", line, "la_num", given))
            continue
        neighbours = []
        for rank in range(1, NEIGHBOURS_PER_LA + 1):
            code = (row.get(f"sn{rank}") or "").strip()
            neighbour = by_code.get(code)
            if neighbour is None:
                message = f"neighbour {rank} of {la.name}, {code!r}, is not a known LA."
                problems.append(_unknown(message, line, f"sn{rank}", code))
                continue
            neighbours.append((neighbour, (row.get(f"snp{rank}") or "").strip().capitalize()))
        parsed.append(_NeighbourRow(la, neighbours))
    if problems:
        raise NeighbourFileError(problems)
    return parsed


def _unknown(message: str, line: int, column: str, value: str) -> Issue:
    fix = " Give the LA's three-digit code (or its E06/E08/E09/E10 code) as in DfE's file."
    return Issue(ROW_UNKNOWN_LA, ERROR, message + fix, Location.csv(line, column), value[:40])


@transaction.atomic
def load_statistical_neighbours(
    content: bytes, *, model_name: str = "DfE May 2025", file_name: str = "neighbours.csv"
) -> int:
    """Replace the neighbours of every LA in a DfE statistical-neighbour CSV (la_num, sn1..sn10).

    All-or-nothing: a problem anywhere leaves the stored neighbours as they were, and the
    NeighbourFileError names every problem in the one report every intake gives.
    """
    try:
        sheet = take(content, file_name, NEIGHBOURS).sheets[0]
    except UnreadableFile as exc:
        raise NeighbourFileError.unreadable(exc) from exc
    reader = sheet.records()
    required = {"la_num"} | {f"sn{rank}" for rank in range(1, NEIGHBOURS_PER_LA + 1)}
    missing = required - set(sheet.headings)
    if missing:
        message = f"The file has no column {', '.join(sorted(missing))}: is it DfE's neighbour file?"
        raise NeighbourFileError(Issue(LAYOUT, ERROR, message, Location.csv(1)))
    rows = _parse_neighbours(reader)
    if not rows:
        raise NeighbourFileError("The file has no rows of neighbours.", code=NO_DATA)
    StatisticalNeighbour.objects.filter(model_name=model_name, local_authority__in=[row.la for row in rows]).delete()
    created = StatisticalNeighbour.objects.bulk_create(
        StatisticalNeighbour(
            model_name=model_name, local_authority=row.la, neighbour=neighbour, rank=rank, closeness=closeness
        )
        for row in rows
        for rank, (neighbour, closeness) in enumerate(row.neighbours, start=1)
    )
    # Any network's profiles may show these LAs' neighbours.
    data_changed(everywhere=True)
    return len(created)


def load_statistical_neighbours_file(path: Path, *, model_name: str = "DfE May 2025") -> int:
    """Load a neighbour CSV from disk (the management command's entry point)."""
    try:
        content = read_path(path, NEIGHBOURS)
    except UnreadableFile as exc:
        raise NeighbourFileError.unreadable(exc) from exc
    return load_statistical_neighbours(content, model_name=model_name, file_name=path.name)


@transaction.atomic
def network_create(*, slug: str, name: str, la_codes: Iterable[str], description: str = "") -> Network:
    """Create (or refresh) a network from LA codes in either form."""
    las = []
    for code in la_codes:
        link = (
            LocalAuthorityCode.objects.select_related("local_authority")
            .filter(code=reference.normalise_code(code))
            .first()
        )
        if link is None:
            raise ReferenceDataError(f"{code!r} is not a known LA code")
        las.append(link.local_authority)
    network, _ = Network.objects.update_or_create(slug=slug, defaults={"name": name, "description": description})
    network.local_authorities.set(las)
    data_changed(network_ids=[network.id])
    return network


@transaction.atomic
def comparison_group_create(*, owner, name: str, local_authorities: Iterable[LocalAuthority], network=None):
    """Save a named set of LAs for the owner (and, when given, for everyone in a network)."""
    from notinschool.places.models import ComparisonGroup

    # Names appear in headings, tables, charts and downloads: one line of printable characters.
    group = ComparisonGroup.objects.create(owner=owner, name=single_line(name), network=network)
    group.local_authorities.set(local_authorities)
    return group


@transaction.atomic
def data_changed(*, network_ids: Iterable[int] = (), la_ids: Iterable[int] = (), everywhere: bool = False) -> None:
    """Give a new data version to every network whose dashboard could show what was just written.

    ``network_ids``: a network's own collections or members changed. ``la_ids``: these LAs'
    returns changed, which every network they belong to shows. ``everywhere``: something every
    network may show changed (DfE's published figures, population estimates, statistical
    neighbours, LA names). Call it from the writing service, last, inside its transaction: the
    new version is committed with the change, never before it or without it, and the version rows
    stay locked only until the commit (ADR 0007)."""
    if everywhere:
        ReferenceVersion.objects.bulk_create(
            [ReferenceVersion(id=1, version=uuid.uuid4().hex)],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["version", "changed_at"],
        )
        ids = set(Network.objects.values_list("id", flat=True))
    else:
        ids = set(network_ids)
        la_ids = list(la_ids)
        if la_ids:
            ids |= set(Network.objects.filter(local_authorities__in=la_ids).values_list("id", flat=True))
    if not ids:
        return
    version = uuid.uuid4().hex  # never seen before, so it can never bring back a page from another state
    DataVersion.objects.bulk_create(
        # In id order, so two writers bumping several networks lock the rows in the same order.
        [DataVersion(network_id=network_id, version=version) for network_id in sorted(ids)],
        update_conflicts=True,
        unique_fields=["network"],
        update_fields=["version", "changed_at"],
    )
    # The version kept for pages seen again (ADR 0617): gone at once, so nothing in this process
    # reads the old one from the cache, and set to the new one when it is committed (a reader who
    # put the old one back meanwhile is overwritten; on a rollback the key just refills).
    slugs = Network.objects.filter(id__in=ids).values_list("slug", flat=True)
    keys = {data_version_key(slug): version for slug in slugs}
    cache.delete_many(list(keys))
    transaction.on_commit(lambda: cache.set_many(keys, DATA_VERSION_KEPT_SECONDS))
