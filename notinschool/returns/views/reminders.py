"""What the tracking page needs to know about reminders: those sent lately, and the LAs that
have no return contact to remind."""

import datetime

from django.utils import timezone

from notinschool.accounts.models import Role
from notinschool.accounts.selectors import people_of_la_with_role
from notinschool.jobs.selectors import unfinished_jobs
from notinschool.returns.jobs import REMINDERS
from notinschool.returns.models import Collection

RECENT = datetime.timedelta(days=1)


def recent_reminders(collection: Collection) -> dict:
    """Reminders for this collection sent in the last day, and any being sent now."""
    sent = list(
        collection.reminders.filter(sent_at__gte=timezone.now() - RECENT).select_related("local_authority", "sent_by")
    )
    return {
        "sent": sent,
        "las": sorted({r.local_authority.name for r in sent}),
        "latest": sent[0] if sent else None,
        "running": unfinished_jobs(REMINDERS, collection_id=collection.pk).exists(),
    }


def las_without_contact(rows: list[dict]) -> list[dict]:
    """The tracking rows' LAs with no return contact who receives reminders, and whether their
    contributors are reminded instead."""
    missing = []
    for row in rows:
        if any(contact.receives_reminders for contact in row["contacts"]):
            continue
        contributors = people_of_la_with_role(row["la"], Role.LA_CONTRIBUTOR).count()
        missing.append({"la": row["la"], "contributors": contributors})
    return missing
