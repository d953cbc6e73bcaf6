"""Reads for places.

Other apps read places through these functions. What the dashboard needs (LAs, a network's
members, statistical neighbours, comparison groups, population estimates) comes back as plain
values: `Place`, `GroupRef`, codes and numbers, never model instances.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from notinschool.core.compiled_rows import CompiledRows
from notinschool.core.text import digits_only
from notinschool.places import reference
from notinschool.places.models import (
    ComparisonGroup,
    DataVersion,
    LocalAuthority,
    LocalAuthorityCode,
    Network,
    PopulationEstimate,
    ReferenceVersion,
    Region,
    StatisticalNeighbour,
)

NEIGHBOUR_MODEL = "DfE May 2025"
_LARGEST_ID = 2**63 - 1  # ids are 64-bit: a larger number in an address names nothing


def la_by_code(code: str) -> LocalAuthority | None:
    """The LA known by any of its codes (886, E10000016, or Buckinghamshire's E10000002)."""
    link = (
        LocalAuthorityCode.objects.select_related("local_authority__region", "local_authority__sub_region")
        .filter(code=reference.normalise_code(code))
        .first()
    )
    return link.local_authority if link else None


def current_local_authorities() -> QuerySet[LocalAuthority]:
    """LAs that exist today, with their regions, in name order."""
    return LocalAuthority.objects.filter(status=LocalAuthority.Status.CURRENT).select_related("region", "sub_region")


def regions_in_order() -> QuerySet[Region]:
    """England first, then the regions, then Inner and Outer London."""
    return Region.objects.order_by("kind", "code")


def statistical_neighbours(la: LocalAuthority, *, model_name: str = NEIGHBOUR_MODEL) -> list[StatisticalNeighbour]:
    """The LA's ten statistical neighbours, closest first."""
    return list(
        StatisticalNeighbour.objects.filter(model_name=model_name, local_authority=la)
        .select_related("neighbour")
        .order_by("rank")
    )


def network_by_slug(slug: str) -> Network | None:
    """The network with this short name, or None. It carries its data version as read with it
    (``network_ref`` gives both), so a page reads the version once, before any figure."""
    # Written as SQL: every dashboard request asks, and Django spent longer composing the
    # subquery than the database spends answering it.
    found = list(Network.objects.raw(_NETWORK_BY_SLUG, [slug]))
    return found[0] if found else None


# Table names from the models; the slug is a parameter.
_NETWORK_BY_SLUG = (
    "SELECT network.*, version.version AS data_version_when_read, "  # noqa: S608
    f"reference.version AS reference_version_when_read FROM {Network._meta.db_table} network "
    f"LEFT JOIN {DataVersion._meta.db_table} version ON version.network_id = network.id "
    f"LEFT JOIN {ReferenceVersion._meta.db_table} reference ON reference.id = 1 WHERE network.slug = %s"
)


def networks_other_than(network: Network) -> QuerySet[Network]:
    """Every network but this one (for example, whom a network may share with)."""
    return Network.objects.exclude(pk=network.pk)


def data_version(network: Network) -> str:
    """The network's data version now: a value that changes with every write of anything its
    dashboard shows (see `services.data_changed`). A network never written for yet is given one."""
    found, _ = DataVersion.objects.get_or_create(network_id=network.id, defaults={"version": uuid.uuid4().hex})
    return found.version


# A network's data version as kept in the shared cache for a page seen again (ADR 0617): written
# by `services.data_changed` when a version changes (removed at once, the new one set when it
# commits), and kept a few seconds at most, so a writer that died between its commit and that
# setting, or two writers' settings arriving in the wrong order, leave it stale no longer.
DATA_VERSION_KEPT_SECONDS = 5


def data_version_key(slug: str) -> str:
    """The shared cache's key for the data version of the network with this short name."""
    return f"data-version:{slug}"


def data_version_now(slug: str) -> str | None:
    """The data version of the network with this short name, through the shared cache: None when
    no such network exists (or it was never written for)."""
    key = data_version_key(slug)
    found = cache.get(key)
    if found is not None:
        return found
    network = network_by_slug(slug)
    version = getattr(network, "data_version_when_read", None) if network is not None else None
    if version is None:
        return None
    # add, not set: a writer's newer version, set since this read, is never overwritten with it.
    cache.add(key, version, DATA_VERSION_KEPT_SECONDS)
    return version


def reference_version() -> str:
    """The version of what every network shares (``ReferenceVersion``), given one if never written."""
    found, _ = ReferenceVersion.objects.get_or_create(id=1, defaults={"version": uuid.uuid4().hex})
    return found.version


def home_region_id(user) -> int | None:
    """The region a person works in: their LA's, or the one most of their network's LAs are in."""
    if user.local_authority_id:
        return user.local_authority.region_id
    if user.network_id:
        counts = user.network.local_authorities.values("region_id").annotate(n=Count("id")).order_by("-n", "region_id")
        first = counts.first()
        return first["region_id"] if first else None
    return None


# --- Plain values for other apps (the dashboard) --------------------------------------------


@dataclass(frozen=True)
class Place:
    """An LA as other apps name it: by its old code (886), with its name, new code and region."""

    code: str
    name: str
    new_code: str
    region_code: str


def _places(local_authorities: QuerySet[LocalAuthority]) -> list[Place]:
    """LAs as Places, in name order. Reads four columns, not two model instances an LA: a
    national network's pages ask for 153 of them on every page they build."""
    rows = local_authorities.values_list("old_code", "name", "new_code", "region__code")
    return sorted((Place(*row) for row in rows), key=lambda p: p.name)


@dataclass(frozen=True)
class NetworkRef:
    """A network as other apps' pages name it, with its data version and the reference version
    (what every network shares) when it was read."""

    id: int
    slug: str
    name: str
    data_version: str
    reference_version: str


def network_ref(network: Network) -> NetworkRef:
    """The network as a plain value, with the versions read with it by `network_by_slug` (read
    now when it came another way)."""
    version = getattr(network, "data_version_when_read", None) or data_version(network)
    reference = getattr(network, "reference_version_when_read", None) or reference_version()
    return NetworkRef(network.id, network.slug, network.name, version, reference)


def network_places(network_id: int) -> list[Place]:
    """The network's LAs, in name order."""
    return _places(LocalAuthority.objects.filter(networks=network_id))


def places_by_codes(codes: Iterable[str]) -> list[Place]:
    """Current and former LAs known by any of these codes (old, new or earlier new), in name
    order; unknown codes are dropped. One query."""
    wanted = {reference.normalise_code(code) for code in codes}
    if not wanted:
        return []
    found = LocalAuthority.objects.filter(codes__code__in=wanted).distinct()
    return _places(found)


def places_by_every_code() -> dict[str, Place]:
    """{code: Place} for every code any LA, current or former, has been known by (old, new and
    earlier new codes), in one query: ``places_by_codes`` for any codes, worked out in Python."""
    rows = LocalAuthorityCode.objects.order_by().values_list(
        "code",
        "local_authority__old_code",
        "local_authority__name",
        "local_authority__new_code",
        "local_authority__region__code",
    )
    places: dict[str, Place] = {}  # one Place an LA, however many codes it has
    return {code: places.setdefault(old, Place(old, name, new, region)) for code, old, name, new, region in rows}


def places_by_old_codes(codes: Iterable[str]) -> dict[str, Place]:
    """{old code: Place} for the LAs with these old codes, in one query (statistical neighbours
    and comparison groups are stored by old code)."""
    found = LocalAuthority.objects.filter(old_code__in=set(codes))
    return {place.code: place for place in _places(found)}


def place_in_network(network_id: int, code: str) -> Place | None:
    """The LA known by ``code`` (any of its codes) when it is one of the network's, else None."""
    found = LocalAuthority.objects.filter(networks=network_id, codes__code=reference.normalise_code(code))
    places = _places(found)
    return places[0] if places else None


def neighbour_codes(la_codes: Iterable[str], *, model_name: str = NEIGHBOUR_MODEL) -> dict[str, list[str]]:
    """{old code: old codes of its statistical neighbours, closest first} for LAs known by these
    old codes (an LA with none, or unknown, has an empty list). One query for any number of LAs."""
    codes = list(dict.fromkeys(la_codes))
    found: dict[str, list[str]] = {code: [] for code in codes}
    rows = (
        StatisticalNeighbour.objects.filter(model_name=model_name, local_authority__old_code__in=codes)
        .order_by("local_authority__old_code", "rank")
        .values_list("local_authority__old_code", "neighbour__old_code")
    )
    for code, neighbour in rows:
        found[code].append(neighbour)
    return found


@dataclass(frozen=True)
class GroupRef:
    """A saved comparison group: its id, name and members' old codes (sorted)."""

    id: int
    name: str
    la_codes: tuple[str, ...]


def _group_rows(*, network_id: int, owner_id: int | None = None, group_id: int | None = None):
    """The rows of the groups shared with the network or owned by ``owner_id``, in name order."""
    shared_or_own = Q(network_id=network_id) if owner_id is None else Q(owner_id=owner_id) | Q(network_id=network_id)
    groups = ComparisonGroup.objects.filter(shared_or_own)
    if group_id is not None:
        groups = groups.filter(id=group_id)
    return groups.order_by("name", "id").values_list("id", "name", "local_authorities__old_code")


_GROUP_ROWS = CompiledRows(_group_rows)  # every dashboard page reads them (ADR 0619)


def _groups(user, network_id: int, group_id: int | None = None) -> list[GroupRef]:
    members: dict[int, list[str]] = defaultdict(list)
    names: dict[int, str] = {}
    own = {} if user.pk is None else {"owner_id": user.pk}  # someone signed out owns no group
    chosen = {} if group_id is None else {"group_id": group_id}
    for found_id, name, code in _GROUP_ROWS.rows(network_id=network_id, **own, **chosen):
        names[found_id] = name
        if code is not None:
            members[found_id].append(code)
    return [GroupRef(found_id, name, tuple(sorted(members[found_id]))) for found_id, name in names.items()]


def comparison_groups_for(user, network_id: int) -> list[GroupRef]:
    """Groups the person may choose on a network's pages: their own, and those shared with the
    network, in name order. One query."""
    return _groups(user, network_id)


def comparison_group(user, network_id: int, group_id: str) -> GroupRef | None:
    """One group the person may choose on a network's pages (by its id as written in a URL), or None."""
    text = str(group_id)
    if not digits_only(text) or int(text) > _LARGEST_ID:
        return None
    found = _groups(user, network_id, int(text))
    return found[0] if found else None


_LA_IN_NETWORK = CompiledRows(
    lambda *, network_id, la_id: (
        Network.local_authorities.through.objects.filter(network_id=network_id, localauthority_id=la_id)
        .order_by()
        .values_list("pk")[:1]
    )
)


def la_in_network(network_id: int, la_id: int) -> bool:
    """Whether the LA (by id) is one of the network's: every network page asks. One query."""
    return bool(_LA_IN_NETWORK.rows(network_id=network_id, la_id=la_id))


def population_estimates(la_codes: Iterable[str], *, up_to_year: int) -> dict[str, dict[int, int]]:
    """{old code: {mid-year: children aged 5 to 16}} of ONS's estimates for these LAs, for years up
    to ``up_to_year``. An LA with no estimate is absent. One query."""
    found: dict[str, dict[int, int]] = defaultdict(dict)
    rows = PopulationEstimate.objects.filter(
        local_authority__old_code__in=list(la_codes), mid_year__lte=up_to_year
    ).values_list("local_authority__old_code", "mid_year", "age_5_to_16")
    for code, year, children in rows:
        found[code][year] = children
    return dict(found)
