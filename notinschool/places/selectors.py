"""Reads for places."""

from django.db.models import Count, QuerySet

from notinschool.places import reference
from notinschool.places.models import (
    LocalAuthority,
    LocalAuthorityCode,
    Network,
    Region,
    StatisticalNeighbour,
)


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


def statistical_neighbours(la: LocalAuthority, *, model_name: str = "DfE May 2025") -> list[StatisticalNeighbour]:
    """The LA's ten statistical neighbours, closest first."""
    return list(
        StatisticalNeighbour.objects.filter(model_name=model_name, local_authority=la)
        .select_related("neighbour")
        .order_by("rank")
    )


def network_by_slug(slug: str) -> Network | None:
    """The network with this short name, or None."""
    return Network.objects.filter(slug=slug).first()


def home_region_id(user) -> int | None:
    """The region a person works in: their LA's, or the one most of their network's LAs are in."""
    if user.local_authority_id:
        return user.local_authority.region_id
    if user.network_id:
        counts = user.network.local_authorities.values("region_id").annotate(n=Count("id")).order_by("-n", "region_id")
        first = counts.first()
        return first["region_id"] if first else None
    return None
