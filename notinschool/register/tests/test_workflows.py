"""Recording what happens: notifications, consent, visits, SAO steps, closing, reclassifying,
concurrent edits, erasure and retention."""

import datetime

import pytest
from django.urls import reverse

from notinschool.audit.models import AuditEntry
from notinschool.core.actor import Actor
from notinschool.register import selectors, services
from notinschool.register.models import Child, Episode

pytestmark = pytest.mark.django_db


def child_url(name, child, **kwargs):
    return reverse(f"register:{name}", kwargs={"child_id": child.pk, **kwargs})


def test_later_save_of_a_stale_form_is_refused_not_lost(officer_client, child):
    url = child_url("child-edit", child)
    form = {"given_name": "Ada", "family_name": "Testcase", "sex": "female", "date_of_birth": "4/5/2014"}
    first = officer_client.post(url, {**form, "version": child.version, "destination_at_16": "College"})
    assert first.status_code == 302
    second = officer_client.post(url, {**form, "version": child.version, "destination_at_16": "Apprenticeship"})
    assert second.status_code == 200
    page = second.content.decode()
    assert "Someone else changed this record while you were editing" in page
    assert "<title>Error: " in page
    child.refresh_from_db()
    assert child.destination_at_16 == "College" and child.version == 2


def test_stale_episode_edit_is_refused(officer_client, child):
    episode = child.episodes.get()
    url = child_url("episode-edit", child, episode_id=episode.pk)
    data = {"start_date": "1/9/2025", "reason": "religious", "version": episode.version}
    assert officer_client.post(url, {**data, "hours_by_parents": "10"}).status_code == 302
    response = officer_client.post(url, {**data, "hours_by_parents": "20"})
    assert "Someone else changed this record" in response.content.decode()
    episode.refresh_from_db()
    assert episode.hours_by_parents == 10


def test_service_refuses_concurrent_update(kent, officer, child):
    services.child_update(la=kent, child=child, expected_version=1, actor=Actor.of(officer), upn="")
    with pytest.raises(services.ConcurrentEdit):
        services.child_update(la=kent, child=child, expected_version=1, actor=Actor.of(officer), upn="")


def test_school_notification_for_special_school_needs_consent(officer_client, child):
    response = officer_client.post(
        child_url("notification", child),
        {"notified_on": "3/10/2025", "school": "Oak Special School", "school_type": "special", "reason": "other"},
    )
    assert response.status_code == 302
    episode = child.episodes.filter(notified_by="school").get()
    assert episode.consent == Episode.Consent.PENDING and episode.previous_school_type == "special"
    overdue = selectors.overdue_actions(child.local_authority, today=datetime.date(2025, 10, 4))
    assert episode in overdue["consents"]
    refused = officer_client.post(
        child_url("consent", child, episode_id=episode.pk), {"given": "no", "decided_on": "10/10/2025"}
    )
    assert refused.status_code == 302
    episode.refresh_from_db()
    assert episode.consent == Episode.Consent.REFUSED and episode.end_date == datetime.date(2025, 10, 10)


def test_visit_scheduled_then_recorded(officer_client, child):
    officer_client.post(child_url("contact-add", child), {"kind": "home_visit", "scheduled_for": "1/10/2025"})
    contact = child.contacts.get()
    assert contact in selectors.overdue_actions(child.local_authority, today=datetime.date(2025, 10, 2))["visits"]
    officer_client.post(
        child_url("contact-record", child, contact_id=contact.pk),
        {"kind": "home_visit", "scheduled_for": "1/10/2025", "happened_on": "2/10/2025", "notes": "Saw work"},
    )
    contact.refresh_from_db()
    assert contact.happened_on == datetime.date(2025, 10, 2)


def test_sao_notice_deadline_passed_is_overdue_until_next_step(officer_client, child):
    officer_client.post(
        child_url("sao-add", child), {"kind": "s437_notice", "happened_on": "1/9/2025", "deadline": "16/9/2025"}
    )
    la = child.local_authority
    assert len(selectors.overdue_actions(la, today=datetime.date(2025, 9, 20))["notices"]) == 1
    officer_client.post(
        child_url("sao-add", child), {"kind": "sao_served", "happened_on": "20/9/2025", "school_named": "Elm Academy"}
    )
    assert selectors.overdue_actions(la, today=datetime.date(2025, 9, 21))["notices"] == []


def test_close_with_return_to_school_and_reclassify(officer_client, child):
    episode = child.episodes.get()
    response = officer_client.post(child_url("reclassify", child, episode_id=episode.pk), {"on": "10/10/2025"})
    assert response.status_code == 302
    cme = child.episodes.get(kind="cme")
    assert cme.reason == "unsuitable_ehe" and cme.start_date == datetime.date(2025, 10, 10)
    closed = officer_client.post(
        child_url("episode-close", child, episode_id=cme.pk),
        {"end_date": "1/11/2025", "outcome": "returned_to_school", "school_type_returned_to": "academy"},
    )
    assert closed.status_code == 302
    cme.refresh_from_db()
    assert cme.outcome == "returned_to_school"


def test_form_errors_return_200_with_error_title(officer_client, child):
    response = officer_client.post(child_url("sao-add", child), {"kind": "", "happened_on": "not a date"})
    assert response.status_code == 200 and "<title>Error: " in response.content.decode()


def test_subject_access_export_and_erasure(officer_client, child):
    data = officer_client.get(child_url("export-json", child)).json()
    assert data["family_name"] == "Testcase" and len(data["episodes"]) == 1
    assert officer_client.get(child_url("export", child)).status_code == 200
    response = officer_client.post(child_url("erase", child), {"reason": "Record made in error"})
    assert response.status_code == 302
    assert not Child.objects.filter(pk=child.pk).exists()
    entry = AuditEntry.objects.get(action="personal-data.changed", target_id=child.pk, details__what="child.erased")
    assert entry.details["reason"] == "Record made in error"


def test_the_subject_access_export_holds_the_fact_history_notifications_and_moves(
    officer_client, officer, kent, surrey, child
):
    """Everything held about the child: the history of the Act's facts, what parents and
    providers said, and moves to or from another LA, on the page and in the JSON."""
    from notinschool.register.models import Transfer
    from notinschool.register.tenancy import scoped

    officer_client.post(child_url("parent-add", child), {"name": "Pat Parent", "educates_child": "on"})
    with scoped(kent):
        services.notification_record(
            la=kent, child=child, actor=Actor.of(officer), sent_by="parent", sender_name="Pat Parent",
            received_on=datetime.date(2025, 10, 1), facts=["parents"], what_changed="A new address",
        )  # fmt: skip
        Transfer.objects.create(
            local_authority=kent, direction="out", other_la=surrey, child=child,
            moved_on=datetime.date(2025, 11, 1), recorded_by=officer,
        )  # fmt: skip
    data = officer_client.get(child_url("export-json", child)).json()
    assert ("time_by_parents", "Pat Parent: hours a week not known") in [
        (f["fact"], f["value"]) for f in data["fact_changes"]
    ]
    assert [(n["sender_name"], n["what_changed"]) for n in data["notifications"]] == [("Pat Parent", "A new address")]
    assert [(t["direction"], t["other_la"], t["moved_on"]) for t in data["transfers"]] == [
        ("out", "Surrey", "2025-11-01")
    ]
    page = officer_client.get(child_url("export", child)).content.decode()
    for heading in ("History of the facts the Act requires", "Notifications from parents and providers", "Moves to"):
        assert heading in page
    assert "Pat Parent: hours a week not known" in page and "A new address" in page


def test_retention_review_lists_and_deletes_old_records(officer_client, kent, child):
    episode = child.episodes.get()
    episode.end_date, episode.outcome = datetime.date(2015, 1, 1), "moved_away"
    episode.save()
    assert [r["id"] for r in selectors.past_retention(kent, today=datetime.date.today())] == [child.pk]
    response = officer_client.post(reverse("register:retention"), {"children": [child.pk, "someone-else"]})
    assert response.status_code == 302
    assert not kent.children.exists()
    assert AuditEntry.objects.filter(target_id=child.pk, details__what="child.deleted-past-retention").exists()


def test_optional_fields_follow_the_las_settings(officer_client, child):
    page = officer_client.get(child_url("child-edit", child)).content.decode()
    assert 'name="looked_after"' not in page
    officer_client.post(
        reverse("register:settings"),
        {"record_sen_support": "on", "record_ehcp": "on", "record_looked_after": "on", "retention_years": "6"},
    )
    page = officer_client.get(child_url("child-edit", child)).content.decode()
    assert 'name="looked_after"' in page


def test_a_refused_second_save_shows_what_was_typed_beside_what_is_saved(officer_client, child):
    """Issue 20: the caption names the saved record, the typed changes are kept in the form and
    shown beside the saved values, so nothing is retyped from memory."""
    url = child_url("child-edit", child)
    form = {"given_name": "Ada", "family_name": "Testcase", "sex": "female", "date_of_birth": "4/5/2014",
            "upn": "B801200005001", "version": child.version}  # fmt: skip
    assert officer_client.post(url, {**form, "given_name": "Adele"}).status_code == 302
    second = officer_client.post(url, {**form, "family_name": "Smith", "destination_at_16": "College"})
    page = second.content.decode()
    assert second.status_code == 200 and "What you typed and what is saved now" in page
    caption = page.split('govuk-caption-l">')[1].split("<")[0]
    assert caption == "Adele Testcase"  # the saved name, as the form's saved values
    assert 'value="Smith"' in page and 'value="College"' in page  # what they typed, kept
    table = page.split('id="differences"')[1].split("</table>")[0]
    assert "Smith" in table and "Testcase" in table and "Adele" in table
    third = officer_client.post(url, {**form, "given_name": "Ada", "family_name": "Smith", "version": 2})
    assert third.status_code == 302
