"""notify(): one email per recipient, rendered once, sent by a job after the caller commits, never twice."""

import pytest
from django.core import mail
from django.db import transaction

from notinschool.core.actor import Actor
from notinschool.jobs.models import Job
from notinschool.jobs.testing import run_queued_jobs
from notinschool.notifications.kinds import declare_kind
from notinschool.notifications.models import Notification
from notinschool.notifications.services import notify

pytestmark = pytest.mark.django_db

declare_kind(
    "tests.hello",
    subject="Hello {{ name }}'s   team",
    body="notifications/email/test_hello.txt",
)


def send(key="hello-1", recipients=("b@example.org", "A@example.org ", "a@example.org")):
    return notify(
        kind="tests.hello",
        recipients=recipients,
        context={"name": "Kent", "link": "/returns/"},
        actor=Actor.system(),
        idempotency_key=key,
    )


def test_one_email_per_recipient_rendered_as_plain_text_and_sent_by_a_job():
    rows = send()
    assert [r.recipient for r in rows] == ["a@example.org", "b@example.org"]
    assert rows[0].subject == "Hello Kent's team"
    assert mail.outbox == []  # nothing is sent until the job runs
    run_queued_jobs()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    message = mail.outbox[0]
    assert message.subject == "Hello Kent's team"
    assert "Kent's figures" in message.body  # never HTML-escaped
    assert "http://127.0.0.1:8000/returns/" in message.body
    assert message.extra_headers["Message-ID"].startswith("<")
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert Job.objects.get(kind="notifications.send").status == Job.Status.DONE


def test_the_same_key_never_sends_twice():
    send()
    assert send() == []
    run_queued_jobs()
    assert len(mail.outbox) == 2
    # A later recipient under the same key is still told, once.
    assert [r.recipient for r in send(recipients=["a@example.org", "c@example.org"])] == ["c@example.org"]
    run_queued_jobs()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org", "c@example.org"]


def test_a_job_run_again_skips_what_was_sent():
    rows = send()
    Notification.objects.filter(pk=rows[0].pk).update(status=Notification.Status.SENT)
    run_queued_jobs()
    assert [m.to[0] for m in mail.outbox] == ["b@example.org"]
    job = Job.objects.get(kind="notifications.send")
    assert job.result["message"] == "Sent 1 email. 1 had been sent already."


def test_nothing_is_queued_when_the_callers_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        send()
        raise RuntimeError("the submission failed")
    assert not Notification.objects.exists()
    assert not Job.objects.exists()
    assert run_queued_jobs() == 0


def test_a_mail_server_that_refuses_is_tried_again_then_the_job_says_so(settings):
    settings.EMAIL_BACKEND = "notinschool.notifications.tests.backends.RefusingBackend"
    send(recipients=["a@example.org"])
    job = Job.objects.get(kind="notifications.send")
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    for _ in range(4):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_queued_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "The mail server did not accept the email to a@example.org after 4 tries" in job.error
    row = Notification.objects.get()
    assert row.status == Notification.Status.FAILED
    assert "SMTPRecipientsRefused" in row.error


def test_an_email_with_a_one_time_link_is_sent_whole_and_its_body_not_kept():
    notify(
        kind="tests.hello",
        recipients=["a@example.org"],
        context={"name": "Kent", "link": "/secret-link/"},
        actor=Actor.system(),
        idempotency_key="secret-1",
        keep_body=False,
    )
    run_queued_jobs()
    assert "/secret-link/" in mail.outbox[0].body
    row = Notification.objects.get()
    assert row.status == Notification.Status.SENT
    assert "/secret-link/" not in row.body
    assert row.subject == "Hello Kent's team"
