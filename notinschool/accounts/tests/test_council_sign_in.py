"""Council sign-in against a real OpenID Connect provider running locally, and forged answers refused."""

import time
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from django.utils import timezone

from notinschool.accounts.council import CouncilBackend
from notinschool.accounts.models import Invitation, User
from notinschool.accounts.tests.conftest import INVITED, KENT_USER, OTHER_DOMAIN, STRANGER, UNVERIFIED
from notinschool.accounts.tests.helpers import (
    CLIENT_ID,
    PROVIDER_WARNINGS_IGNORED,
    configure_council_sign_in,
    oidc_provider,
)
from notinschool.audit.actions import Action
from notinschool.audit.models import AuditEntry

pytestmark = PROVIDER_WARNINGS_IGNORED


def start(client, email="contributor@kent.example"):
    response = client.post(reverse("accounts:council-sign-in"), {"email": email})
    assert response.status_code == 302, response.content
    return response["Location"]


def provider_signs_in(authorize_url: str, sub: str) -> dict:
    """Play the person at the provider: choose the account; return the query sent back to us."""
    answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return {k: v[0] for k, v in parse_qs(urlparse(answer.headers["Location"]).query).items()}


def callback(client, query: dict):
    return client.get(reverse("accounts:council-callback"), query)


def refused_reason() -> str:
    return AuditEntry.objects.filter(action=Action.COUNCIL_SIGN_IN_REFUSED).latest("id").details["reason"]


def test_an_invited_person_signs_in_with_a_verified_email(client, demo, provider):
    configure_council_sign_in(provider)
    query = provider_signs_in(start(client), KENT_USER["sub"])
    response = callback(client, query)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(User.objects.get(email="contributor@kent.example").pk)
    assert AuditEntry.objects.get(action=Action.SIGNED_IN).details == {"method": "council"}


def test_a_pending_invitation_becomes_an_account(client, demo, provider):
    configure_council_sign_in(provider)
    Invitation.objects.create(
        email=INVITED["email"],
        local_authority=User.objects.get(email="approver@kent.example").local_authority,
        roles=["la_contributor"],
        secret_hash="x" * 64,
        expires_at=timezone.now() + timedelta(days=1),
    )
    response = callback(client, provider_signs_in(start(client, INVITED["email"]), INVITED["sub"]))
    assert response.status_code == 302
    user = User.objects.get(email=INVITED["email"])
    assert not user.has_usable_password() and user.has_role("la_contributor")
    assert Invitation.objects.get(email=INVITED["email"]).accepted_by == user


@pytest.mark.parametrize(
    ("person", "reason"),
    [
        (UNVERIFIED, "verified"),
        (STRANGER, "Nobody with this email address"),
    ],
)
def test_unverified_or_unknown_emails_never_get_in(client, demo, provider, person, reason):
    configure_council_sign_in(provider)
    response = callback(client, provider_signs_in(start(client, person["email"]), person["sub"]))
    assert response.status_code == 400
    assert "We could not sign you in" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email=STRANGER["email"]).exists()
    assert reason in refused_reason()


def test_an_email_on_another_councils_domain_is_refused(client, demo, provider):
    configure_council_sign_in(provider)
    # The person typed a Kent address, but the provider vouches for a Surrey one.
    callback(client, provider_signs_in(start(client), OTHER_DOMAIN["sub"]))
    assert "_auth_user_id" not in client.session
    assert "not on one of this council's domains" in refused_reason()


def test_a_forged_state_is_refused(client, demo, provider):
    configure_council_sign_in(provider)
    query = provider_signs_in(start(client), KENT_USER["sub"])
    query["state"] = "forged"
    assert callback(client, query).status_code == 400
    assert "_auth_user_id" not in client.session
    assert refused_reason() == "state does not match"


def test_a_callback_nobody_started_is_refused(client, demo):
    response = callback(client, {"code": "abc", "state": "abc"})
    assert response.status_code == 400
    assert "took too long" in response.content.decode()


def test_a_wrong_nonce_is_refused(client, demo, provider):
    configure_council_sign_in(provider)
    query = provider_signs_in(start(client), KENT_USER["sub"])
    session = client.session
    session["notinschool_council_sign_in"]["nonce"] = "not-the-nonce-we-sent"
    session.save()
    assert callback(client, query).status_code == 400
    assert "Nonce" in refused_reason()


def test_a_token_signed_by_another_key_is_refused(client, demo, provider):
    with oidc_provider(users=[KENT_USER]) as impostor:
        # The council's provider publishes other keys than the ones that signed the token.
        configure_council_sign_in(provider, jwks_uri=f"{impostor}/jwks")
        query = provider_signs_in(start(client), KENT_USER["sub"])
        assert callback(client, query).status_code == 400
    assert "_auth_user_id" not in client.session
    reason = refused_reason()
    assert "signature" in reason or "JWKS" in reason


def test_an_expired_token_is_refused(client, demo):
    with oidc_provider(users=[KENT_USER], token_max_age=timedelta(seconds=-600)) as issuer:
        configure_council_sign_in(issuer)
        assert callback(client, provider_signs_in(start(client), KENT_USER["sub"])).status_code == 400
    assert "expired" in refused_reason()


def test_a_disabled_council_sign_in_is_not_offered(client, demo, provider):
    configure_council_sign_in(provider, enabled=False)
    response = client.post(reverse("accounts:council-sign-in"), {"email": "contributor@kent.example"})
    assert response.status_code == 200
    assert "has not linked its sign-in" in response.content.decode()


class TestIdTokenChecks:
    """The ID token checks, with tokens this test signs itself."""

    @pytest.fixture
    def backend(self, demo):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        config = configure_council_sign_in("https://login.kent.example")
        backend = CouncilBackend(config)
        backend.retrieve_matching_jwk = lambda token: self.key.public_key()
        return backend

    def token(self, **changes) -> str:
        now = int(time.time())
        claims = {"iss": "https://login.kent.example", "aud": CLIENT_ID, "sub": "kim", "iat": now, "exp": now + 300}
        claims.update(changes)
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "k1"})

    def test_a_good_token_passes(self, backend):
        assert backend.verify_token(self.token(nonce="n"), nonce="n")["sub"] == "kim"

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"aud": "someone-else"}, "wrong audience"),
            ({"iss": "https://evil.example"}, "unexpected issuer"),
            ({"exp": int(time.time()) - 3600}, "expired"),
            ({"exp": None}, "exp"),
            ({"nonce": "other"}, "Nonce"),
        ],
    )
    def test_forged_tokens_are_refused(self, backend, changes, message):
        with pytest.raises(SuspiciousOperation, match=message):
            backend.verify_token(self.token(**{"nonce": "n", **changes}), nonce="n")

    def test_a_token_signed_with_another_key_is_refused(self, backend):
        good = self.token(nonce="n")
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        with pytest.raises(SuspiciousOperation, match="signature"):
            backend.verify_token(good, nonce="n")

    def test_an_unsigned_token_is_refused(self, backend):
        unsigned = jwt.encode({"sub": "kim", "aud": CLIENT_ID}, None, algorithm="none")
        with pytest.raises(SuspiciousOperation, match="algorithm"):
            backend.verify_token(unsigned, nonce=None)
