"""Importing a DfE file runs as a job (docs/jobs.md): up to 200 MB, about 20 s a million rows."""

from urllib.parse import urlencode

from django.urls import reverse

from notinschool.core.presenters import counted
from notinschool.intake.report import report_to_dict
from notinschool.jobs.kinds import JobFailed, JobResult, RunningJob, job_kind
from notinschool.published import selectors, services
from notinschool.published.reading import ImportRefused

IMPORT = "published.import"


@job_kind(IMPORT, title="Importing DfE's published figures", time_limit=30 * 60, atomic=True)
def import_published(job: RunningJob, *, publication: str | None = None) -> JobResult:
    """Import the uploaded EES file; a refused file keeps nothing and lists every problem."""
    name = job.file_name("upload")
    job.progress(f"Reading and checking {name}")
    try:
        with job.open_file("upload") as source:
            report = services.import_ees(
                source=source, file_name=name, publication=publication or None, imported_by=job.started_by
            )
    except ImportRefused as refusal:
        raise JobFailed(
            f"{name} was not imported; nothing has changed.", report=report_to_dict(refusal.report(name))
        ) from refusal
    release = selectors.releases().get(id=report.release_id)
    outcome = "unchanged" if report.unchanged else "imported"
    message = (
        f"{name} had already been imported: nothing changed."
        if report.unchanged
        else f"{name} was imported: {counted(report.figures_imported, 'figure')}."
    )
    if report.unknown_columns or report.unknown_breakdowns:
        unknown = ", ".join([*report.unknown_columns, *report.unknown_breakdowns])
        message += f" Not known to the service, so not imported (nothing was guessed): {unknown}."
    return JobResult(
        message=message,
        url=reverse("published:release", args=[release.content_hash]) + "?" + urlencode({"outcome": outcome}),
        link_text="See the import report",
    )
