"""The real thing: separate `notinschool worker` processes on the test database. A worker
killed half-way through a job (as by a crash or a restarted machine) has its job run again by
another worker, and nobody gets an email twice."""

import time
from collections import Counter
from email import message_from_bytes

import pytest

from notinschool.core.actor import Actor
from notinschool.jobs.models import Job
from notinschool.jobs.services import start_job
from notinschool.jobs.tests.processes import process_env, start_worker, stop, wait_for
from notinschool.notifications.kinds import declare_kind
from notinschool.notifications.models import Notification
from notinschool.notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)

declare_kind("tests.hello", subject="Hello {{ name }}'s   team", body="notifications/email/test_hello.txt")
BACKEND = "notinschool.notifications.tests.backends.FolderBackend"


def test_a_real_worker_runs_a_queued_job_and_stops_cleanly_on_sigterm(tmp_path):
    job = start_job(kind="returns.reminders", params={"collection_id": 0}, actor=Actor.system())
    worker = start_worker(process_env(), tmp_path / "worker.log")
    try:
        wait_for(lambda: Job.objects.get(pk=job.pk).finished, timeout=60, what="the job to finish")
    finally:
        code = stop(worker)
    job.refresh_from_db()
    # No collection 0: the job fails, in words, with a reference, and the worker logged why.
    assert job.status == Job.Status.FAILED
    assert str(job.id) in job.error
    assert "DoesNotExist" in (tmp_path / "worker.log").read_text()
    assert code == 0


def test_killing_a_worker_mid_job_runs_the_job_again_and_sends_no_email_twice(tmp_path):
    mail = tmp_path / "mail"
    mail.mkdir()
    recipients = [f"person{n}@example.org" for n in range(8)]
    notify(
        kind="tests.hello",
        recipients=recipients,
        context={"name": "Kent", "link": "/"},
        actor=Actor.system(),
        idempotency_key="kill-test",
    )
    job = Job.objects.get(kind="notifications.send")
    env = process_env(
        DJANGO_EMAIL_BACKEND=BACKEND, NOTINSCHOOL_TEST_MAIL_DIR=str(mail), NOTINSCHOOL_TEST_MAIL_DELAY="0.7"
    )
    first = start_worker(env, tmp_path / "first.log")
    try:
        wait_for(lambda: Notification.objects.filter(status="sent").count() >= 2, timeout=60, what="two emails sent")
        first.kill()  # SIGKILL: no chance to tidy up, as when a machine dies
        first.wait()
        assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING
        sent_before = Notification.objects.filter(status="sent").count()
        assert sent_before < len(recipients)
        second = start_worker(env, tmp_path / "second.log")
        try:
            wait_for(lambda: Job.objects.get(pk=job.pk).finished, timeout=90, what="the job to finish again")
        finally:
            assert stop(second) == 0
    finally:
        stop(first)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.attempts == 2
    assert "had been sent already" in job.result["message"]
    delivered = Counter(message_from_bytes(path.read_bytes())["To"] for path in mail.iterdir())
    assert sorted(delivered) == sorted(recipients)
    assert set(delivered.values()) == {1}, f"someone got an email twice: {delivered}"
    assert "lost its worker: queued again" in (tmp_path / "second.log").read_text()


def test_killing_a_worker_mid_import_stores_nothing_twice(tmp_path, reference_data):
    """A register import is atomic: killed while it checks rows, it stored nothing; run again by
    another worker, it stores every child exactly once."""
    from notinschool.places.selectors import la_by_code
    from notinschool.register.jobs import IMPORT
    from notinschool.register.tenancy import scoped
    from notinschool.register.tests.test_import import HEADER

    rows = 20_000  # about 6 s to check and store: still running when killed
    lines = "".join(f"K{n},Amy,Example,2014-03-02,female,ehe,2025-09-01,,,religious\n" for n in range(rows))
    kent = la_by_code("886")
    job = start_job(
        kind=IMPORT,
        params={"la": "886"},
        actor=Actor.system(),
        files={"upload": ("big.csv", (HEADER + lines).encode())},
    )
    env = process_env()
    first = start_worker(env, tmp_path / "first.log")
    try:
        wait_for(
            lambda: Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).exists(),
            timeout=90,
            what="the import to start",
        )
        # Well into checking the rows (on SQLite its progress shows only once it commits).
        time.sleep(2)
        first.kill()
        first.wait()
        assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING
        with scoped(kent):  # on PostgreSQL the register shows an LA's children only inside its scope
            assert kent.children.count() == 0  # nothing half-stored
        second = start_worker(env, tmp_path / "second.log")
        try:
            wait_for(lambda: Job.objects.get(pk=job.pk).finished, timeout=180, what="the import to finish")
        finally:
            assert stop(second) == 0
    finally:
        stop(first)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.attempts == 2
    with scoped(kent):
        assert kent.children.count() == rows
        assert kent.children.values("local_reference").distinct().count() == rows
