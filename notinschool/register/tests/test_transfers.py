"""A child who moves to another LA: the sending LA records the move and exports the transfer
record (required facts only, never case notes); the receiving LA imports it. Each side is
audited under its own LA; nothing crosses automatically."""

import io
import json

import pytest
from django.urls import reverse

from notinschool.audit.models import AuditEntry
from notinschool.register.models import Transfer
from notinschool.register.tenancy import scoped
from notinschool.register.tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(officer_client, child, kent):
    """Ada, with a parent, a provider, an SAO step and a visit with notes, moves to Surrey."""
    with scoped(kent):
        child.parents.create(name="Pat Parent", address="1 Old Road", educates_child=True, hours_educating=15,
                             phone="01234 567890")  # fmt: skip
        episode = child.episodes.get()
        episode.hours_by_parents, episode.hours_by_others = 15, 5
        episode.save()
        episode.providers.create(name="Tutor Ltd", provider_type="tutor", address="2 High Street", hours_a_week=5,
                                 unsupervised_hours=5)  # fmt: skip
        child.sao_events.create(kind="s437_notice", happened_on="2025-10-01", notes="Private case note")
        child.contacts.create(kind="home_visit", happened_on="2025-10-05", notes="Another private note")
    url = reverse("register:transfer-out", kwargs={"child_id": child.pk})
    response = officer_client.post(url, {"to_la": "936", "moved_on": "1/11/2025"})
    assert response.status_code == 302
    with scoped(kent):
        transfer = child.transfers.get()
    download = reverse("register:transfer-download", kwargs={"child_id": child.pk, "transfer_id": transfer.pk})
    return officer_client.get(download)


def test_recording_the_move_ends_the_episodes_and_the_record_holds_required_facts_only(moved, child, kent):
    with scoped(kent):
        episode = child.episodes.get()
    assert episode.end_date.isoformat() == "2025-11-01" and episode.outcome == "moved_away"
    assert moved["Content-Type"] == "application/json"
    document = json.loads(moved.content)
    assert document["format"] == "notinschool-register-transfer" and document["version"] == 1
    assert document["from_la"]["code"] == "886" and document["to_la"]["code"] == "936"
    assert document["child"]["upn"] == "B801200005001"
    assert document["parents"] == [{"name": "Pat Parent", "relationship": "", "address": "1 Old Road",
                                    "educates_child": True, "hours_educating": "15.0"}]  # fmt: skip
    assert document["episodes"][0]["eligibility_ground"] == "not_registered"
    assert document["episodes"][0]["providers"][0]["unsupervised_hours"] == "5.0"
    text = moved.content.decode()
    for private in ("Private case note", "Another private note", "01234 567890", "s437", "home_visit"):
        assert private not in text
    exported = AuditEntry.objects.filter(local_authority=kent, details__what="transfer.exported")
    assert exported.count() == 1


def test_the_receiving_la_imports_it_once_audited_under_its_own_la(moved, client, surrey_officer, surrey):
    surrey_client = signed_in(client, surrey_officer)
    upload = io.BytesIO(moved.content)
    upload.name = "transfer.json"
    response = surrey_client.post(reverse("register:transfer-import"), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "Child added to the register from the transfer record" in page and "Ada Testcase" in page
    with scoped(surrey):
        child = surrey.children.get()
        episode = child.episodes.get()
        assert episode.start_date.isoformat() == "2025-11-01" and episode.end_date is None
        assert child.parents.get().hours_educating == 15
        assert episode.providers.get().name == "Tutor Ltd"
        assert child.fact_changes.filter(source="transfer").exists()
        assert not child.sao_events.exists() and not child.contacts.exists()
        assert Transfer.objects.get(direction="in").other_la.old_code == "886"
    imported = AuditEntry.objects.filter(local_authority=surrey, details__what="transfer.imported")
    assert imported.get().details["from_la"] == "886"
    upload.seek(0)
    again = surrey_client.post(reverse("register:transfer-import"), {"file": upload}).content.decode()
    assert "imported already" in again


def test_a_record_for_another_la_or_not_a_record_is_refused(moved, officer_client, kent):
    upload = io.BytesIO(moved.content)
    upload.name = "transfer.json"
    page = officer_client.post(reverse("register:transfer-import"), {"file": upload}).content.decode()
    assert "is for LA 936, not Kent" in page
    junk = io.BytesIO(b"not json")
    junk.name = "t.json"
    page = officer_client.post(reverse("register:transfer-import"), {"file": junk}).content.decode()
    assert "not a transfer record" in page


def test_a_move_needs_an_open_episode_and_another_la(officer_client, child, kent):
    url = reverse("register:transfer-out", kwargs={"child_id": child.pk})
    assert "cannot be this one" in officer_client.post(url, {"to_la": "886", "moved_on": "1/11/2025"}).content.decode()
