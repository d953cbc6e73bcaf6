"""Declaring a kind of job, and what a running job can do: report progress, read its files.

An app declares each kind once, in its own `jobs.py`:

    @job_kind("published.import", title="Importing DfE's figures", time_limit=30 * 60, atomic=True)
    def import_figures(job: RunningJob, *, publication: str | None) -> JobResult:
        with job.open_file("upload") as source:
            ...
        return JobResult(message="Imported 12,345 figures.", url=..., link_text="See the release")

`atomic=True` runs the whole job, and the record that it is done, in one transaction: a job
killed half-way stores nothing, and when it runs again it starts afresh. Without it the job
must make each of its steps safe to repeat (for example with idempotency keys).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from notinschool.core.errors import ServiceError

DEFAULT_TIME_LIMIT = 10 * 60


class JobFailed(ServiceError):
    """The job cannot be done; `message` tells the person what went wrong and what to do, and
    `details` (optional) lists each problem in a sentence; `report` (optional) is a file's
    report of problems as stored (`intake.report.report_to_dict`), which the status page
    shows as every other report is shown, with its CSV download."""

    def __init__(self, message: str, *, details: list[str] | None = None, report: dict | None = None):
        super().__init__(message)
        self.details = list(details or [])
        self.report = report


class JobTimedOut(Exception):
    """Raised inside a job that has run past its kind's time limit."""


@dataclass(frozen=True)
class JobResult:
    """How a finished job ended, for the status page: a sentence, and a link onward."""

    message: str
    url: str = ""
    link_text: str = ""
    details: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"message": self.message, "url": self.url, "link_text": self.link_text, "details": self.details}


@dataclass(frozen=True)
class JobKind:
    """One kind of job: its handler, its title, its time limit and whether it runs atomically."""

    code: str
    handler: Callable[..., JobResult]
    title: str
    time_limit: int = DEFAULT_TIME_LIMIT
    atomic: bool = False
    retries: int = 0  # further tries after a failure that may pass (a mail server down)


_KINDS: dict[str, JobKind] = {}


def job_kind(
    code: str, *, title: str, time_limit: int = DEFAULT_TIME_LIMIT, atomic: bool = False, retries: int = 0
) -> Callable[[Callable[..., JobResult]], Callable[..., JobResult]]:
    """Declare a kind of job. The handler takes the RunningJob and the job's params as
    keyword arguments and returns a JobResult (or raises JobFailed)."""

    def register(handler: Callable[..., JobResult]) -> Callable[..., JobResult]:
        if code in _KINDS and _KINDS[code].handler is not handler:
            raise RuntimeError(f"Two kinds of job are called {code!r}")
        _KINDS[code] = JobKind(code, handler, title, time_limit, atomic, retries)
        return handler

    return register


def kind_named(code: str) -> JobKind:
    """The declared kind called `code` (KeyError when no app declares it)."""
    return _KINDS[code]


class RunningJob:
    """What a handler gets: the job's id and title, progress reporting, and its files."""

    def __init__(self, job, report: Callable[[str, int, int | None], None]):
        self.id = job.id
        self.title = job.title
        self.attempt = job.attempts
        self.started_by = job.started_by
        self._files = {entry["name"]: entry for entry in job.files}
        self._report = report

    def progress(self, stage: str = "", done: int = 0, total: int | None = None) -> None:
        """Say how far the job has got: a stage in words and, when known, done out of total."""
        self._report(stage, done, total)

    def open_file(self, name: str) -> IO[bytes]:
        """Open, for reading in binary, a file given to `start_job(files=...)` under `name`."""
        from django.core.files.storage import default_storage

        return default_storage.open(self._files[name]["path"], "rb")

    def file_name(self, name: str) -> str:
        """The name the file had when it was given (as uploaded)."""
        return self._files[name]["original_name"]

    def actor(self) -> Any:
        """The Actor the job acts as: the person who started it, else the service itself."""
        from notinschool.core.actor import Actor

        return Actor.of(self.started_by) if self.started_by is not None else Actor.system(via="job")
