"""A job's status page: it reloads itself while the job runs (no JavaScript needed), and htmx,
where it runs, refreshes only the status instead of the whole page."""

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from notinschool.accounts.permissions import Permission, requires
from notinschool.intake.report import report_to_csv
from notinschool.jobs import presenters, selectors

REFRESH_SECONDS = 3


def job_from(request: HttpRequest, job_id: uuid.UUID, **_):
    """The job named in the URL (404 when there is none)."""
    job = selectors.job_by_id(job_id)
    if job is None:
        raise Http404("No such job")
    return job


@requires(Permission.VIEW_JOB, obj=job_from)
@require_safe
@never_cache
def job_page(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """What the job is, how far it has got, and how it ended."""
    job = job_from(request, job_id)
    context = {
        "job": job,
        "status_tag": presenters.status_tag(job),
        "progress": presenters.progress_text(job),
        "started": presenters.started_text(job),
        "refresh_seconds": REFRESH_SECONDS,
        "problems": presenters.problems(job),
        "page_title": job.title,
    }
    partial = request.headers.get("HX-Request") == "true"
    response = render(request, "jobs/_status.html" if partial else "jobs/job.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires(Permission.VIEW_JOB, obj=job_from)
@require_safe
def job_problems_csv(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """Every problem the job found in its file, as CSV: the same columns as a return's report."""
    job = job_from(request, job_id)
    report = (job.result or {}).get("report")
    if not report:
        raise Http404("This job found no problems in a file")
    response = HttpResponse(report_to_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="problems-{job.id}.csv"'
    return response
