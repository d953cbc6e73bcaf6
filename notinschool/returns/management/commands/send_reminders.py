"""`notinschool send_reminders [--days 7]`: queue today's reminders (run it daily from the scheduler)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from notinschool.core.actor import Actor
from notinschool.jobs.services import start_job
from notinschool.periods import period_label
from notinschool.returns.jobs import REMINDERS
from notinschool.returns.models import Collection
from notinschool.returns.services.chasing import las_still_to_submit


class Command(BaseCommand):
    help = (
        "Queue reminders to the LAs that have not submitted, for every open collection due within "
        "--days days or already late. Run it daily: a second run the same day queues nothing more. "
        "Workers send the emails."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="remind when the due date is this close (default 7)")
        parser.add_argument("--dry-run", action="store_true", help="list what would be sent, send nothing")

    def handle(self, *args, **options):
        today = timezone.localdate()
        horizon = today + datetime.timedelta(days=options["days"])
        due = Collection.objects.filter(status=Collection.Status.OPEN, due_date__lte=horizon).select_related("network")
        for collection in due.order_by("due_date"):
            label = f"{collection.network.name}, {period_label(collection.period)}"
            if options["dry_run"]:
                names = ", ".join(la.name for la in las_still_to_submit(collection))
                self.stdout.write(f"{label}: would remind {names or 'nobody'}")
                continue
            # One round a day per collection: the key makes a second run the same day a no-op.
            job = start_job(
                kind=REMINDERS,
                params={"collection_id": collection.pk, "scheduled": True},
                actor=Actor.system(),
                idempotency_key=f"{REMINDERS}:{collection.pk}:scheduled:{today.isoformat()}",
                title=f"Sending the daily reminders for {period_label(collection.period)}",
            )
            self.stdout.write(f"{label}: reminders queued (job {job.id}, {job.get_status_display().lower()})")
