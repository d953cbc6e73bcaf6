"""The signed-in user, loaded by precompiled SQL, is the same user the ORM would load."""

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from notinschool.accounts.backends import AccountBackend, load_signed_in_user, signed_in_user_queryset

User = get_user_model()
PEOPLE = (
    "contributor@kent.example",  # an LA user: LA, and the LA's first network by name
    "coordinator@south-east.example",  # a network's coordinator: network, no LA
    "admin@notinschool.example",  # neither
    "officer@kent.example",  # has an authenticator
)


def _fields(user) -> dict:
    return {field.attname: getattr(user, field.attname) for field in User._meta.concrete_fields}


def test_loaded_user_matches_the_orm(demo):
    for email in PEOPLE:
        (expected,) = signed_in_user_queryset(User.objects.get(email=email).pk)
        loaded = load_signed_in_user(str(expected.pk))
        assert _fields(loaded) == _fields(expected), email
        assert loaded.local_authority == expected.local_authority, email
        assert loaded.network == expected.network, email
        assert loaded.has_authenticator is expected.has_authenticator, email
        assert loaded.home_network_slug == expected.home_network_slug, email
        assert not loaded._state.adding and loaded._state.db == "default"


def test_loaded_values_are_what_the_people_are(demo):
    kent = load_signed_in_user(User.objects.get(email="contributor@kent.example").pk)
    assert kent.local_authority.old_code == "886" and kent.network is None
    assert kent.home_network_slug == "south-east"
    coordinator = load_signed_in_user(User.objects.get(email="coordinator@south-east.example").pk)
    assert coordinator.local_authority is None and coordinator.network.slug == "south-east"
    assert coordinator.home_network_slug is None


def test_authenticator_state_follows_the_database(demo):
    officer = User.objects.get(email="officer@kent.example")
    assert load_signed_in_user(officer.pk).has_authenticator is True
    TOTPDevice.objects.filter(user=officer).update(confirmed=False)
    assert load_signed_in_user(officer.pk).has_authenticator is False


def test_unknown_malformed_and_disabled_users_are_nobody(demo):
    backend = AccountBackend()
    assert backend.get_user(10**9) is None
    assert backend.get_user("not-a-number") is None
    person = User.objects.get(email="contributor@kent.example")
    assert backend.get_user(person.pk).email == person.email
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert backend.get_user(person.pk) is None
