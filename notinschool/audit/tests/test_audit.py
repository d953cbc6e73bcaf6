"""The audit log: append-only in the model and (on PostgreSQL) in the database; filter and CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from notinschool.accounts.models import User
from notinschool.audit.actions import Action
from notinschool.audit.models import AuditEntry, AuditEntryIsAppendOnly
from notinschool.audit.services import audit_record
from notinschool.core.actor import Actor
from notinschool.places.selectors import la_by_code
from tests.access_cases import sign_in


@pytest.fixture
def entry(demo):
    request = RequestFactory().get("/register/", REMOTE_ADDR="192.0.2.7")
    request.user = User.objects.get(email="officer@kent.example")
    return audit_record(
        action=Action.PERSONAL_DATA_READ,
        actor=Actor.from_request(request),
        local_authority=la_by_code("886"),
        target_type="child",
        target_id="c-123",
        details={"fields": ["name"]},
    )


def test_audit_record_keeps_who_what_where_and_when(entry):
    assert entry.actor_email == "officer@kent.example" and entry.ip_address == "192.0.2.7"
    assert entry.local_authority.old_code == "886" and entry.target_id == "c-123"
    assert timezone.now() - entry.occurred_at < timedelta(seconds=5)


def test_entries_cannot_be_changed_or_deleted_through_the_application(entry):
    entry.action = "something.else"
    with pytest.raises(AuditEntryIsAppendOnly):
        entry.save()
    with pytest.raises(AuditEntryIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditEntryIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AuditEntryIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == Action.PERSONAL_DATA_READ


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_the_database_refuses_updates_and_deletes(entry):
    for sql in ("UPDATE audit_auditentry SET action = 'x'", "DELETE FROM audit_auditentry"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEntry.objects.filter(pk=entry.pk, action=Action.PERSONAL_DATA_READ).exists()


def test_the_administrator_filters_and_exports(client, entry):
    audit_record(action=Action.SIGN_IN_FAILED, target_type="email", target_id="x@kent.example")
    sign_in(client, "admin@notinschool.example")
    page = client.get(reverse("audit:log"), {"actor": "officer@kent.example", "la": "886"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "c-123" in text and "x@kent.example" not in text
    export = client.get(reverse("audit:csv"), {"action": Action.PERSONAL_DATA_READ})
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert [r["target_id"] for r in rows] == ["c-123"]
    assert rows[0]["occurred_at_utc"].endswith("Z")
    assert AuditEntry.objects.filter(action=Action.AUDIT_EXPORTED).exists()


def test_a_bad_filter_says_what_to_fix(client, entry):
    sign_in(client, "admin@notinschool.example")
    page = client.get(reverse("audit:log"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}).content.decode()
    assert "Error: Audit log" in page and "same as or after the from date" in page


def test_date_range_is_inclusive_in_uk_days(client, entry):
    sign_in(client, "admin@notinschool.example")
    today = timezone.localdate().isoformat()
    assert "c-123" in client.get(reverse("audit:log"), {"date_from": today, "date_to": today}).content.decode()
    old = (timezone.localdate() - timedelta(days=3)).isoformat()
    assert "c-123" not in client.get(reverse("audit:log"), {"date_to": old}).content.decode()


def test_a_refused_page_is_audited(client, demo):
    sign_in(client, "contributor@kent.example")
    assert client.get(reverse("audit:log")).status_code == 403
    refused = AuditEntry.objects.get(action=Action.ACCESS_REFUSED)
    assert refused.details["permission"] == "audit.view_audit" and refused.actor_email == "contributor@kent.example"
