"""Lock-out behind a load balancer, by the client's own address; and a lock-out that ends a fixed
time after it began, however often someone tries while it lasts."""

import datetime
import ipaddress

import pytest
from axes.models import AccessAttempt
from django.test import Client

from notinschool.accounts.demo import DEMO_PASSWORD
from notinschool.audit.actions import Action
from notinschool.audit.models import AuditEntry

SIGN_IN = "/accounts/sign-in/"
BALANCER = "10.0.0.2"
pytestmark = pytest.mark.django_db


@pytest.fixture
def behind_the_balancer(settings):
    settings.NOTINSCHOOL_TRUSTED_PROXIES = (ipaddress.ip_network("10.0.0.0/24"),)


def through_balancer(client_ip: str) -> Client:
    """A browser at `client_ip`, reaching the service through the load balancer."""
    return Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=client_ip)


def attempt(client, password, email="approver@kent.example"):
    return client.post(SIGN_IN, {"email": email, "password": password})


@pytest.mark.usefixtures("behind_the_balancer")
def test_lock_out_and_audit_use_the_clients_address_not_the_balancers(demo):
    attacker = through_balancer("203.0.113.66")
    for _ in range(5):
        attempt(attacker, "wrong password")
    assert attempt(attacker, DEMO_PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    locked = AuditEntry.objects.filter(action=Action.LOCKED_OUT).latest("id")
    assert locked.ip_address == "203.0.113.66"
    # The real person, through the same balancer from their own address, is not locked out.
    colleague = through_balancer("198.51.100.20")
    assert attempt(colleague, DEMO_PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action=Action.SIGNED_IN).latest("id").ip_address == "198.51.100.20"


def test_a_forged_forwarding_header_from_outside_changes_nothing(demo):
    # No trusted proxy: a client naming another address in X-Forwarded-For is still itself.
    for n in range(5):
        attempt(Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"), "wrong password")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    assert attempt(Client(REMOTE_ADDR="203.0.113.66"), DEMO_PASSWORD).status_code == 429


def _began(minutes_ago: float) -> None:
    """Move the lock-out's start (axes' latest counted failure) back in time."""
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=minutes_ago)
    )


def test_a_lock_out_ends_a_fixed_time_after_it_began(demo, settings):
    client = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(5):
        attempt(client, "wrong password")
    assert attempt(client, DEMO_PASSWORD).status_code == 429
    cool_off = settings.AXES_COOLOFF_TIME
    _began(cool_off.total_seconds() / 60 - 1)  # one minute left
    began = AccessAttempt.objects.get().attempt_time
    # Trying again while locked out neither succeeds nor starts the clock again.
    assert attempt(client, "wrong password").status_code == 429
    assert attempt(client, DEMO_PASSWORD).status_code == 429
    assert AccessAttempt.objects.get().attempt_time == began
    _began(cool_off.total_seconds() / 60 + 0.1)  # the fixed time has passed
    assert attempt(client, DEMO_PASSWORD).status_code == 302
