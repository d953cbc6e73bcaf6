"""For tests: run the queued jobs here and now, with the job runner's own worker code.

    job = start_job(...)
    run_queued_jobs()
    job.refresh_from_db()

It takes the runner's ready tasks one at a time and runs each as a worker would, inside the
test's transaction. Tests of the real thing (separate worker processes, killed half-way)
are in notinschool/jobs/tests/test_worker_processes.py.
"""

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued_jobs(*, limit: int = 200) -> int:
    """Run every task that is ready (jobs queued by jobs run too); returns how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        with transaction.atomic():
            task = DBTaskResult.objects.ready().get_locked()
            if task is not None:
                task.claim(worker.worker_id)
        if task is None:
            break
        worker.run_task(task)
        ran += 1
    return ran
