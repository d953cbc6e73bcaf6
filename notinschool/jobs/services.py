"""Starting a job: the one way any app hands work to the workers (docs/jobs.md).

    job = start_job(kind="register.import", params={"la_id": la.id}, actor=Actor.from_request(request),
                    files={"upload": (upload.name, upload)}, back_url=request.path)
    return redirect(job)

The job and its place in the queue are written in the caller's transaction, so a job exists
exactly when the work that asked for it was saved, and a worker never sees it before then.
"""

from __future__ import annotations

import datetime
import re
import uuid
from typing import IO

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from notinschool.core.actor import Actor
from notinschool.jobs.kinds import kind_named
from notinschool.jobs.models import Job

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def start_job(
    *,
    kind: str,
    actor: Actor,
    params: dict | None = None,
    idempotency_key: str | None = None,
    title: str = "",
    back_url: str = "",
    files: dict[str, tuple[str, bytes | IO[bytes]]] | None = None,
) -> Job:
    """Queue a job of a declared kind and return its record (redirect to it for its status page).

    `params` (JSON) are passed to the handler as keyword arguments. `files` maps a name to
    (original file name, bytes or file): each is kept in the service's file storage, where
    every worker can read it, until the job finishes. With an `idempotency_key`, starting the
    same work again returns the job already started and queues nothing.
    """
    declared = kind_named(kind)
    if idempotency_key:
        existing = Job.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    job = Job(
        kind=kind,
        title=(title or declared.title)[:200],
        params=params or {},
        idempotency_key=idempotency_key or None,
        started_by=actor.user,
        back_url=back_url[:500],
    )
    try:
        with transaction.atomic():
            job.save(force_insert=True)
    except IntegrityError:
        # The same key was started at the same moment by someone else: theirs is the job.
        existing = Job.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing
    with transaction.atomic():
        job.files = [_keep_file(job, name, original, content) for name, (original, content) in (files or {}).items()]
        job.task_id = str(enqueue(job).id)
        job.save(update_fields=["files", "task_id"])
    return job


def enqueue(job: Job, *, run_after: datetime.datetime | None = None):
    """Put the job in the runner's queue (again); returns the runner's task result."""
    from notinschool.jobs.tasks import run_job

    task = run_job.using(run_after=run_after) if run_after else run_job
    return task.enqueue(str(job.id))


def _keep_file(job: Job, name: str, original: str, content: bytes | IO[bytes]) -> dict:
    safe = _UNSAFE.sub("-", original.rsplit("/", 1)[-1]).strip("-.")[:100] or "file"
    stored = ContentFile(content) if isinstance(content, bytes) else File(content)
    path = default_storage.save(f"jobs/{job.id}/{name}-{safe}", stored)
    return {"name": name, "original_name": original[:255], "path": path}


def job_files_delete(job: Job) -> None:
    """Remove the files a finished job was given: they may hold personal data."""
    for entry in job.files:
        default_storage.delete(entry["path"])


def finished_jobs_prune(*, older_than: datetime.timedelta) -> int:
    """Delete the records of jobs that finished longer ago than `older_than`, and any files kept
    for a job that no longer exists (its starter's transaction rolled back); returns how many
    records were deleted."""
    cutoff = timezone.now() - older_than
    old = Job.objects.filter(status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=cutoff)
    for job in old:
        job_files_delete(job)
    deleted, _ = old.delete()
    _orphan_files_delete(before=timezone.now() - datetime.timedelta(days=1))
    return deleted


def _orphan_files_delete(*, before: datetime.datetime) -> None:
    try:
        folders, _ = default_storage.listdir("jobs")
    except FileNotFoundError:
        return
    known = {str(pk) for pk in Job.objects.filter(pk__in=_uuids(folders)).values_list("pk", flat=True)}
    for folder in folders:
        if folder in known:
            continue
        _, names = default_storage.listdir(f"jobs/{folder}")
        for name in names:
            path = f"jobs/{folder}/{name}"
            if default_storage.get_modified_time(path) < before:
                default_storage.delete(path)


def _uuids(names: list[str]) -> list[uuid.UUID]:
    found = []
    for name in names:
        try:
            found.append(uuid.UUID(name))
        except ValueError:
            continue
    return found
