"""The one task the job runner knows: run a Job by its id (ADR 0030).

Every kind of job goes through this task, so the runner's queue holds only a job id and the
Job record holds everything else: its kind, params, progress and outcome.
"""

from django_tasks import task


@task()
def run_job(job_id: str) -> None:
    """Run the job with this id, if it is still waiting (a finished job is left alone)."""
    from notinschool.jobs.runner import run

    run(job_id)
