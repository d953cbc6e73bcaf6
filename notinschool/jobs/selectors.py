"""Reading jobs: one job for its status page, the jobs a person started."""

from notinschool.jobs.models import Job


def job_by_id(job_id) -> Job | None:
    """The job with this id, or None."""
    return Job.objects.select_related("started_by").filter(pk=job_id).first()


def job_by_key(idempotency_key: str) -> Job | None:
    """The job started with this idempotency key, or None."""
    return Job.objects.filter(idempotency_key=idempotency_key).first()


def unfinished_jobs(kind: str, **params):
    """Jobs of this kind, waiting or running, whose params include these values."""
    jobs = Job.objects.filter(kind=kind, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    return jobs.filter(**{f"params__{name}": value for name, value in params.items()})
