"""Signed-out requests for protected pages are audited, summarised so a scan cannot flood the
log (ADR 0313)."""

import pytest
from django.core.cache import cache

from notinschool.audit import signed_out
from notinschool.audit.actions import Action
from notinschool.audit.models import AuditEntry


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_a_signed_out_request_for_a_protected_page_is_recorded(client, demo):
    response = client.get("/returns/886/2025-26-autumn/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    entry = AuditEntry.objects.get(action=Action.SIGNED_OUT_REQUEST)
    assert entry.details["path"] == "/returns/886/2025-26-autumn/"
    assert entry.details["requests_from_address"] == 1
    assert entry.ip_address == "127.0.0.1" and entry.actor is None
    client.get("/")  # a public page is not recorded
    assert AuditEntry.objects.filter(action=Action.SIGNED_OUT_REQUEST).count() == 1


@pytest.mark.django_db
def test_a_scan_from_one_address_is_summarised(client, demo):
    for number in range(562):
        client.get(f"/register/children/{number}/")
    entries = AuditEntry.objects.filter(action=Action.SIGNED_OUT_REQUEST).order_by("id")
    # The first request, then the 10th and the 100th: three entries, not 562.
    assert [e.details["requests_from_address"] for e in entries] == [1, 10, 100]
    assert entries.last().details["path"] == "/register/children/99/"


@pytest.mark.django_db
def test_a_scan_from_many_addresses_stops_at_the_limit(client, demo, monkeypatch):
    monkeypatch.setattr(signed_out, "NETWORK_LIMIT", 5)
    for number in range(40):
        client.get("/returns/", REMOTE_ADDR=f"192.0.2.{number}")
    assert AuditEntry.objects.filter(action=Action.SIGNED_OUT_REQUEST).count() == 5
    stopped = AuditEntry.objects.get(action=Action.SIGNED_OUT_LIMIT)
    assert stopped.details == {"limit": 5, "window_minutes": 10}


def test_milestones():
    assert [n for n in range(1, 2001) if signed_out._milestone(n)] == [1, 10, 100, 1000]
