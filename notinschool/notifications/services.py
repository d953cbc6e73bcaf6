"""Telling people what happened: the one way any part of the service sends an email.

    notify(
        kind="returns.submitted",
        recipients=["approver@kent.gov.uk"],
        context={"la_name": "Kent", "period_label": "Autumn term 2025 to 2026", "link": url},
        about=record,                      # the return it is about: a Return, (LA, period), or None
        actor=actor,                       # who made it happen
        idempotency_key=f"submitted:{record.pk}:{event.pk}",
    )

One row per recipient is written in the caller's transaction, with the email rendered then and
there, and a job is queued to send them. Nothing is sent inside the caller's transaction: the
job runs once it has committed, and not at all if it rolls back. The same key never sends
twice, even if the job is killed and run again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from notinschool.core.actor import Actor
from notinschool.jobs.services import start_job
from notinschool.notifications.kinds import kind_named
from notinschool.notifications.models import Notification
from notinschool.notifications.rendering import render_email

SEND_JOB = "notifications.send"


@transaction.atomic
def notify(
    *,
    kind: str,
    recipients: Iterable[str],
    context: dict,
    actor: Actor,
    idempotency_key: str,
    about=None,
    keep_body: bool = True,
) -> list[Notification]:
    """Queue one email of a declared kind to each recipient; return the rows queued now (those
    already queued under the same key are not queued again). With `keep_body=False` (an email
    that carries a one-time link) the body is blanked once sent; the log keeps who, when, what."""
    declared = kind_named(kind)
    addresses = sorted({address.strip().lower() for address in recipients if address and address.strip()})
    if not addresses:
        return []
    subject, body = render_email(declared, context)
    record, local_authority, period = _about(about)
    created = []
    for address in addresses:
        row, made = Notification.objects.get_or_create(
            idempotency_key=f"{idempotency_key}:{address}"[:255],
            defaults={
                "kind": kind,
                "batch_key": idempotency_key[:200],
                "recipient": address,
                "subject": subject,
                "body": body,
                "return_record": record,
                "local_authority": local_authority,
                "period": period,
                "actor": actor.user,
                "actor_email": actor.email,
                "keep_body": keep_body,
            },
        )
        if made:
            created.append(row)
    if created:
        job = start_job(
            kind=SEND_JOB,
            params={"batch_key": idempotency_key[:200]},
            actor=actor,
            title=f"Sending “{subject}”"[:200],
        )
        Notification.objects.filter(pk__in=[row.pk for row in created]).update(job=job)
    return created


def _about(about) -> tuple:
    """(return record or None, LA or None, period) from a Return, an (LA, period) pair, or None."""
    if about is None:
        return None, None, ""
    if isinstance(about, tuple):
        local_authority, period = about
        return None, local_authority, period
    return about, about.local_authority, about.period
