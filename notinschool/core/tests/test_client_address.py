"""The client's address: from the socket, or from X-Forwarded-For only when a trusted proxy sent it."""

import ipaddress

import pytest
from django.test import RequestFactory

from notinschool.core.actor import Actor, client_address

LOAD_BALANCERS = (ipaddress.ip_network("10.0.0.0/16"), ipaddress.ip_network("2001:db8:aa::/48"))


@pytest.fixture
def behind_proxies(settings):
    settings.NOTINSCHOOL_TRUSTED_PROXIES = LOAD_BALANCERS


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_with_no_trusted_proxy_the_header_is_ignored(settings):
    settings.NOTINSCHOOL_TRUSTED_PROXIES = ()
    assert client_address(request("10.0.0.5", "203.0.113.9")) == "10.0.0.5"


@pytest.mark.usefixtures("behind_proxies")
@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.3.4", "203.0.113.9", "203.0.113.9"),  # through the load balancer
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # straight in: the header is the client's own words
        ("10.0.3.4", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # a forged first hop is not believed
        ("10.0.3.4", "203.0.113.9, 10.0.9.9", "203.0.113.9"),  # two of our proxies in a row
        ("10.0.3.4", "203.0.113.9:51234", "203.0.113.9"),  # a port is not part of the address
        ("2001:db8:aa::1", "[2001:db8:ff::7]:443", "2001:db8:ff::7"),
        ("10.0.3.4", "not-an-address", "10.0.3.4"),  # nonsense is not an address: keep the proxy's
        ("10.0.3.4", "", "10.0.3.4"),
        ("10.0.3.4", None, "10.0.3.4"),
    ],
)
def test_the_forwarded_address_is_believed_only_from_a_trusted_proxy(remote, forwarded, client):
    assert client_address(request(remote, forwarded)) == client


@pytest.mark.usefixtures("behind_proxies")
def test_the_actor_of_a_request_carries_the_clients_address():
    assert Actor.from_request(request("10.0.3.4", "203.0.113.9")).ip_address == "203.0.113.9"
    assert client_address(None) is None
