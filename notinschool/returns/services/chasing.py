"""Reminding LAs that have not yet submitted, by hand or on a schedule."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from notinschool.core.presenters import long_date
from notinschool.returns.models import Collection, Reminder, Return, ReturnContact, ReturnStatus

DONE = {ReturnStatus.SUBMITTED, ReturnStatus.APPROVED}


def las_still_to_submit(collection: Collection) -> list:
    """The network's LAs whose return for the period is not yet submitted or approved."""
    done = set(
        Return.objects.filter(period=collection.period, status__in=DONE).values_list("local_authority_id", flat=True)
    )
    return [la for la in collection.network.local_authorities.order_by("name") if la.id not in done]


@transaction.atomic
def reminders_send(*, collection: Collection, by=None, scheduled: bool = False) -> list[Reminder]:
    """Email the return contacts of every LA not yet submitted; record each reminder sent."""
    sent = []
    messages = []
    for la in las_still_to_submit(collection):
        recipients = sorted(
            set(
                ReturnContact.objects.filter(local_authority=la, receives_reminders=True).values_list(
                    "email", flat=True
                )
            )
        )
        if not recipients:
            continue
        subject = f"Reminder: {la.name}'s return for {collection.period} is due {long_date(collection.due_date)}"
        body = (
            f"Dear colleague,\n\n{collection.network.name} has not yet received {la.name}'s return on children "
            f"missing education and elective home education for {collection.period}.\n\n"
            f"Census date: {long_date(collection.census_date)}\nDue: {long_date(collection.due_date)}\n\n"
            "Sign in to Not in School to upload the template or type the figures in.\n"
        )
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, recipients))
        sent.append(
            Reminder.objects.create(
                collection=collection, local_authority=la, recipients=recipients, sent_by=by, scheduled=scheduled
            )
        )
    send_mass_mail(messages, fail_silently=False)
    return sent
