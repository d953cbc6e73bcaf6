"""Moving the sign-in backend signs nobody out: stored sessions are pointed at the new one."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from notinschool.accounts.models import User

migration = importlib.import_module("notinschool.accounts.migrations.0004_sessions_use_account_backend")


@pytest.mark.django_db
def test_sessions_naming_the_old_backend_still_sign_the_person_in():
    user = User.objects.create_user(email="reader@kent.example", password=None)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = migration.OLD
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    other = SessionStore()
    other["note"] = "not signed in"
    other.create()

    migration.forwards(apps, None)

    assert SessionStore(session_key=session.session_key).load()[BACKEND_SESSION_KEY] == migration.NEW
    assert SessionStore(session_key=other.session_key).load() == {"note": "not signed in"}
    request = RequestFactory().get("/")
    request.session = SessionStore(session_key=session.session_key)
    assert get_user(request) == user
