import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from notinschool.returns.models import Collection
from notinschool.returns.services.chasing import reminders_send


class Command(BaseCommand):
    help = (
        "Email the contacts of LAs that have not submitted, for every open collection due within "
        "--days days (run it daily from cron or a scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="remind when the due date is this close (default 7)")
        parser.add_argument("--dry-run", action="store_true", help="list what would be sent, send nothing")

    def handle(self, *args, **options):
        today = timezone.localdate()
        horizon = today + datetime.timedelta(days=options["days"])
        due = Collection.objects.filter(status=Collection.Status.OPEN, due_date__gte=today, due_date__lte=horizon)
        total = 0
        for collection in due.select_related("network"):
            # Once a day at most: a second run the same day sends nothing more.
            if collection.reminders.filter(scheduled=True, sent_at__date=today).exists():
                continue
            if options["dry_run"]:
                from notinschool.returns.services.chasing import las_still_to_submit

                names = ", ".join(la.name for la in las_still_to_submit(collection))
                self.stdout.write(f"{collection}: would remind {names or 'nobody'}")
                continue
            sent = reminders_send(collection=collection, scheduled=True)
            total += len(sent)
            self.stdout.write(f"{collection}: reminded {len(sent)} local authorities")
        self.stdout.write(f"{total} reminders sent.")
