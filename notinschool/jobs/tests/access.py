"""Who may open a job's status page and the CSV of the problems it found in a file (read by
tests/test_url_access.py): the person who started it (administrators see only the service's own
jobs). The walk prepares two jobs started by Kent's contributor, the second as an import that
found problems."""

from tests.access_cases import OK, only

KEY = "access-walk-job"
WITH_PROBLEMS = "access-walk-job-with-problems"


def prepare() -> None:
    """Two finished jobs started by contributor@kent.example, the second with a report of problems."""
    from notinschool.accounts.models import User
    from notinschool.core.actor import Actor
    from notinschool.intake.report import ERROR, Issue, ValidationReport, report_to_dict
    from notinschool.jobs.models import Job
    from notinschool.jobs.services import start_job
    from notinschool.jobs.tests import kinds  # noqa: F401 - declares tests.echo

    user = User.objects.get(email="contributor@kent.example")
    start_job(kind="tests.echo", params={"text": "walk"}, actor=Actor.of(user), idempotency_key=KEY)
    job = start_job(kind="tests.echo", params={"text": "walk"}, actor=Actor.of(user), idempotency_key=WITH_PROBLEMS)
    report = ValidationReport("register.csv", None, "886", [Issue("ROW-REQUIRED", ERROR, "Enter a start date.")])
    Job.objects.filter(pk=job.pk).update(result={"report": report_to_dict(report)})


def _job_kwargs() -> dict:
    from notinschool.jobs.selectors import job_by_key

    return {"job_id": job_by_key(KEY).pk}


def _problems_kwargs() -> dict:
    from notinschool.jobs.selectors import job_by_key

    return {"job_id": job_by_key(WITH_PROBLEMS).pk}


EXPECTED = {
    "jobs:job": (_job_kwargs, only({"contributor@kent.example"}, allowed_outcome=OK)),
    "jobs:problems-csv": (_problems_kwargs, only({"contributor@kent.example"}, allowed_outcome=OK)),
}
