"""Who did something and from where: the small value services take instead of a web request.

Services write the audit log and need only the person and their address, so they take an
`Actor`; views build one with `Actor.from_request`, commands and background jobs with
`Actor.system` (or `Actor.of(user)` when a job acts for a person).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str | None:
    """The address the request came from: the one place that decides it (ADR 0033).

    A request from one of NOTINSCHOOL_TRUSTED_PROXIES (the load balancer) has its
    X-Forwarded-For read from the right, past every trusted proxy, to the first address that
    is not one: the client's. From anywhere else the header is ignored (a client can write
    anything in it) and the socket's address is the client's. Lock-out and the audit log use
    this address.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.NOTINSCHOOL_TRUSTED_PROXIES
    if remote is None or not proxies or not _trusted(_address(remote), proxies):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return remote  # a hop that is not an address: believe nothing further left
        if not _trusted(address, proxies):
            return str(address)
    return str(_address(hops[0])) if hops else remote


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.5:443
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address, proxies) -> bool:
    return address is not None and any(address in network for network in proxies)


@dataclass(frozen=True)
class Actor:
    """A person (or the service itself, when `user` is None) acting from an address."""

    user: Any = None  # the signed-in user, or None for the service's own work
    ip_address: str | None = None
    via: str = "web"  # "web", "api", "command" or "job": how the action arrived

    @classmethod
    def from_request(cls, request: HttpRequest, *, via: str = "web") -> Actor:
        """The signed-in person making this request (None when signed out) and their address."""
        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated:
            user = None
        return cls(user=user, ip_address=client_address(request), via=via)

    @classmethod
    def of(cls, user, *, via: str = "job") -> Actor:
        """A person acting without a request in hand (a job started on their behalf)."""
        return cls(user=user, via=via)

    @classmethod
    def system(cls, *, via: str = "command") -> Actor:
        """The service itself: a command, a scheduled task or a background job."""
        return cls(via=via)

    def with_user(self, user) -> Actor:
        """The same address and route, acting as `user` (a person just signed in or created,
        or the person whose own password changes)."""
        return Actor(user=user, ip_address=self.ip_address, via=self.via)

    @property
    def email(self) -> str:
        """The person's email, or '' for the service itself."""
        return self.user.email if self.user is not None else ""


# The service itself, as a default for services that demo data and commands call without a person.
SYSTEM = Actor.system()
