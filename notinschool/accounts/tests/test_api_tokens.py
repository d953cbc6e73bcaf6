"""API tokens: made by an LA's approver, shown once, stored hashed, scoped, revocable, audited."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from notinschool.accounts.api_auth import LATokenAuth
from notinschool.accounts.models import APIToken, hash_secret
from notinschool.audit.actions import Action
from notinschool.audit.models import AuditEntry
from tests.access_cases import sign_in

ME = "/api/v1/tokens/me"


@pytest.fixture
def approver(client, demo):
    sign_in(client, "approver@kent.example")
    return client


def make_token(client, *scopes, name="Capita nightly") -> str:
    response = client.post(reverse("accounts:api-tokens", kwargs={"la": "886"}), {"name": name, "scopes": list(scopes)})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return re.search(r"<code>(nis_[\w-]+)</code>", response.content.decode()).group(1)


def test_a_token_is_shown_once_and_stored_only_as_a_hash(approver):
    secret = make_token(approver, "returns:read")
    token = APIToken.objects.get()
    assert token.secret_hash == hash_secret(secret) and secret not in token.secret_hash
    assert token.prefix == secret[:10]
    listing = approver.get(reverse("accounts:api-tokens", kwargs={"la": "886"})).content.decode()
    assert secret not in listing and token.prefix in listing
    assert AuditEntry.objects.filter(action=Action.TOKEN_CREATED, local_authority__old_code="886").exists()


def test_the_token_says_which_la_it_acts_for(approver):
    secret = make_token(approver, "returns:read", "returns:submit")
    response = Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    body = response.json()
    assert body["local_authority_code"] == "886" and body["scopes"] == ["returns:read", "returns:submit"]
    token = APIToken.objects.get()
    assert token.last_used_at is not None
    assert AuditEntry.objects.filter(action=Action.TOKEN_USED, target_id=str(token.pk)).count() == 1


def test_a_revoked_token_stops_working_at_once(approver):
    secret = make_token(approver, "returns:read")
    token = APIToken.objects.get()
    revoke = reverse("accounts:api-token-revoke", kwargs={"la": "886", "token_id": token.pk})
    assert approver.post(revoke).status_code == 302
    response = Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    refused = AuditEntry.objects.get(action=Action.TOKEN_REFUSED)
    assert refused.details["reason"] == "revoked"


@pytest.mark.parametrize("header", ["", "Bearer ", "Bearer nis_made-up", "Basic abc"])
def test_missing_or_unknown_tokens_get_401(demo, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    assert Client().get(ME, **extra).status_code == 401


def test_a_session_is_not_a_token(approver):
    assert approver.get(ME).status_code == 401


def test_a_token_without_the_scope_is_refused_with_403(approver, rf):
    secret = make_token(approver, "returns:read")
    request = rf.get("/api/v1/returns/")
    from ninja.errors import HttpError

    with pytest.raises(HttpError) as refused:
        LATokenAuth(scope="returns:submit").authenticate(request, secret)
    assert refused.value.status_code == 403
    assert LATokenAuth(scope="returns:read").authenticate(request, secret).local_authority.old_code == "886"


def test_another_las_approver_cannot_see_or_revoke_kent_tokens(approver, demo):
    make_token(approver, "returns:read")
    token = APIToken.objects.get()
    surrey = Client()
    sign_in(surrey, "approver@surrey.example")
    assert surrey.get(reverse("accounts:api-tokens", kwargs={"la": "886"})).status_code == 403
    revoke = reverse("accounts:api-token-revoke", kwargs={"la": "886", "token_id": token.pk})
    assert surrey.post(revoke).status_code == 403
    assert APIToken.objects.get().is_active
    assert AuditEntry.objects.filter(action=Action.ACCESS_REFUSED, actor_email="approver@surrey.example").count() == 2


def test_a_token_form_without_scopes_says_what_to_do(approver):
    response = approver.post(reverse("accounts:api-tokens", kwargs={"la": "886"}), {"name": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "Error: " in page
    assert "Enter a name for the token" in page and "Select what the token can do" in page
    assert not APIToken.objects.exists()
