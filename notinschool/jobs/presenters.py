"""A job's status as people read it: a tag, a sentence of progress, a result or an error."""

from notinschool.jobs.models import Job

TAGS = {
    Job.Status.QUEUED: {"text": "Waiting to start", "classes": "govuk-tag--grey"},
    Job.Status.RUNNING: {"text": "Running", "classes": "govuk-tag--blue"},
    Job.Status.DONE: {"text": "Done", "classes": "govuk-tag--green"},
    Job.Status.FAILED: {"text": "Failed", "classes": "govuk-tag--red"},
}


def status_tag(job: Job) -> dict:
    """The GOV.UK tag for the job's status."""
    return TAGS[Job.Status(job.status)]


def progress_text(job: Job) -> str:
    """'Checking rows: 12,000 of 40,000 (30%)', or the stage alone, or a sentence for the status."""
    stage = job.stage or ""
    if job.status == Job.Status.QUEUED:
        return stage or "Waiting for a worker to start it. This page updates by itself."
    if job.status != Job.Status.RUNNING:
        return stage
    if job.progress_total:
        share = min(100, round(100 * job.progress_done / job.progress_total))
        counted = f"{job.progress_done:,} of {job.progress_total:,} ({share}%)"
        return f"{stage}: {counted}" if stage else counted
    if job.progress_done:
        return f"{stage}: {job.progress_done:,} so far" if stage else f"{job.progress_done:,} so far"
    return stage or "Started."


def started_text(job: Job) -> str:
    """'Started 3 December 2026 at 16:40 by Pat Smith.'"""
    from django.utils import timezone

    from notinschool.core.presenters import long_date, time_of_day

    who = f" by {job.started_by.display_name}" if job.started_by else ""
    return f"Started {long_date(timezone.localtime(job.created_at))} at {time_of_day(job.created_at)}{who}."


PROBLEMS_SHOWN = 100


def problems(job: Job) -> dict:
    """The file's problems the job found, for its status page: the first issues to show, how
    many more the CSV download holds, and whether there is a report at all."""
    from notinschool.intake.report import report_issues

    report = (job.result or {}).get("report")
    if not report:
        return {"issues": [], "more": 0, "has_report": False}
    issues = report_issues(report)
    return {"issues": issues[:PROBLEMS_SHOWN], "more": max(0, len(issues) - PROBLEMS_SHOWN), "has_report": True}
