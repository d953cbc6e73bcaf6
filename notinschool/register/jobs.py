"""The register's jobs (docs/jobs.md): importing a register, and sending the return generated
from it. Both store data, so both are atomic: a job stopped half-way stores nothing, and run
again it stores everything once."""

import datetime
import itertools

from django.urls import reverse

from notinschool.core.actor import Actor
from notinschool.core.presenters import counted
from notinschool.intake.report import report_to_dict
from notinschool.jobs.kinds import JobFailed, JobResult, RunningJob, job_kind
from notinschool.periods import period_label
from notinschool.places.selectors import la_by_code
from notinschool.register import services
from notinschool.register.importing import UnreadableRegister
from notinschool.register.services.importing import register_import
from notinschool.returns.services import SubmissionRefused

IMPORT = "register.import"
SEND_RETURN = "register.send-return"
PROGRESS_EVERY = 500


@job_kind(IMPORT, title="Importing a register", time_limit=30 * 60, atomic=True)
def import_register(job: RunningJob, *, la: str) -> JobResult:
    """Check every row of the uploaded register, then store all of it or (with any problem) none."""
    authority = la_by_code(la)
    rows = itertools.count(1)

    def row_checked() -> None:
        done = next(rows)
        if done % PROGRESS_EVERY == 0:
            job.progress("Checking rows", done)

    job.progress("Reading the file")
    with job.open_file("upload") as source:
        data = source.read()
    try:
        result = register_import(
            la=authority,
            data=data,
            filename=job.file_name("upload"),
            actor=Actor.of(job.started_by),
            progress=row_checked,
        )
    except UnreadableRegister as exc:
        raise JobFailed(str(exc)) from exc
    if result.errors:
        report = result.report(job.file_name("upload"), authority.old_code)
        raise JobFailed(
            f"Nothing was imported: {counted(len(result.errors), 'problem')} found. "
            "Put these right in the file and upload it again. Line numbers are the spreadsheet's own row numbers.",
            report=report_to_dict(report),
        )
    episodes = sum(len(child["episodes"]) for child in result.children.values())
    return JobResult(
        message=(
            f"Register imported: {counted(len(result.children), 'child', 'children')} and "
            f"{counted(episodes, 'episode')} from {counted(result.rows, 'row')}."
        ),
        url=reverse("register:home"),
        link_text="Go to the register",
    )


@job_kind(SEND_RETURN, title="Sending the return from the register", time_limit=10 * 60, atomic=True)
def send_return(job: RunningJob, *, la: str, period: str, census_date: str, previous_census_date: str) -> JobResult:
    """Count the return from the register and store it as a new draft version of the LA's return."""
    authority = la_by_code(la)
    job.progress("Counting the figures from the register")
    try:
        dates = services.return_dates(
            authority,
            period,
            census_date=datetime.date.fromisoformat(census_date),
            previous_census_date=datetime.date.fromisoformat(previous_census_date),
        )
        generated = services.return_generate(authority, period, dates)
        job.progress("Checking and storing the return")
        outcome = services.return_store(la=authority, generated=generated, actor=Actor.of(job.started_by))
    except services.RegisterError as exc:
        raise JobFailed(exc.message) from exc
    except SubmissionRefused as exc:
        raise JobFailed(exc.message) from exc
    version = outcome.version
    if outcome.duplicate:
        message = f"These figures are already version {version.number} of your return for {period_label(period)}."
    else:
        message = (
            f"Sent to your return for {period_label(period)} as version {version.number}: "
            f"{counted(version.error_count, 'error')}, {counted(version.query_count, 'query', 'queries')}."
        )
    return JobResult(
        message=message,
        url=reverse("returns:return", kwargs={"la": authority.old_code, "period": period}),
        link_text="Open the return to check and submit it",
    )
