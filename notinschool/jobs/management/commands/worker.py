"""`notinschool worker`: a job worker (django-tasks' database worker, ADR 0030) that also keeps
each job's heartbeat and puts back in the queue the jobs whose worker stopped half-way.

Run as many as you like, on as many machines as you like, under a process manager that
restarts them. Stop one with SIGTERM: it finishes its current job first.
"""

import logging
import threading

from django.conf import settings
from django.db import OperationalError, connection
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from notinschool.jobs import runner
from notinschool.jobs.sweeping import stale_jobs_requeue

logger = logging.getLogger("notinschool.jobs")


def _sweep_forever(stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        try:
            stale_jobs_requeue()
        except OperationalError:
            logger.debug("Sweep skipped: the database is busy", exc_info=True)
        except Exception:
            logger.exception("Sweep for stopped jobs failed")
        finally:
            connection.close()


class Command(DatabaseWorkerCommand):
    help = "Run a job worker: take jobs from the queue one at a time and run them."

    def handle(self, *args, **options):
        runner.IN_WORKER = True
        if options.get("interval") == 1:  # the library's default: ours is the setting
            options["interval"] = settings.NOTINSCHOOL_JOB_POLL_SECONDS
        stop = threading.Event()
        sweeper = threading.Thread(
            target=_sweep_forever,
            args=(stop, max(1.0, settings.NOTINSCHOOL_JOB_STALE_SECONDS / 3)),
            name="stale-job-sweeper",
            daemon=True,
        )
        sweeper.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
