"""Reminders: every LA that has not sent is reminded (its contacts, else its contributors), in
words people use, with a link; LAs with no contact are listed for the coordinator; a second
round within a day asks first; a double press or a job run again reminds nobody twice."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from notinschool.accounts.models import User
from notinschool.core.actor import Actor
from notinschool.jobs.models import Job
from notinschool.jobs.testing import run_queued_jobs
from notinschool.notifications.models import Notification
from notinschool.places.models import Network
from notinschool.places.selectors import la_by_code
from notinschool.returns import services
from notinschool.returns.models import Reminder, ReturnContact
from notinschool.returns.services.chasing import las_still_to_submit, reminders_send
from tests.access_cases import sign_in

pytestmark = pytest.mark.django_db
PERIOD = "2026-27-autumn"
TRACKING = f"/networks/south-east/collections/{PERIOD}/"
REMIND = TRACKING + "reminders/"


@pytest.fixture
def late_collection(demo):
    """Due 35 days ago; Kent has a contact, Surrey has only its contributor, the rest nobody."""
    today = timezone.localdate()
    collection = services.collection_open(
        network=Network.objects.get(slug="south-east"),
        period=PERIOD,
        census_date=today - datetime.timedelta(days=60),
        due_date=today - datetime.timedelta(days=35),
    )
    ReturnContact.objects.create(
        local_authority=la_by_code("886"), name="Pat", email="pat@kent.example", topics=["ehe"]
    )
    return collection


def coordinator(client):
    sign_in(client, "coordinator@south-east.example")
    return client


def test_a_late_reminder_names_the_term_says_how_late_and_links_to_the_return(late_collection):
    reminders_send(collection=late_collection, actor=Actor.system(), key="round-1")
    run_queued_jobs()
    kent = next(m for m in mail.outbox if m.to == ["pat@kent.example"])
    due = timezone.localdate() - datetime.timedelta(days=35)
    due_words = f"{due.day} {due:%B %Y}"
    assert kent.subject == f"Reminder: Kent's return for Autumn term 2026 to 2027 was due {due_words}"
    assert f"It was due {due_words} (35 days ago)." in kent.body
    assert "http://127.0.0.1:8000/returns/886/2026-27-autumn/" in kent.body
    assert "2026-27-autumn" not in kent.subject
    logged = Notification.objects.get(recipient="pat@kent.example")
    assert (logged.local_authority.old_code, logged.period, logged.kind) == ("886", PERIOD, "returns.reminder")


def test_every_la_not_sent_is_reminded_through_its_contributors_when_it_has_no_contact(late_collection):
    sent = reminders_send(collection=late_collection, actor=Actor.system(), key="round-1")
    not_sent = {la.name for la in las_still_to_submit(late_collection)}
    assert set(sent.reminded) | set(sent.nobody) == not_sent
    assert "Surrey" in sent.through_contributors
    run_queued_jobs()
    assert ["contributor@surrey.example"] in [m.to for m in mail.outbox]
    # An LA with anyone to email is reminded; only those with nobody are left, and are named.
    for name in sent.nobody:
        la = next(la for la in las_still_to_submit(late_collection) if la.name == name)
        assert not User.objects.filter(local_authority=la, is_active=True).exists()


def test_the_same_round_run_again_reminds_nobody_twice(late_collection):
    first = reminders_send(collection=late_collection, actor=Actor.system(), key="round-1")
    again = reminders_send(collection=late_collection, actor=Actor.system(), key="round-1")
    assert first.reminded == again.reminded
    assert Reminder.objects.count() == len(first.reminded)
    run_queued_jobs()
    assert len([m for m in mail.outbox if m.to == ["pat@kent.example"]]) == 1


def test_the_tracking_page_lists_las_with_no_contact_to_add_one(client, late_collection):
    page = coordinator(client).get(TRACKING).content.decode()
    assert "Local authorities with no contact for reminders" in page
    assert "Add a contact for Surrey" in page
    assert "Add a contact for Kent" not in page
    assert "reminders go to its 1 contributor until then" in page


def test_sending_reminders_runs_a_job_and_a_double_press_starts_one(client, late_collection):
    coordinator(client)
    form = {"request_id": "2f1d2f0e-8d7e-4c0b-9a53-7f0a0b8f3b11"}
    first = client.post(REMIND, form)
    second = client.post(REMIND, form)
    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind="returns.reminders").count() == 1
    run_queued_jobs()
    job = Job.objects.get(kind="returns.reminders")
    assert job.status == Job.Status.DONE
    assert job.result["message"].startswith("Reminders sent to ")
    assert any("no return contact, so its contributors were reminded instead" in d for d in job.result["details"])
    page = client.get(first["Location"]).content.decode()
    assert "Reminders sent to " in page
    assert len([m for m in mail.outbox if m.to == ["pat@kent.example"]]) == 1


def test_a_second_round_within_a_day_asks_for_confirmation(client, late_collection):
    coordinator(client)
    client.post(REMIND, {"request_id": "11111111-1111-4111-8111-111111111111"})
    run_queued_jobs()
    before = len(mail.outbox)
    asked = client.post(REMIND, {"request_id": "22222222-2222-4222-8222-222222222222"})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Send reminders again?" in page
    assert "Everyone who has not submitted will get a second email." in page
    assert Job.objects.filter(kind="returns.reminders").count() == 1
    confirmed = client.post(REMIND, {"request_id": "33333333-3333-4333-8333-333333333333", "confirm": "yes"})
    assert confirmed["Location"].startswith("/jobs/")
    run_queued_jobs()
    assert len([m for m in mail.outbox[before:] if m.to == ["pat@kent.example"]]) == 1


def test_the_daily_command_queues_one_round_a_day_including_late_collections(late_collection):
    call_command("send_reminders", stdout=io.StringIO())
    call_command("send_reminders", stdout=io.StringIO())
    assert Job.objects.filter(kind="returns.reminders").count() == 1
    run_queued_jobs()
    assert len([m for m in mail.outbox if m.to == ["pat@kent.example"]]) == 1
    assert Reminder.objects.filter(scheduled=True).exists()


def test_only_the_coordinator_may_send_reminders(late_collection):
    other = Client()
    sign_in(other, "contributor@kent.example")
    assert other.post(REMIND).status_code == 403
