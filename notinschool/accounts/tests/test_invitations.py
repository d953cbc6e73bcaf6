"""Invitations: sent by administrators and coordinators within their reach, single use, expiring."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notinschool.accounts.models import Invitation, User
from notinschool.audit.actions import Action
from notinschool.audit.models import AuditEntry
from notinschool.jobs.testing import run_queued_jobs
from tests.access_cases import sign_in

PASSWORD = "violet tractor lantern 42"


def invite(client, email="newcomer@kent.example", organisation="la:886", roles=("la_contributor",)):
    return client.post(reverse("accounts:invite"), {"email": email, "organisation": organisation, "roles": list(roles)})


def link_in_last_email() -> str:
    run_queued_jobs()  # the email is sent by a job, after the invitation is committed
    return re.search(r"https?://[^/\s]+(/accounts/invitations/[^/\s]+/)", mail.outbox[-1].body).group(1)


@pytest.fixture
def coordinator(client, demo):
    sign_in(client, "coordinator@south-east.example")
    return client


def test_a_coordinator_invites_into_their_network_and_the_link_works_once(coordinator):
    assert invite(coordinator)["Location"] == reverse("accounts:users")
    link = link_in_last_email()
    assert Invitation.objects.get().secret_hash not in link
    fresh = Client()
    assert fresh.get(link).status_code == 200
    response = fresh.post(link, {"full_name": "Nia Newcomer", "new_password": PASSWORD, "confirm_password": PASSWORD})
    assert response["Location"] == reverse("accounts:sign-in")
    user = User.objects.get(email="newcomer@kent.example")
    assert user.local_authority.old_code == "886" and user.has_role("la_contributor") and user.check_password(PASSWORD)
    again = Client().post(link, {"full_name": "Someone Else", "new_password": PASSWORD, "confirm_password": PASSWORD})
    assert again.status_code == 410 and "does not work any more" in again.content.decode()
    assert User.objects.filter(email="newcomer@kent.example").count() == 1
    assert AuditEntry.objects.filter(action=Action.INVITATION_SENT).exists()
    assert AuditEntry.objects.filter(action=Action.INVITATION_ACCEPTED).exists()


def test_an_expired_invitation_changes_nothing(coordinator):
    invite(coordinator)
    link = link_in_last_email()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().post(link, {"full_name": "Late", "new_password": PASSWORD, "confirm_password": PASSWORD})
    assert response.status_code == 410
    assert not User.objects.filter(email="newcomer@kent.example").exists()


def test_a_coordinator_cannot_invite_outside_their_network_or_make_administrators(coordinator):
    cornwall = invite(coordinator, organisation="la:908")
    assert cornwall.status_code == 200 and "Select an organisation from the list" in cornwall.content.decode()
    admin = invite(coordinator, organisation="service", roles=("system_administrator",))
    assert admin.status_code == 200
    assert not Invitation.objects.exists()


def test_roles_must_suit_the_organisation(coordinator):
    response = invite(coordinator, organisation="la:886", roles=("network_coordinator",))
    assert "can only be LA contributors" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_administrator_invites_anywhere(client, demo):
    sign_in(client, "admin@notinschool.example")
    assert invite(client, email="new@cornwall.example", organisation="la:908").status_code == 302
    assert Invitation.objects.get().local_authority.old_code == "908"


def test_an_existing_email_cannot_be_invited(coordinator):
    response = invite(coordinator, email="contributor@kent.example")
    assert "already has an account" in response.content.decode()


def test_role_changes_are_audited(coordinator):
    kim = User.objects.get(email="contributor@kent.example")
    url = reverse("accounts:person", kwargs={"user_id": kim.pk})
    assert coordinator.post(url, {"roles": ["la_contributor", "la_approver"]}).status_code == 302
    assert User.objects.get(pk=kim.pk).has_role("la_approver")
    entry = AuditEntry.objects.get(action=Action.ROLES_CHANGED)
    assert entry.details["added"] == ["la_approver"] and entry.actor_email == "coordinator@south-east.example"


def test_only_roles_that_suit_the_person_can_be_given(coordinator):
    kim = User.objects.get(email="contributor@kent.example")
    url = reverse("accounts:person", kwargs={"user_id": kim.pk})
    response = coordinator.post(url, {"roles": ["network_coordinator"]})
    assert response.status_code == 200 and "Select roles from the list" in response.content.decode()
    assert not User.objects.get(pk=kim.pk).has_role("network_coordinator")


@pytest.mark.parametrize(("days", "said"), [(7, "7 days"), (1, "1 day")])
def test_the_invitation_says_how_long_it_lasts_as_the_setting_does(coordinator, settings, days, said):
    settings.NOTINSCHOOL_INVITATION_DAYS = days
    assert f"lasts {said}." in coordinator.get(reverse("accounts:invite")).content.decode()
    page = coordinator.post(
        reverse("accounts:invite"),
        {"email": "newcomer@kent.example", "organisation": "la:886", "roles": ["la_contributor"]},
        follow=True,
    )
    assert f"It lasts {said}." in page.content.decode()
    run_queued_jobs()
    assert f"expires in {said}." in mail.outbox[-1].body


@pytest.mark.parametrize(("seconds", "said"), [(3600, "1 hour"), (1800, "30 minutes")])
def test_a_password_reset_says_how_long_its_link_lasts_as_the_setting_does(client, demo, settings, seconds, said):
    settings.PASSWORD_RESET_TIMEOUT = seconds
    page = client.post(reverse("accounts:password-reset"), {"email": "viewer@surrey.example"})
    assert f"The link expires in {said}." in page.content.decode()
    run_queued_jobs()
    assert f"expires in {said}." in mail.outbox[-1].body


@pytest.mark.django_db(transaction=True)
def test_an_invitation_whose_email_cannot_be_queued_is_not_kept(demo, monkeypatch):
    from notinschool.accounts import services
    from notinschool.core.actor import Actor

    def refuses(**kwargs):
        raise RuntimeError("the queue is down")

    monkeypatch.setattr(services, "notify", refuses)
    coordinator = User.objects.get(email="coordinator@south-east.example")
    with pytest.raises(RuntimeError):
        services.invitation_create(
            actor=Actor(user=coordinator), email="newcomer@kent.example", full_name="Nia Newcomer",
            roles=["la_contributor"], local_authority=coordinator.network.local_authorities.get(old_code="886"),
        )  # fmt: skip
    assert not Invitation.objects.filter(email="newcomer@kent.example").exists()  # one transaction: all or nothing
