"""People told: a submission emails the LA's approvers; approval, sending back and reopening email
the contributor. Each email has a link, is logged against its return, and is sent by a job
after the change commits."""

import pytest
from django.core import mail
from django.urls import reverse

from notinschool.accounts.models import User
from notinschool.core.actor import Actor
from notinschool.jobs.testing import run_queued_jobs
from notinschool.notifications.models import Notification
from notinschool.places.selectors import la_by_code
from notinschool.returns import services
from notinschool.returns.tests.factories import PERIOD, filled_xlsx, open_collection
from tests.access_cases import sign_in

pytestmark = pytest.mark.django_db
RETURN_URL = "http://127.0.0.1:8000/returns/886/2025-26-autumn/"


@pytest.fixture
def kent(demo):
    open_collection()
    return la_by_code("886")


def person(email):
    return User.objects.get(email=email)


def stored_return(kent):
    outcome = services.version_create_from_file(
        la=kent,
        period=PERIOD,
        data=filled_xlsx(),
        filename="k.xlsx",
        actor=Actor.of(person("contributor@kent.example"), via="web"),
    )
    return outcome.version.return_record


def test_a_submitted_return_emails_the_las_approvers_with_a_link(kent):
    record = stored_return(kent)
    services.return_submit(record=record, actor=Actor.of(person("contributor@kent.example"), via="web"))
    assert mail.outbox == []  # never inside the transaction: the job sends it
    run_queued_jobs()
    assert [m.to for m in mail.outbox] == [["approver@kent.example"]]
    email = mail.outbox[0]
    assert email.subject == "Kent's return for Autumn term 2025 to 2026 is ready for you to approve"
    assert RETURN_URL in email.body
    assert f"{person('contributor@kent.example').display_name} has submitted version 1" in email.body
    logged = Notification.objects.get()
    assert (logged.return_record, logged.recipient, logged.status) == (record, "approver@kent.example", "sent")
    assert logged.actor.email == "contributor@kent.example"


@pytest.mark.parametrize("how", ["approve", "send back", "reopen"])
def test_approval_sending_back_and_reopening_email_the_contributor(kent, how):
    record = stored_return(kent)
    services.return_submit(record=record, actor=Actor.of(person("contributor@kent.example"), via="web"))
    run_queued_jobs()
    mail.outbox.clear()
    if how == "approve":
        services.return_approve(record=record, actor=Actor.of(person("approver@kent.example"), via="web"))
        expected = "has been approved"
    elif how == "send back":
        services.return_send_back(
            record=record,
            reason="EHE by sex does not add up",
            actor=Actor.of(person("approver@kent.example"), via="web"),
        )
        expected = "has been sent back to you"
    else:
        services.return_reopen(
            record=record,
            reason="DfE corrected a figure",
            actor=Actor.of(person("coordinator@south-east.example"), via="web"),
        )
        expected = "has been reopened"
    run_queued_jobs()
    assert [m.to for m in mail.outbox] == [["contributor@kent.example"]]
    assert expected in mail.outbox[0].subject
    assert RETURN_URL in mail.outbox[0].body
    if how != "approve":
        assert ("EHE by sex does not add up" if how == "send back" else "DfE corrected a figure") in mail.outbox[0].body


def test_a_refused_change_emails_nobody(kent):
    record = stored_return(kent)
    with pytest.raises(services.ReturnStateError):
        services.return_approve(record=record, actor=Actor.of(person("approver@kent.example"), via="web"))
    assert not Notification.objects.exists()
    assert run_queued_jobs() == 0


def test_the_return_page_lists_its_emails_and_the_submitter_is_told_who_was_emailed(client, kent):
    record = stored_return(kent)
    sign_in(client, "contributor@kent.example")
    response = client.post(reverse("returns:submit", kwargs={"la": "886", "period": PERIOD}), follow=True)
    page = response.content.decode()
    assert "Return submitted. Your approver has been emailed." in page
    run_queued_jobs()
    page = client.get(reverse("returns:return", kwargs={"la": "886", "period": PERIOD})).content.decode()
    assert "Emails about this return (1)" in page
    assert "approver@kent.example" in page
    assert "Kent&#39;s return for Autumn term 2025 to 2026 is ready for you to approve" in page
    assert Notification.objects.get().return_record == record


def test_with_no_approver_the_submitter_is_told_so(client, kent):
    User.objects.filter(email="approver@kent.example").update(is_active=False)
    stored_return(kent)
    sign_in(client, "contributor@kent.example")
    response = client.post(reverse("returns:submit", kwargs={"la": "886", "period": PERIOD}), follow=True)
    assert "Nobody at Kent approves returns yet, so nobody has been emailed" in response.content.decode()
