"""`notinschool prune_jobs [--days 30]`: delete the records of jobs that finished long ago
(their errors may quote the files they read). Run it daily from the scheduler."""

import datetime

from django.core.management.base import BaseCommand

from notinschool.core.presenters import counted
from notinschool.jobs.services import finished_jobs_prune


class Command(BaseCommand):
    help = "Delete the records of jobs that finished more than --days days ago (default 30)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days, **options):
        deleted = finished_jobs_prune(older_than=datetime.timedelta(days=days))
        self.stdout.write(f"{counted(deleted, 'finished job record')} deleted.")
