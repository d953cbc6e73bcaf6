"""Signing in with a password: one message for every failure, lock-out, the second factor, sessions."""

import re
import time
from importlib import import_module

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from notinschool.accounts.demo import DEMO_PASSWORD
from notinschool.accounts.forms import SIGN_IN_FAILED
from notinschool.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from notinschool.accounts.models import User
from notinschool.accounts.tests.helpers import current_code
from notinschool.audit.actions import Action
from notinschool.audit.models import AuditEntry
from tests.access_cases import sign_in

SIGN_IN = "/accounts/sign-in/"


def backup_codes_in(response) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())


def post_sign_in(client, email, password, **extra):
    return client.post(SIGN_IN, {"email": email, "password": password, **extra})


def test_wrong_password_and_unknown_user_get_the_same_message(client, demo):
    wrong = post_sign_in(client, "contributor@kent.example", "not the password")
    unknown = post_sign_in(client, "nobody@kent.example", "not the password")
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert SIGN_IN_FAILED in response.content.decode()
        assert "<title>Error: Sign in" in response.content.decode()
        assert "govuk-error-summary" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=Action.SIGN_IN_FAILED).count() == 2


def test_sign_in_without_two_factor_role_goes_straight_in(client, demo):
    response = post_sign_in(client, "contributor@kent.example", DEMO_PASSWORD, next="/places/comparison-groups/")
    assert response.status_code == 302 and response["Location"] == "/places/comparison-groups/"
    assert AuditEntry.objects.filter(action=Action.SIGNED_IN, actor_email="contributor@kent.example").exists()


def test_sign_in_refuses_an_offsite_next(client, demo):
    response = post_sign_in(client, "contributor@kent.example", DEMO_PASSWORD, next="https://evil.example/")
    assert response["Location"] == "/"


def test_two_factor_roles_must_give_a_code_and_a_code_works_once(client, demo):
    response = post_sign_in(client, "officer@kent.example", DEMO_PASSWORD, next="/accounts/")
    assert response["Location"] == reverse("accounts:two-factor")
    assert client.get("/accounts/")["Location"] == reverse("accounts:two-factor")
    device = TOTPDevice.objects.get(user__email="officer@kent.example")
    code = current_code(device)
    owed = client.get(reverse("accounts:two-factor")).content.decode()
    # Before the code: no navigation and no name, only the way out.
    assert "govuk-service-navigation__item" not in owed and 'href="/register/"' not in owed
    officer = User.objects.get(email="officer@kent.example")
    assert officer.display_name not in owed and "Your account" not in owed and "Sign out" in owed
    wrong = client.post(reverse("accounts:two-factor"), {"code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 200 and "The code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    accepted = client.post(reverse("accounts:two-factor"), {"code": code})
    assert accepted["Location"] == "/accounts/"
    verified = client.get("/accounts/")
    assert verified.status_code == 200
    assert (
        officer.display_name in verified.content.decode()
        and "govuk-service-navigation__item" in verified.content.decode()
    )

    other = Client()
    post_sign_in(other, "officer@kent.example", DEMO_PASSWORD)
    reused = other.post(reverse("accounts:two-factor"), {"code": code})
    assert reused.status_code == 200 and "already used" in reused.content.decode()
    assert other.get("/accounts/")["Location"] == reverse("accounts:two-factor")
    assert AuditEntry.objects.filter(action=Action.TWO_FACTOR_FAILED).count() == 2


def test_backup_code_signs_in_once(client, demo):
    user = sign_in(client, "officer@kent.example")
    response = client.post(reverse("accounts:backup-codes"))
    codes = backup_codes_in(response)
    assert len(codes) == 10
    client.post(reverse("accounts:sign-out"))
    for attempt, expected in (("first", 302), ("second", 200)):
        post_sign_in(client, user.email, DEMO_PASSWORD)
        response = client.post(reverse("accounts:two-factor"), {"code": codes[0].upper()})
        assert response.status_code == expected, attempt
        client.post(reverse("accounts:sign-out"))


@pytest.mark.django_db
def test_enrolling_needs_a_code_from_the_new_app_and_gives_backup_codes(client, demo):
    user = User.objects.get(email="officer@surrey.example")
    TOTPDevice.objects.filter(user=user).delete()
    response = post_sign_in(client, user.email, DEMO_PASSWORD)
    assert client.get(response["Location"])["Location"] == reverse("accounts:two-factor-set-up")
    page = client.get(reverse("accounts:two-factor-set-up"))
    assert 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(reverse("accounts:two-factor-set-up"), {"code": "123"}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code slows the next attempt down; the test need not wait
    done = client.post(reverse("accounts:two-factor-set-up"), {"code": current_code(device)})
    assert len(backup_codes_in(done)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/accounts/").status_code == 200


def test_someone_with_only_the_password_cannot_replace_the_authenticator(client, demo):
    post_sign_in(client, "officer@kent.example", DEMO_PASSWORD)
    response = client.get(reverse("accounts:two-factor-set-up"))
    assert response["Location"] == reverse("accounts:two-factor")
    assert TOTPDevice.objects.filter(user__email="officer@kent.example").count() == 1


def test_lock_out_after_five_failures_for_that_email_and_address_only(client, demo):
    for _ in range(5):
        post_sign_in(client, "approver@kent.example", "wrong password")
    locked = post_sign_in(client, "approver@kent.example", DEMO_PASSWORD)
    assert locked.status_code == 429
    assert "too many times" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=Action.LOCKED_OUT).exists()
    # The real person, from their own address, is not locked out by someone else's attempts.
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    assert post_sign_in(elsewhere, "approver@kent.example", DEMO_PASSWORD).status_code == 302
    # Nor is anyone else from the attacker's address.
    assert post_sign_in(client, "contributor@kent.example", DEMO_PASSWORD).status_code == 302


def test_csrf_less_post_is_refused_and_changes_nothing(demo):
    strict = Client(enforce_csrf_checks=True)
    response = post_sign_in(strict, "contributor@kent.example", DEMO_PASSWORD)
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session
    assert not AuditEntry.objects.filter(action=Action.SIGNED_IN).exists()


def test_oversized_request_body_is_refused(client, demo, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = post_sign_in(client, "contributor@kent.example", DEMO_PASSWORD, padding="x" * 20_000)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_sign_out_ends_the_session(client, demo):
    sign_in(client, "contributor@kent.example")
    key = client.session.session_key
    client.post(reverse("accounts:sign-out"))
    assert not Session.objects.filter(session_key=key).exists()
    assert stored_session(key) == {}  # nor in the cache the store reads through
    assert client.get("/accounts/")["Location"].startswith(SIGN_IN)


def test_idle_and_overlong_sessions_end(client, demo, settings):
    sign_in(client, "contributor@kent.example")
    assert client.get("/accounts/").status_code == 200
    session = client.session
    session[LAST_SEEN_AT] = time.time() - settings.NOTINSCHOOL_SESSION_IDLE_SECONDS - 5
    session.save()
    assert client.get("/accounts/")["Location"].startswith(SIGN_IN)
    sign_in(client, "contributor@kent.example")
    client.get("/accounts/")
    session = client.session
    session[SIGNED_IN_AT] = time.time() - settings.NOTINSCHOOL_SESSION_MAX_SECONDS - 5
    session.save()
    assert client.get("/accounts/")["Location"].startswith(SIGN_IN)
    assert AuditEntry.objects.filter(action=Action.SESSION_EXPIRED).count() == 2


def stored_session(key: str) -> dict:
    """The session as the configured store loads it (through the cache first, ADR 0617)."""
    return import_module(django_settings.SESSION_ENGINE).SessionStore(key).load()


def test_a_disabled_accounts_sessions_stop_at_once(client, demo):
    sign_in(client, "contributor@kent.example")
    key = client.session.session_key
    assert stored_session(key)
    admin = Client()
    sign_in(admin, "admin@notinschool.example")
    kim = User.objects.get(email="contributor@kent.example")
    response = admin.post(reverse("accounts:person-active", kwargs={"user_id": kim.pk}), {"active": "no"})
    assert response.status_code == 302
    assert stored_session(key) == {}  # ended in the table and in the cache the store reads first
    assert client.get("/accounts/")["Location"].startswith(SIGN_IN)
    assert post_sign_in(Client(), kim.email, DEMO_PASSWORD).status_code == 200


def test_a_session_put_back_in_the_cache_while_it_is_ended_is_gone_at_commit(
    client, demo, django_capture_on_commit_callbacks
):
    from django.core.cache import caches

    from notinschool.accounts.services import end_sessions

    sign_in(client, "contributor@kent.example")
    key = client.session.session_key
    data = stored_session(key)
    store = import_module(django_settings.SESSION_ENGINE).SessionStore
    with django_capture_on_commit_callbacks(execute=True):
        assert end_sessions(User.objects.get(email="contributor@kent.example")) == 1
        # A request that read the table before the change committed puts the session back.
        caches[django_settings.SESSION_CACHE_ALIAS].set(store.cache_key_prefix + key, data)
        assert stored_session(key)
    assert stored_session(key) == {}


def test_changing_the_password_ends_other_sessions(client, demo):
    sign_in(client, "contributor@kent.example")
    elsewhere = Client()
    sign_in(elsewhere, "contributor@kent.example")
    new = "correct horse battery staple 7"
    response = client.post(
        reverse("accounts:password-change"),
        {"current_password": DEMO_PASSWORD, "new_password": new, "confirm_password": new},
    )
    assert response["Location"] == reverse("accounts:account")
    assert client.get("/accounts/").status_code == 200
    assert elsewhere.get("/accounts/")["Location"].startswith(SIGN_IN)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "too short"),
        ("liverpool2024!", "data breaches"),
        # Each passed the length, common-password and breached checks before the strength estimate.
        ("aaaaaaaaaaaa", "too guessable"),
        ("abcabcabcabc", "too guessable"),
        ("qwertyuiopasdf", "too guessable"),
        ("111111111111a", "too guessable"),
    ],
)
def test_weak_and_breached_passwords_are_refused(client, demo, password, message):
    sign_in(client, "contributor@kent.example")
    response = client.post(
        reverse("accounts:password-change"),
        {"current_password": DEMO_PASSWORD, "new_password": password, "confirm_password": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.get(email="contributor@kent.example").check_password(DEMO_PASSWORD)
