"""Starting jobs, running them, and how each way of ending shows on the job's record."""

import datetime
import logging

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notinschool.core.actor import Actor
from notinschool.jobs.kinds import kind_named
from notinschool.jobs.models import Job
from notinschool.jobs.runner import max_runs
from notinschool.jobs.services import start_job
from notinschool.jobs.sweeping import stale_jobs_requeue
from notinschool.jobs.testing import run_queued_jobs
from notinschool.jobs.tests import kinds  # declares the kinds used here
from notinschool.places.models import Region

pytestmark = pytest.mark.django_db


def test_a_job_is_queued_then_run_and_says_how_it_ended():
    job = start_job(kind="tests.echo", params={"text": "hello"}, actor=Actor.system())
    assert job.status == Job.Status.QUEUED
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result == {"message": "Echoed hello", "url": "/", "link_text": "Home", "details": []}
    assert job.attempts == 1
    assert job.finished_at is not None
    assert (job.progress_done, job.progress_total, job.stage) == (1, 2, "")


def test_the_same_idempotency_key_gives_the_same_job_and_queues_nothing_more():
    first = start_job(kind="tests.echo", params={"text": "a"}, actor=Actor.system(), idempotency_key="k1")
    again = start_job(kind="tests.echo", params={"text": "b"}, actor=Actor.system(), idempotency_key="k1")
    assert again.pk == first.pk
    assert DBTaskResult.objects.count() == 1
    assert run_queued_jobs() == 1


def test_a_refusal_is_the_jobs_error_in_words():
    job = start_job(kind="tests.refuse", actor=Actor.system())
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "The file has no rows: add some and upload it again."


def test_an_unexpected_error_is_logged_and_the_person_gets_a_reference(caplog):
    job = start_job(kind="tests.crash", actor=Actor.system())
    with caplog.at_level(logging.ERROR, logger="notinschool.jobs"):
        run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert str(job.id) in job.error
    assert "ZeroDivisionError" not in job.error
    assert any("ZeroDivisionError" in (r.exc_text or "") for r in caplog.records)


def test_an_atomic_job_that_fails_half_way_stores_nothing():
    job = start_job(kind="tests.store-then-crash", params={"name": "X99999991"}, actor=Actor.system())
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert not Region.objects.filter(code="X99999991").exists()


def test_a_job_past_its_time_limit_is_stopped_with_a_clear_message_and_keeps_nothing():
    job = start_job(kind="tests.slow", params={"name": "X99999992"}, actor=Actor.system())
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("This took longer than 1 second and was stopped. Nothing from it was kept.")
    assert not Region.objects.filter(code="X99999992").exists()


def test_a_job_whose_kind_allows_it_is_tried_again_later():
    job = start_job(kind="tests.flaky", actor=Actor.system())
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert job.stage.startswith("Trying again at ")
    retry = DBTaskResult.objects.get(id=job.task_id)
    assert retry.run_after > timezone.now()
    DBTaskResult.objects.filter(id=job.task_id).update(run_after=timezone.now())
    run_queued_jobs()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result["message"]) == (Job.Status.DONE, 2, "worked the second time")


def test_a_job_the_database_failed_is_tried_again_whatever_its_kind():
    job = start_job(kind="tests.database-hiccup", actor=Actor.system())
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    DBTaskResult.objects.filter(id=job.task_id).update(run_after=timezone.now())
    run_queued_jobs()
    job.refresh_from_db()
    assert (job.status, job.result["message"]) == (Job.Status.DONE, "the database came back")


def test_a_file_given_to_a_job_is_read_by_it_then_removed():
    from django.core.files.storage import default_storage

    job = start_job(kind="tests.file", actor=Actor.system(), files={"upload": ("../register.csv", b"a,b")})
    path = job.files[0]["path"]
    assert default_storage.exists(path)
    assert ".." not in path
    run_queued_jobs()
    job.refresh_from_db()
    assert job.result["message"] == "../register.csv: a,b"
    assert not default_storage.exists(path)


def test_a_job_whose_worker_stopped_is_queued_again_and_failed_after_too_many_tries(settings):
    job = start_job(kind="tests.echo", params={"text": "again"}, actor=Actor.system())
    task = DBTaskResult.objects.get(id=job.task_id)
    task.claim("killed-worker")
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.NOTINSCHOOL_JOB_STALE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1, heartbeat_at=long_ago)
    assert stale_jobs_requeue() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert "stopped before it finished" in job.stage
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    run_queued_jobs()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    # A job that keeps losing its worker is failed, saying why, rather than tried for ever.
    again = start_job(kind="tests.echo", params={"text": "x"}, actor=Actor.system())
    Job.objects.filter(pk=again.pk).update(
        status=Job.Status.RUNNING, attempts=max_runs(kind_named("tests.echo")), heartbeat_at=long_ago
    )
    stale_jobs_requeue()
    again.refresh_from_db()
    assert again.status == Job.Status.FAILED
    assert "will not be tried again" in again.error


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone():
    job = start_job(kind="tests.echo", params={"text": "x"}, actor=Actor.system())
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1, heartbeat_at=timezone.now())
    assert stale_jobs_requeue() == 0


def test_old_finished_jobs_are_pruned_and_recent_ones_kept():
    import io

    from django.core.management import call_command

    old = start_job(kind="tests.echo", params={"text": "old"}, actor=Actor.system())
    recent = start_job(kind="tests.echo", params={"text": "new"}, actor=Actor.system())
    waiting = start_job(kind="tests.echo", params={"text": "waiting"}, actor=Actor.system())
    Job.objects.filter(pk__in=[old.pk, recent.pk]).update(status=Job.Status.DONE, finished_at=timezone.now())
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=31))
    out = io.StringIO()
    call_command("prune_jobs", stdout=out)
    assert "1 finished job record deleted." in out.getvalue()
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


def test_files_left_by_a_job_that_was_never_committed_are_removed_a_day_later():
    import os

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from notinschool.jobs.services import finished_jobs_prune

    orphan = default_storage.save("jobs/7f0c3c9e-0000-4000-8000-000000000001/upload-register.csv", ContentFile(b"x"))
    kept = start_job(kind="tests.file", actor=Actor.system(), files={"upload": ("r.csv", b"a,b")})
    day_ago = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    for path in (orphan, kept.files[0]["path"]):
        os.utime(default_storage.path(path), (day_ago, day_ago))
    finished_jobs_prune(older_than=datetime.timedelta(days=30))
    assert not default_storage.exists(orphan)
    assert default_storage.exists(kept.files[0]["path"])  # its job is still waiting


def test_a_run_presumed_dead_that_finishes_after_all_stores_nothing():
    """Its job was started again meanwhile: the later run's outcome stands, this one is undone."""
    from notinschool.jobs import runner

    job = start_job(kind="tests.store-then-crash", params={"name": "X99999993"}, actor=Actor.system())
    claimed = runner._claim(str(job.pk))
    Job.objects.filter(pk=job.pk).update(attempts=claimed.attempts + 1)  # a later run took over
    with pytest.raises(runner.Superseded), transaction.atomic():
        Region.objects.create(code="X99999993", name="stored by the stale run")
        runner._finish(claimed, kinds.JobResult(message="late"))
    assert not Region.objects.filter(code="X99999993").exists()
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING
