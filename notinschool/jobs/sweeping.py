"""Putting back in the queue the jobs whose worker stopped half-way (ADR 0031).

A worker that is killed, or whose machine restarts, leaves its job running with a heartbeat
that no longer moves. Every worker sweeps now and then: such a job goes back in the queue
(the runner's own task row is set ready again) and runs again from the start. Kinds that are
atomic stored nothing the first time; the others skip what they had already done by their
idempotency keys. A job stopped too often is failed, saying why.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notinschool.jobs.kinds import kind_named
from notinschool.jobs.models import Job
from notinschool.jobs.runner import _mark, _stopped_too_often, max_runs
from notinschool.jobs.services import enqueue, job_files_delete

logger = logging.getLogger("notinschool.jobs")


def stale_jobs_requeue(*, now: datetime.datetime | None = None) -> int:
    """Requeue every running job whose heartbeat is older than the stale limit; returns how many
    jobs were requeued or failed. Safe to run from many workers at once."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.NOTINSCHOOL_JOB_STALE_SECONDS)
    handled = 0
    with transaction.atomic():
        stale = list(
            Job.objects.select_for_update(skip_locked=True).filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff)
        )
        for job in stale:
            handled += 1
            try:
                kind = kind_named(job.kind)
            except KeyError:
                _mark(
                    job, status=Job.Status.FAILED, error=f"No part of the service runs jobs of the kind {job.kind!r}."
                )
                continue
            if job.attempts >= max_runs(kind):
                _mark(job, status=Job.Status.FAILED, error=_stopped_too_often(job))
                transaction.on_commit(lambda job=job: job_files_delete(job))
                logger.error("Job %s (%s) stopped %s times: failed", job.id, job.kind, job.attempts)
                continue
            task_id = _task_ready_again(job) or str(enqueue(job).id)
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.QUEUED,
                task_id=task_id,
                stage="Starting again: the worker running it stopped before it finished.",
            )
            logger.warning("Job %s (%s) lost its worker: queued again", job.id, job.kind)
    return handled


def _task_ready_again(job: Job) -> str | None:
    """Set the runner's own row for this job back to ready; None when it has none to reuse."""
    from django_tasks_db.models import DBTaskResult

    if not job.task_id:
        return None
    ready = DBTaskResult.objects.filter(id=job.task_id).update(
        status="READY", started_at=None, finished_at=None, return_value=None, exception_class_path="", traceback=""
    )
    return job.task_id if ready else None
