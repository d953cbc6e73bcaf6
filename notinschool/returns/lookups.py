"""Turning URL parts into objects, with a 404 for anything unknown."""

from django.http import Http404, HttpRequest

from notinschool.places.models import LocalAuthority, Network
from notinschool.places.selectors import la_by_code, network_by_slug
from notinschool.validation.specs import ReturnSpec, UnknownPeriod, load_spec


def la_from(request: HttpRequest, la: str, **_) -> LocalAuthority:
    """The LA named in the URL by either code (404 when unknown or former)."""
    found = la_by_code(la)
    if found is None or not found.is_current:
        raise Http404("No such local authority")
    return found


def network_from(request: HttpRequest, network: str, **_) -> Network:
    """The network named in the URL (404 when unknown)."""
    found = network_by_slug(network)
    if found is None:
        raise Http404("No such network")
    return found


def spec_from(period: str) -> ReturnSpec:
    """The return specification for the period in the URL (404 when there is none)."""
    try:
        return load_spec(period)
    except UnknownPeriod as exc:
        raise Http404("No such collection period") from exc
