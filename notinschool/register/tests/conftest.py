"""Fixtures for the register's tests: two LAs' register officers signed in with two-factor,
and a small register."""

import datetime

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from notinschool.accounts.backends import SIGN_IN_BACKEND
from notinschool.accounts.models import Role, RoleAssignment, User
from notinschool.places.selectors import la_by_code
from notinschool.register.models import Child, Episode
from notinschool.register.tenancy import scoped


def make_user(email: str, la_code: str | None, role: Role | None) -> User:
    user = User.objects.create_user(email=email, password="test-password-123")
    user.local_authority = la_by_code(la_code) if la_code else None
    user.save()
    if role:
        RoleAssignment.objects.create(user=user, role=role)
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def signed_in(client, user: User, *, two_factor: bool = True):
    client.force_login(user, backend=SIGN_IN_BACKEND)
    if two_factor:
        session = client.session
        session["otp_device_id"] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()
    return client


@pytest.fixture(autouse=True)
def kents_scope_for_test_code(request):
    """On PostgreSQL a register row is visible only inside its LA's scope (ADR 0508), so the
    test code itself (fixtures, assertions) works in Kent's. The views, services and commands
    under test set their own scope and put Kent's back after, so one that forgets its scope
    still fails; test_row_level_security checks the database with no scope at all. Not for
    tests whose pages run in another thread (a browser), which must see committed rows."""
    from django.db import connection

    marker = request.node.get_closest_marker("django_db")
    shared = {"live_server", "transactional_db"} & set(request.fixturenames)
    if marker is None or shared or marker.kwargs.get("transaction") or connection.vendor != "postgresql":
        yield
        return
    if request.node.get_closest_marker("no_default_scope"):
        yield
        return
    with scoped(request.getfixturevalue("kent")):
        yield


@pytest.fixture
def kent(reference_data):
    return la_by_code("886")


@pytest.fixture
def surrey(reference_data):
    return la_by_code("936")


@pytest.fixture
def officer(kent):
    return make_user("officer@kent.test", "886", Role.REGISTER_OFFICER)


@pytest.fixture
def officer_client(client, officer):
    return signed_in(client, officer)


@pytest.fixture
def surrey_officer(surrey):
    return make_user("officer@surrey.test", "936", Role.REGISTER_OFFICER)


@pytest.fixture
def child(kent, officer):
    """A Kent child in home education since 1 September 2025 (made inside Kent's scope: on
    PostgreSQL the tests work as the application's role, under row-level security)."""
    with scoped(kent):
        record = Child(
            local_authority=kent,
            given_name="Ada",
            family_name="Testcase",
            date_of_birth=datetime.date(2014, 5, 4),
            sex="female",
            upn="B801200005001",
        )
        record.save()
        Episode.objects.create(
            child=record, kind="ehe", start_date=datetime.date(2025, 9, 1), reason="religious",
            eligibility_ground="not_registered",
        )  # fmt: skip
    return record
