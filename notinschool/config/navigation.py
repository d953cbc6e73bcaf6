"""The service navigation in the header: the places a signed-in person's roles let them go.

It lives in config because it joins every app; each item is shown only when the URL exists and
the person holds a role that uses it (the views still check permissions themselves).
"""

from django.http import HttpRequest
from django.urls import NoReverseMatch

from notinschool.accounts.models import Role
from notinschool.accounts.permissions import must_verify_second_factor
from notinschool.core.remembered_addresses import address_in


def _link(request: HttpRequest, text: str, name: str, *args) -> dict | None:
    try:
        return {"text": text, "href": address_in(request, name, *args)}
    except NoReverseMatch:
        return None


def _home_network_slug(user) -> str | None:
    """The coordination team's network, or the first (by name) network the user's LA is in. The
    sign-in backend loads the latter with the user (ADR 0309); otherwise it is looked up."""
    if user.network_id:
        return user.network.slug
    if not user.local_authority_id:
        return None
    if hasattr(user, "home_network_slug"):
        return user.home_network_slug
    network = user.local_authority.networks.order_by("name").first()
    return network.slug if network else None


def navigation(request: HttpRequest) -> dict:
    """`navigation_items` for the layout's service navigation, with the current page marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation_items": [], "second_factor_owed": False}
    if must_verify_second_factor(user):
        # Until the code is given, the person is not yet known to be who they say: show neither
        # where they could go nor whose account this is, only the way out.
        return {"navigation_items": [], "second_factor_owed": True}
    roles = user.role_set()
    items = [_link(request, "Returns", "returns:home")]
    network_slug = _home_network_slug(user)
    if network_slug:
        items.append(_link(request, "Network", "networks:home", network_slug))
        items.append(_link(request, "Dashboard", "benchmark:index", network_slug))
    if Role.REGISTER_OFFICER in roles:
        items.append(_link(request, "Register", "register:home"))
    if Role.NETWORK_COORDINATOR in roles or Role.LA_APPROVER in roles:
        items.append(_link(request, "Sharing", "sharing:extracts"))
    if Role.NETWORK_COORDINATOR in roles or Role.SYSTEM_ADMINISTRATOR in roles:
        items.append(_link(request, "Users", "accounts:users"))
    if Role.SYSTEM_ADMINISTRATOR in roles:
        items.append(_link(request, "Audit", "audit:log"))
    items = [item for item in items if item]
    for item in items:
        if request.path.startswith(item["href"]) and item["href"] != "/":
            item["active"] = True
    return {"navigation_items": items, "second_factor_owed": False}
