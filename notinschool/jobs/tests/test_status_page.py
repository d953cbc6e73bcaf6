"""The job's status page: progress while it runs (reloading itself), the result or the error after."""

import pytest
from django.test import Client
from django.urls import reverse

from notinschool.accounts.models import User
from notinschool.core.actor import Actor
from notinschool.jobs.models import Job
from notinschool.jobs.services import start_job
from notinschool.jobs.testing import run_queued_jobs
from notinschool.jobs.tests import kinds  # noqa: F401
from tests.access_cases import sign_in


@pytest.fixture
def contributor(demo):
    return User.objects.get(email="contributor@kent.example")


def test_a_running_job_shows_its_progress_and_reloads_without_javascript(client, contributor):
    sign_in(client, contributor.email)
    job = start_job(kind="tests.echo", params={"text": "x"}, actor=Actor.of(contributor), back_url="/returns/")
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, stage="Checking rows", progress_done=12000, progress_total=40000
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Checking rows: 12,000 of 40,000 (30%)" in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert 'hx-trigger="every 3s"' in page
    assert 'href="/returns/"' in page
    # htmx asks for the status alone (a fragment, so not through the whole-page HTML check).
    plain = Client()
    sign_in(plain, contributor.email)
    partial = plain.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<div id="job-status"')
    assert "HX-Request" in partial["Vary"]
    assert "no-cache" in partial["Cache-Control"] or "max-age=0" in partial["Cache-Control"]


def test_a_finished_job_shows_its_result_and_stops_reloading(client, contributor):
    sign_in(client, contributor.email)
    job = start_job(kind="tests.echo", params={"text": "hello"}, actor=Actor.of(contributor))
    run_queued_jobs()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Echoed hello" in page
    assert "http-equiv" not in page
    assert "hx-trigger" not in page


def test_a_failed_job_says_what_went_wrong(client, contributor):
    sign_in(client, contributor.email)
    job = start_job(kind="tests.refuse", actor=Actor.of(contributor), back_url="/returns/")
    run_queued_jobs()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "The file has no rows: add some and upload it again." in page
    assert "Go back and try again" in page


def test_someone_else_cannot_open_the_job(client, contributor):
    job = start_job(kind="tests.echo", params={"text": "x"}, actor=Actor.of(contributor))
    sign_in(client, "approver@kent.example")
    assert client.get(job.get_absolute_url()).status_code == 403
    assert client.get(reverse("jobs:job", kwargs={"job_id": "00000000-0000-0000-0000-000000000000"})).status_code == 404


def test_administrators_see_the_services_own_jobs_but_not_a_persons(client, contributor):
    persons = start_job(kind="tests.echo", params={"text": "x"}, actor=Actor.of(contributor))
    services = start_job(kind="tests.echo", params={"text": "x"}, actor=Actor.system())
    sign_in(client, "admin@notinschool.example")
    assert client.get(persons.get_absolute_url()).status_code == 403
    assert client.get(services.get_absolute_url()).status_code == 200
