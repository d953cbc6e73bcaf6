"""Kinds of job used by the jobs app's own tests (declared when this module is imported)."""

import time

from notinschool.jobs.kinds import JobFailed, JobResult, job_kind
from notinschool.places.models import Region


@job_kind("tests.echo", title="Echoing")
def echo(job, *, text: str) -> JobResult:
    job.progress("Echoing", 1, 2)
    return JobResult(message=f"Echoed {text}", url="/", link_text="Home")


@job_kind("tests.refuse", title="Refusing")
def refuse(job) -> JobResult:
    raise JobFailed("The file has no rows: add some and upload it again.")


@job_kind("tests.crash", title="Crashing")
def crash(job) -> JobResult:
    raise ZeroDivisionError("the unexpected")


@job_kind("tests.store-then-crash", title="Storing then crashing", atomic=True)
def store_then_crash(job, *, name: str) -> JobResult:
    Region.objects.create(code=name, name=name)
    raise RuntimeError("after storing")


@job_kind("tests.slow", title="Slow", time_limit=1, atomic=True)
def slow(job, *, name: str) -> JobResult:
    Region.objects.create(code=name, name=name)
    time.sleep(5)
    return JobResult(message="never")


@job_kind("tests.flaky", title="Flaky", retries=1)
def flaky(job) -> JobResult:
    if job.attempt == 1:
        raise ConnectionError("mail server down")
    return JobResult(message="worked the second time")


@job_kind("tests.file", title="Reading a file")
def read_file(job) -> JobResult:
    with job.open_file("upload") as source:
        return JobResult(message=f"{job.file_name('upload')}: {source.read().decode()}")


@job_kind("tests.database-hiccup", title="Database hiccup")
def database_hiccup(job) -> JobResult:
    from django.db import OperationalError

    if job.attempt == 1:
        raise OperationalError("sorry, too many clients already")
    return JobResult(message="the database came back")
