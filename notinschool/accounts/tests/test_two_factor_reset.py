"""A manager resets a person's two-factor sign-in when they lose their phone."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from notinschool.accounts.models import User
from notinschool.audit.actions import Action
from notinschool.audit.models import AuditEntry
from tests.access_cases import sign_in


@pytest.mark.django_db
def test_an_administrator_resets_an_officers_authenticator(client, demo):
    officer = User.objects.get(email="officer@kent.example")
    assert TOTPDevice.objects.filter(user=officer).exists()
    officers_client = type(client)()
    sign_in(officers_client, "officer@kent.example")
    sign_in(client, "admin@notinschool.example")

    response = client.post(f"/accounts/users/{officer.pk}/two-factor-reset/")

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    # The officer's session ended; at the next sign-in they must set up an authenticator again.
    assert officers_client.get("/returns/").status_code == 302
    sign_in(officers_client, "officer@kent.example", two_factor=False)
    assert "/accounts/two-factor/" in officers_client.get("/register/")["Location"]
    entry = AuditEntry.objects.filter(action=Action.TWO_FACTOR_RESET).get()
    assert entry.target_id == str(officer.pk)


@pytest.mark.django_db
def test_a_coordinator_cannot_reset_another_networks_people_nor_their_own(client, demo):
    sign_in(client, "coordinator@south-west.example")
    kent = User.objects.get(email="officer@kent.example")
    assert client.post(f"/accounts/users/{kent.pk}/two-factor-reset/").status_code == 403
    me = User.objects.get(email="coordinator@south-west.example")
    client.post(f"/accounts/users/{me.pk}/two-factor-reset/")
    assert TOTPDevice.objects.filter(user=me).exists()
    assert TOTPDevice.objects.filter(user=kent).exists()
