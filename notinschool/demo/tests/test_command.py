"""`notinschool demo` prints where to sign in, at the address the service is served at."""

import io

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command

from notinschool.accounts.demo import DEMO_PASSWORD, USERS
from notinschool.accounts.models import User
from notinschool.demo import services


@pytest.mark.django_db
@pytest.mark.real_password_hashing
def test_demo_prints_the_sign_in_address_it_is_given_and_every_user_can_sign_in(monkeypatch):
    # The places and the users are what the sign-ins need; the other apps' demo data is slow.
    monkeypatch.setattr(services, "DEMO_MODULES", ["notinschool.places.demo", "notinschool.accounts.demo"])
    out = io.StringIO()
    call_command("demo", address="0.0.0.0:8101", stdout=out)
    printed = out.getvalue()
    assert "Sign in at http://0.0.0.0:8101/accounts/sign-in/" in printed.splitlines()
    assert ":8000" not in printed
    emails = [email for email, *_ in USERS]
    assert all(email in printed for email in emails)
    # One Argon2 hash of the demo password, shared by every demo user.
    (password,) = set(User.objects.filter(email__in=emails).values_list("password", flat=True))
    assert password.startswith("argon2") and check_password(DEMO_PASSWORD, password)
