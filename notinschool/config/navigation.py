"""The service navigation in the header: the places a signed-in person's roles let them go.

It lives in config because it joins every app; each item is shown only when the URL exists and
the person holds a role that uses it (the views still check permissions themselves).
"""

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from notinschool.accounts.models import Role


def _link(text: str, name: str, *args) -> dict | None:
    try:
        return {"text": text, "href": reverse(name, args=args or None)}
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> dict:
    """`navigation_items` for the layout's service navigation, with the current page marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation_items": []}
    roles = user.role_set()
    items = [_link("Returns", "returns:home")]
    network = user.network or (
        user.local_authority.networks.order_by("name").first() if user.local_authority_id else None
    )
    if network is not None:
        items.append(_link("Network", "networks:home", network.slug))
        items.append(_link("Dashboard", "benchmark:index", network.slug))
    if Role.REGISTER_OFFICER in roles:
        items.append(_link("Register", "register:home"))
    if Role.NETWORK_COORDINATOR in roles or Role.LA_APPROVER in roles:
        items.append(_link("Sharing", "sharing:extracts"))
    if Role.NETWORK_COORDINATOR in roles or Role.SYSTEM_ADMINISTRATOR in roles:
        items.append(_link("Users", "accounts:users"))
    if Role.SYSTEM_ADMINISTRATOR in roles:
        items.append(_link("Audit", "audit:log"))
    items = [item for item in items if item]
    for item in items:
        if request.path.startswith(item["href"]) and item["href"] != "/":
            item["active"] = True
    return {"navigation_items": items}
