"""Opening a collection with the GOV.UK date input, and moving its due date once open: the
change audited and every LA told."""

import datetime

import pytest
from django.core import mail

from notinschool.audit.models import AuditEntry
from notinschool.jobs.testing import run_queued_jobs
from notinschool.returns.models import Collection
from notinschool.returns.tests.factories import PERIOD, open_collection
from notinschool.returns.tests.test_pages import sign_in

COLLECTIONS = "/networks/south-east/collections/"


def dates(census=("2", "10", "2025"), due=("31", "10", "2025")) -> dict:
    return {
        "period": PERIOD,
        **{f"census_date-{part}": value for part, value in zip(("day", "month", "year"), census, strict=True)},
        **{f"due_date-{part}": value for part, value in zip(("day", "month", "year"), due, strict=True)},
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("census", "due", "message"),
    [
        (("", "", ""), ("31", "10", "2025"), "Enter the census date"),
        (("2", "", "2025"), ("31", "10", "2025"), "Census date must include a month"),
        (("31", "2", "2025"), ("31", "10", "2025"), "Census date must be a real date"),
        (("2", "10", "25"), ("31", "10", "2025"), "Year must include 4 numbers"),
        (("2", "10", "2025"), ("1", "10", "2025"), "The due date must be after the census date"),
    ],
)
def test_opening_a_collection_refuses_bad_dates_keeping_what_was_typed(client, demo, census, due, message):
    sign_in(client, "coordinator@south-east.example")
    response = client.post(COLLECTIONS, dates(census, due))
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    assert message in html
    assert 'href="#id_census_date-day"' in html or 'href="#id_due_date-day"' in html
    for value in census + due:
        if value:
            assert f'value="{value}"' in html
    assert not Collection.objects.exists()


@pytest.mark.django_db
def test_opening_a_collection_with_the_date_input(client, demo):
    sign_in(client, "coordinator@south-east.example")
    page = client.get(COLLECTIONS).content.decode()
    assert 'name="census_date-day"' in page and 'type="date"' not in page
    response = client.post(COLLECTIONS, dates())
    assert response.status_code == 302
    collection = Collection.objects.get()
    assert collection.census_date == datetime.date(2025, 10, 2) and collection.due_date == datetime.date(2025, 10, 31)


@pytest.mark.django_db
def test_moving_the_due_date_is_audited_and_every_la_is_told(client, demo):
    collection = open_collection()
    sign_in(client, "coordinator@south-east.example")
    url = COLLECTIONS + f"{PERIOD}/due-date/"
    page = client.get(url).content.decode()
    assert 'value="31"' in page  # the current date filled in
    refused = client.post(url, {"due_date-day": "1", "due_date-month": "10", "due_date-year": "2025"})
    assert "The due date must be after the census date" in refused.content.decode()
    response = client.post(
        url,
        {"due_date-day": "14", "due_date-month": "11", "due_date-year": "2025", "note": "Half-term fell late."},
    )
    assert response.status_code == 302
    collection.refresh_from_db()
    assert collection.due_date == datetime.date(2025, 11, 14)
    entry = AuditEntry.objects.get(action="collection.due-date-changed")
    assert entry.details["from"] == "2025-10-31" and entry.details["to"] == "2025-11-14"
    assert entry.actor.email == "coordinator@south-east.example"
    run_queued_jobs()
    told = [m for m in mail.outbox if "now due 14 November 2025" in m.subject]
    assert "contributor@kent.example" in {m.to[0] for m in told}
    assert "from 31 October 2025 to 14 November 2025" in told[0].body and "Half-term fell late." in told[0].body
    same = client.post(url, {"due_date-day": "14", "due_date-month": "11", "due_date-year": "2025"})
    assert "already 14 November 2025" in same.content.decode()
