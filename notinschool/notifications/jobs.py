"""The job that sends queued emails, one by one, each marked sent as soon as it is."""

import hashlib
import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from notinschool.core.presenters import counted
from notinschool.jobs.kinds import JobFailed, JobResult, RunningJob, job_kind
from notinschool.notifications.models import Notification

SEND_RETRIES = 3
NOT_KEPT = "(Not kept: it held a one-time link.)"
MAIL_ERRORS = (smtplib.SMTPException, OSError, socket.timeout)


def message_id(notification: Notification) -> str:
    """The same Message-ID however often the email is tried, so a relay or a mail program that
    sees it twice can tell it is one email."""
    digest = hashlib.sha256(notification.idempotency_key.encode()).hexdigest()[:40]
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"
    return f"<{digest}@{domain}>"


@job_kind("notifications.send", title="Sending emails", time_limit=5 * 60, retries=SEND_RETRIES)
def send_emails(job: RunningJob, *, batch_key: str) -> JobResult:
    """Send every email of the batch not yet sent. One already sent (a run before this one
    was stopped after it) is skipped, so nobody gets an email twice."""
    pending = list(Notification.objects.filter(batch_key=batch_key, status=Notification.Status.QUEUED))
    already = Notification.objects.filter(batch_key=batch_key, status=Notification.Status.SENT).count()
    for done, notification in enumerate(pending):
        job.progress("Sending emails", done, len(pending))
        message = EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient],
            headers={"Message-ID": message_id(notification)},
        )
        try:
            message.send(fail_silently=False)
        except MAIL_ERRORS as exc:
            if job.attempt <= SEND_RETRIES:
                raise  # the runner tries again later; what was sent stays sent
            Notification.objects.filter(batch_key=batch_key, status=Notification.Status.QUEUED).update(
                status=Notification.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:1000]
            )
            raise JobFailed(
                f"The mail server did not accept the email to {notification.recipient} after "
                f"{job.attempt} tries ({type(exc).__name__}: {exc}). It and any after it were not sent."
            ) from exc
        sent_fields = {"status": Notification.Status.SENT, "sent_at": timezone.now(), "error": ""}
        if not notification.keep_body:
            sent_fields["body"] = NOT_KEPT
        Notification.objects.filter(pk=notification.pk, status=Notification.Status.QUEUED).update(**sent_fields)
    sent = len(pending)
    message = f"Sent {counted(sent, 'email')}."
    if already:
        message += f" {already} had been sent already."
    return JobResult(message=message)
