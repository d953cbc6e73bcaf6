"""Reminding LAs that have not yet sent their return, by hand or on a schedule.

Reminders are sent by a job (`returns.reminders`, in returns/jobs.py), never inside a request
or a transaction. Each LA's reminder is one `notify` call with a key made of the job's and the
LA's, so a job run again after its worker stopped skips the LAs already reminded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notinschool.accounts.models import Role
from notinschool.accounts.selectors import people_of_la_with_role
from notinschool.core.actor import Actor
from notinschool.core.presenters import long_date
from notinschool.notifications.rendering import absolute_url
from notinschool.notifications.services import notify
from notinschool.periods import period_label
from notinschool.returns.models import Collection, Reminder, Return, ReturnContact, ReturnStatus
from notinschool.returns.notifications import DUE_DATE_CHANGED, REMINDER

DONE = {ReturnStatus.SUBMITTED, ReturnStatus.APPROVED}
CONTACTS, CONTRIBUTORS = "contacts", "contributors"


def las_still_to_submit(collection: Collection) -> list:
    """The network's LAs whose return for the period is not yet submitted or approved."""
    done = set(
        Return.objects.filter(period=collection.period, status__in=DONE).values_list("local_authority_id", flat=True)
    )
    return [la for la in collection.network.local_authorities.order_by("name") if la.id not in done]


def reminder_recipients(la) -> tuple[list[str], str]:
    """Who a reminder to this LA goes to: its return contacts who receive reminders, else its
    contributors (so no LA goes unreminded while it has anyone), else nobody."""
    contacts = sorted(
        set(ReturnContact.objects.filter(local_authority=la, receives_reminders=True).values_list("email", flat=True))
    )
    if contacts:
        return contacts, CONTACTS
    contributors = [person.email for person in people_of_la_with_role(la, Role.LA_CONTRIBUTOR)]
    return (contributors, CONTRIBUTORS) if contributors else ([], "")


def reminder_context(collection: Collection, la) -> dict:
    """What a reminder says: the term in words, the dates, how late, and the link."""
    days_late = (timezone.localdate() - collection.due_date).days
    return {
        "la_name": la.name,
        "network_name": collection.network.name,
        "period_label": period_label(collection.period),
        "census": long_date(collection.census_date),
        "due": long_date(collection.due_date),
        "days_late": days_late,
        "link": absolute_url(reverse("returns:return", kwargs={"la": la.old_code, "period": collection.period})),
    }


@dataclass
class RemindersSent:
    """Which LAs were reminded, which through their contributors, and which had nobody."""

    reminded: list[str] = field(default_factory=list)
    through_contributors: list[str] = field(default_factory=list)
    nobody: list[str] = field(default_factory=list)


def reminders_send(
    *,
    collection: Collection,
    actor: Actor,
    key: str,
    scheduled: bool = False,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> RemindersSent:
    """Queue a reminder to every LA not yet submitted and record each. `key` identifies this
    round of reminders: called again with the same key, it reminds nobody twice."""
    outcome = RemindersSent()
    las = las_still_to_submit(collection)
    for done, la in enumerate(las):
        if progress:
            progress("Reminding local authorities", done, len(las))
        recipients, source = reminder_recipients(la)
        if not recipients:
            outcome.nobody.append(la.name)
            continue
        with transaction.atomic():
            queued = notify(
                kind=REMINDER.code,
                recipients=recipients,
                context=reminder_context(collection, la),
                about=(la, collection.period),
                actor=actor,
                idempotency_key=f"{key}:{la.old_code}",
            )
            if queued:
                Reminder.objects.create(
                    collection=collection,
                    local_authority=la,
                    recipients=recipients,
                    sent_by=actor.user,
                    scheduled=scheduled,
                )
        outcome.reminded.append(la.name)
        if source == CONTRIBUTORS:
            outcome.through_contributors.append(la.name)
    return outcome


def due_date_change_tell(*, collection: Collection, before, actor: Actor, note: str) -> list[str]:
    """Queue an email to every LA of the network saying the due date moved (queued with the
    change, sent by a job after it commits); return the names of the LAs with nobody to tell."""
    nobody = []
    for la in collection.network.local_authorities.order_by("name"):
        recipients, _ = reminder_recipients(la)
        if not recipients:
            nobody.append(la.name)
            continue
        context = reminder_context(collection, la) | {"before": long_date(before), "note": note}
        notify(
            kind=DUE_DATE_CHANGED.code,
            recipients=recipients,
            context=context,
            about=(la, collection.period),
            actor=actor,
            idempotency_key=f"{DUE_DATE_CHANGED.code}:{collection.pk}:{collection.due_date.isoformat()}:{la.old_code}",
        )
    return nobody
