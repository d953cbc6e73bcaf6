"""The places named in a URL, with a 404 for anything unknown: the one set of URL lookups.

Views take an LA or network from the URL with these (and `accounts.permissions.requires` uses
them to find the object a permission is about), so "the network from the URL" is written once.
"""

from django.http import Http404, HttpRequest

from notinschool.places.models import LocalAuthority, Network
from notinschool.places.selectors import la_by_code, network_by_slug


def la_from(request: HttpRequest, la: str, **_) -> LocalAuthority:
    """The LA named in the URL by either code (404 when unknown or former).

    The permission check and the view both ask for it: it is fetched once per request.
    """
    remembered = getattr(request, "_la_from_url", None)
    if remembered is not None and remembered[0] == la:
        return remembered[1]
    found = la_by_code(la)
    if found is None or not found.is_current:
        raise Http404("No such local authority")
    if request is not None:
        request._la_from_url = (la, found)
    return found


def network_from(request: HttpRequest, network: str, **_) -> Network:
    """The network named in the URL (404 when unknown).

    The permission check and the view both ask for it: it is fetched once per request.
    """
    remembered = getattr(request, "_network_from_url", None)
    if remembered is not None and remembered.slug == network:
        return remembered
    found = network_by_slug(network)
    if found is None:
        raise Http404("No such network")
    request._network_from_url = found
    return found
