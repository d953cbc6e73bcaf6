"""Reads for the dashboard: a network's LAs, their return figures per period, comparison groups.

Figures come from approved versions; when a network's collection for the period says
"show them marked provisional", LAs without an approved version contribute their current
version instead, flagged provisional. Only the measures asked for are read, in one query per call.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from notinschool.places.models import ComparisonGroup, LocalAuthority, Network
from notinschool.places.selectors import la_by_code, statistical_neighbours
from notinschool.returns.models import Collection, Return, ReturnFigure
from notinschool.validation.specs import Key


@dataclass(frozen=True)
class Place:
    """An LA as the dashboard names it."""

    code: str
    name: str
    new_code: str
    region_code: str


@dataclass
class LaFigures:
    """One LA's figures for one period and whether they are provisional."""

    values: dict[Key, int | None] = field(default_factory=dict)
    provisional: bool = False

    def get(self, measure: str, category: str | None = None) -> int | None:
        return self.values.get((measure, category))


def places_of(local_authorities: Iterable[LocalAuthority]) -> list[Place]:
    """LAs as Places, in name order."""
    return sorted(
        (Place(la.old_code, la.name, la.new_code, la.region.code) for la in local_authorities),
        key=lambda p: p.name,
    )


def network_places(network: Network) -> list[Place]:
    """The network's LAs, in name order."""
    return places_of(network.local_authorities.select_related("region"))


def places_by_codes(codes: Iterable[str]) -> list[Place]:
    """Current LAs known by any of these codes (old, new or former), in name order; unknown codes are dropped."""
    found = {}
    for code in codes:
        la = la_by_code(code)
        if la is not None:
            found[la.old_code] = la
    return places_of(found.values())


def places_by_old_codes(codes: Iterable[str]) -> dict[str, Place]:
    """{old code: Place} for LAs known by these old codes, in one query (statistical neighbours
    and comparison groups are stored by old code)."""
    found = LocalAuthority.objects.filter(old_code__in=set(codes)).select_related("region")
    return {place.code: place for place in places_of(found)}


def collections_by_period(network: Network, periods: Iterable[str]) -> dict[str, Collection]:
    """The network's collections for the given periods."""
    return {c.period: c for c in Collection.objects.filter(network=network, period__in=list(periods))}


def periods_with_collections(network: Network) -> list[str]:
    """Periods the network has opened a collection for, newest first."""
    return list(Collection.objects.filter(network=network).order_by("-period").values_list("period", flat=True))


def shows_provisional(collection: Collection | None) -> bool:
    """True when the coordinator chose to show figures not yet approved, marked provisional."""
    return collection is not None and collection.provisional_figures == Collection.Provisional.MARK


def figures_by_period(
    *,
    network: Network,
    periods: Iterable[str],
    la_codes: Iterable[str],
    measures: Iterable[str],
) -> dict[str, dict[str, LaFigures]]:
    """{period: {LA old code: LaFigures}} for the given measures; LAs with nothing are absent."""
    periods = list(periods)
    collections = collections_by_period(network, periods)
    returns = Return.objects.filter(period__in=periods, local_authority__old_code__in=list(la_codes)).values_list(
        "period", "local_authority__old_code", "approved_version_id", "current_version_id"
    )
    chosen: dict[int, tuple[str, str, bool]] = {}
    for period, code, approved_id, current_id in returns:
        if approved_id is not None:
            chosen[approved_id] = (period, code, False)
        elif current_id is not None and shows_provisional(collections.get(period)):
            chosen[current_id] = (period, code, True)
    result: dict[str, dict[str, LaFigures]] = defaultdict(dict)
    for period, code, provisional in chosen.values():
        result[period][code] = LaFigures(provisional=provisional)
    rows = ReturnFigure.objects.filter(version_id__in=list(chosen), measure__in=list(measures)).values_list(
        "version_id", "measure", "category", "value"
    )
    for version_id, measure, category, value in rows:
        period, code, _ = chosen[version_id]
        result[period][code].values[(measure, category or None)] = value
    return dict(result)


def approval_status(*, network: Network, period: str) -> tuple[set[str], set[str]]:
    """(old codes of network LAs with an approved return, those with a submitted or draft one)."""
    rows = Return.objects.filter(period=period, local_authority__networks=network).values_list(
        "local_authority__old_code", "approved_version_id", "current_version_id"
    )
    approved = {code for code, approved_id, _ in rows if approved_id is not None}
    started = {code for code, approved_id, current_id in rows if approved_id is None and current_id is not None}
    return approved, started


def comparison_groups_for(user, network: Network) -> list[ComparisonGroup]:
    """Groups the user may choose: their own, and those shared with the network."""
    return list(
        ComparisonGroup.objects.filter(Q(owner=user) | Q(network=network))
        .prefetch_related("local_authorities")
        .order_by("name")
    )


def comparison_group(user, network: Network, group_id: str) -> ComparisonGroup | None:
    """One group the user may choose, or None."""
    if not str(group_id).isdigit():
        return None
    return (
        ComparisonGroup.objects.filter(Q(owner=user) | Q(network=network), id=int(group_id))
        .prefetch_related("local_authorities")
        .first()
    )


def neighbour_codes(la_code: str) -> list[str]:
    """Old codes of an LA's statistical neighbours, closest first (empty when unknown)."""
    la = la_by_code(la_code)
    if la is None:
        return []
    return [link.neighbour.old_code for link in statistical_neighbours(la)]
