"""Running a job inside a worker: claim it, keep its heartbeat, hold it to its time limit, and
record how it ended in words (ADR 0031).

Limits nest: whatever a job runs (a renderer, a mail server) has its own limit inside the
job's; the job's limit (its kind's `time_limit`) raises JobTimedOut inside the job; the
worker's limit, `WORKER_GRACE_SECONDS` later, ends the worker process itself when a job
cannot be interrupted, and the process manager starts a new one.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import signal
import threading

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone

from notinschool.jobs.kinds import JobFailed, JobKind, JobResult, JobTimedOut, RunningJob, kind_named
from notinschool.jobs.models import Job
from notinschool.jobs.services import enqueue, job_files_delete

logger = logging.getLogger("notinschool.jobs")

# Set by the worker command: only a real worker keeps heartbeats from a second thread.
IN_WORKER = False
WORKER_GRACE_SECONDS = 60
DATABASE_RETRIES = 2
UNEXPECTED = (
    "Something went wrong that the service did not expect, and the job stopped. "
    "It has been logged with the reference {reference}: quote it if you ask for help."
)


def minutes(seconds: int) -> str:
    """A time limit in words: '10 minutes', '1 minute', '45 seconds'."""
    if seconds % 60:
        return "1 second" if seconds == 1 else f"{seconds} seconds"
    count = seconds // 60
    return f"{count} minute" if count == 1 else f"{count} minutes"


def max_runs(kind: JobKind) -> int:
    """How many times a job may start: its retries, and restarts after a worker stopped."""
    return 1 + max(kind.retries, DATABASE_RETRIES) + settings.NOTINSCHOOL_JOB_RESTARTS


def run(job_id: str) -> None:
    """Run one job to its end. Never raises for a job's own failure: the Job record says it."""
    job = _claim(job_id)
    if job is None:
        return
    kind = kind_named(job.kind)
    beat = Heartbeat(job, kind) if IN_WORKER else None
    running = RunningJob(job, report=beat.report if beat else _reporter(job))
    try:
        with transaction.atomic() if kind.atomic else contextlib.nullcontext():
            with time_limit(kind.time_limit):
                result = kind.handler(running, **job.params)
            if not isinstance(result, JobResult):
                raise TypeError(f"The {kind.code} job returned {type(result).__name__}, not a JobResult")
            if beat:
                beat.stop()
            _finish(job, result)
        logger.info("Job %s (%s) done: %s", job.id, job.kind, result.message)
    except Superseded:
        logger.error("Job %s (%s) was taken over by a later run: this run's work is undone", job.id, job.kind)
    except JobFailed as exc:
        _fail(job, exc.message, details=exc.details, report=exc.report)
        logger.warning("Job %s (%s) failed: %s", job.id, job.kind, exc.message)
    except JobTimedOut:
        kept = "Nothing from it was kept." if kind.atomic else "What it finished before then was kept."
        _fail(job, f"This took longer than {minutes(kind.time_limit)} and was stopped. {kept} Try again later.")
        logger.error("Job %s (%s) stopped at its time limit of %s s", job.id, job.kind, kind.time_limit)
    except Exception as exc:
        logger.exception("Job %s (%s) failed unexpectedly (attempt %s)", job.id, job.kind, job.attempts)
        # The database going away for a moment (a restart, a fail-over, too many connections)
        # passes: every kind is safe to run again (atomic, or idempotent), so it is retried.
        retries = max(kind.retries, DATABASE_RETRIES) if isinstance(exc, DatabaseError) else kind.retries
        if job.attempts <= retries:
            _retry(job, exc)
        else:
            _fail(job, UNEXPECTED.format(reference=job.id))
    finally:
        if beat:
            beat.stop()
        job.refresh_from_db(fields=["status"])
        if job.finished:
            job_files_delete(job)


def _claim(job_id: str) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update(of=("self",)).select_related("started_by").filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        try:
            kind = kind_named(job.kind)
        except KeyError:
            _mark(job, status=Job.Status.FAILED, error=f"No part of the service runs jobs of the kind {job.kind!r}.")
            return None
        if job.attempts >= max_runs(kind):
            _mark(job, status=Job.Status.FAILED, error=_stopped_too_often(job))
            return None
        now = timezone.now()
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.stage = ""
        job.save(update_fields=["status", "attempts", "started_at", "heartbeat_at", "stage"])
    return job


class Superseded(Exception):
    """This run was presumed dead and the job started again: the later run's outcome stands."""


def _finish(job: Job, result: JobResult) -> None:
    """Record the job done, only if this run is still the job's latest one (its attempt is the
    fencing token): a run presumed dead that wakes up must not store its work a second time."""
    done = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts).update(
        status=Job.Status.DONE, stage="", error="", result=result.as_dict(), finished_at=timezone.now()
    )
    if not done:
        raise Superseded()  # inside an atomic job, this rolls its work back


def _stopped_too_often(job: Job) -> str:
    return (
        f"The job was stopped {job.attempts} times before it could finish (its worker stopped or its machine "
        "restarted), so it will not be tried again. Start it again when the service is running normally."
    )


def _mark(job: Job, *, status: str, result: dict | None = None, error: str = "", stage: str = "") -> None:
    fields = {"status": status, "stage": stage, "error": error, "finished_at": timezone.now()}
    if result is not None:
        fields["result"] = result
    Job.objects.filter(pk=job.pk).update(**fields)


def _fail(job: Job, message: str, *, details: list[str] | None = None, report: dict | None = None) -> None:
    result = {key: value for key, value in (("details", details), ("report", report)) if value} or None
    _mark(job, status=Job.Status.FAILED, error=message, result=result)


def _retry(job: Job, exc: Exception) -> None:
    delay = datetime.timedelta(minutes=4 ** (job.attempts - 1))
    when = timezone.localtime(timezone.now() + delay)
    with transaction.atomic():
        task = enqueue(job, run_after=timezone.now() + delay)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.QUEUED,
            task_id=str(task.id),
            stage=f"Trying again at {when:%H:%M}: the last try failed ({type(exc).__name__}).",
        )


def _reporter(job: Job):
    """Progress written at once, on the job's own connection (jobs run outside a worker)."""

    def report(stage: str, done: int, total: int | None) -> None:
        Job.objects.filter(pk=job.pk).update(stage=stage[:200], progress_done=done, progress_total=total)

    return report


@contextlib.contextmanager
def time_limit(seconds: int):
    """Raise JobTimedOut in this (main) thread after `seconds`. Elsewhere it cannot interrupt,
    and the worker's own limit is what holds."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _stop(signum, frame):
        raise JobTimedOut()

    previous = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Heartbeat:
    """A thread beside a running job: every few seconds it writes the job's heartbeat and its
    latest progress on a connection of its own (so progress shows even while the job's own
    transaction is open), and it ends the worker when the job outlives the worker's limit."""

    def __init__(self, job: Job, kind: JobKind):
        self.job = job
        self.kind = kind
        self.interval = settings.NOTINSCHOOL_JOB_HEARTBEAT_SECONDS
        self.deadline = timezone.now() + datetime.timedelta(seconds=kind.time_limit + WORKER_GRACE_SECONDS)
        self.latest: tuple[str, int, int | None] | None = None
        self.written: tuple[str, int, int | None] | None = None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name=f"heartbeat-{job.id}", daemon=True)
        self.thread.start()

    def report(self, stage: str, done: int, total: int | None) -> None:
        self.latest = (stage[:200], done, total)

    def stop(self) -> None:
        if not self.stopped.is_set():
            self.stopped.set()
            # On SQLite a heartbeat may be waiting for the job's own write lock: do not wait
            # for it (it finds the job finished and writes nothing).
            self.thread.join(timeout=2)

    def _loop(self) -> None:
        last_beat = timezone.now()
        try:
            while not self.stopped.wait(1.0):
                now = timezone.now()
                if now > self.deadline:
                    self._end_worker()
                if self.latest != self.written or (now - last_beat).total_seconds() >= self.interval:
                    self._write(now)
                    last_beat = now
        finally:
            connection.close()

    def _write(self, now: datetime.datetime) -> None:
        fields = {"heartbeat_at": now}
        latest = self.latest
        if latest is not None:
            fields.update(stage=latest[0], progress_done=latest[1], progress_total=latest[2])
        try:
            Job.objects.filter(pk=self.job.pk, status=Job.Status.RUNNING).update(**fields)
            self.written = latest
        except OperationalError:
            # SQLite lets one writer in at a time: a job holding the write lock gets its
            # heartbeat when it commits. Nothing requeues it meanwhile, as nothing else can write.
            logger.debug("Heartbeat of job %s waited on a lock", self.job.id, exc_info=True)

    def _end_worker(self) -> None:
        message = (
            f"This took longer than {minutes(self.kind.time_limit)} and could not be stopped cleanly, "
            "so its worker was restarted. Try again later."
        )
        logger.critical("Job %s (%s) outlived the worker's limit: ending the worker", self.job.id, self.job.kind)
        with contextlib.suppress(Exception):
            _fail(self.job, message)
        os._exit(70)
