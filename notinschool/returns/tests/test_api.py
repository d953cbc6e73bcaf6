"""POST /api/v1/returns/ and friends, with LA tokens."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from notinschool.accounts.models import User
from notinschool.accounts.services import api_token_create, api_token_revoke
from notinschool.core.actor import Actor
from notinschool.places.selectors import la_by_code
from notinschool.returns.models import ReturnVersion, UploadAttempt
from notinschool.returns.tests.factories import PERIOD, filled_csv, filled_xlsx, good_figures, open_collection


def _request(email="approver@kent.example"):
    request = RequestFactory().post("/")
    request.user = User.objects.get(email=email)
    return request


@pytest.fixture
def token(demo):
    open_collection()
    return api_token_create(
        actor=Actor.from_request(_request()),
        local_authority=la_by_code("886"),
        name="Case system",
        scopes=["returns:submit", "returns:read"],
    )


def post(client, secret, data, name="kent.xlsx", **fields):
    return client.post(
        "/api/v1/returns/",
        {"period": PERIOD, "file": SimpleUploadedFile(name, data), **fields},
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


@pytest.mark.django_db
def test_a_token_sends_a_return_and_reads_its_status(client, token):
    data = filled_xlsx()
    response = post(client, token.secret, data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["la_code"], body["version"], body["duplicate"], body["status"]) == ("886", 1, False, "draft")
    assert body["report"]["valid"] is True
    assert ReturnVersion.objects.get().source == "api"

    again = post(client, token.secret, data)
    assert again.status_code == 200 and again.json()["duplicate"] is True

    status = client.get(f"/api/v1/returns/{PERIOD}", HTTP_AUTHORIZATION=f"Bearer {token.secret}").json()
    assert status == {
        "la_code": "886",
        "period": PERIOD,
        "status": "draft",
        "current_version": 1,
        "approved_version": None,
    }
    report = client.get(f"/api/v1/returns/{PERIOD}/versions/1/report", HTTP_AUTHORIZATION=f"Bearer {token.secret}")
    assert report.json()["valid"] is True


@pytest.mark.django_db
def test_errors_are_reported_as_json(client, token):
    figures = good_figures()
    figures[("cme_by_sex", "male")] = (figures[("cme_by_sex", "male")] or 0) + 4
    body = post(client, token.secret, filled_csv(figures=figures), name="kent.csv").json()
    assert body["status"] == "has_errors"
    error = next(i for i in body["report"]["issues"] if i["severity"] == "error")
    assert error["rule"] == "CME-SUM-SEX" and error["where"].startswith("line ")


@pytest.mark.django_db
def test_a_refused_file_is_422_and_stores_nothing(client, token):
    response = post(client, token.secret, b"\x00\x01binary junk", name="kent.xlsx")
    assert response.status_code == 422
    assert response.json()["message"]
    assert not ReturnVersion.objects.exists()
    assert UploadAttempt.objects.get().channel == "api"


@pytest.mark.django_db
def test_a_token_cannot_act_for_another_la(client, token):
    response = post(client, token.secret, filled_xlsx("936"), la="936")
    assert response.status_code == 403
    assert "cannot act for Surrey" in response.json()["detail"]
    response = post(client, token.secret, filled_xlsx("936"))
    assert response.status_code == 422  # Surrey's file under Kent's token: refused, nothing stored
    assert not ReturnVersion.objects.exists()


@pytest.mark.django_db
def test_missing_scope_revoked_and_unknown_tokens_are_refused(client, token):
    reader = api_token_create(
        actor=Actor.from_request(_request()), local_authority=la_by_code("886"), name="Reader", scopes=["returns:read"]
    )
    assert post(client, reader.secret, filled_xlsx()).status_code == 403
    api_token_revoke(actor=Actor.from_request(_request()), token=token.token)
    assert post(client, token.secret, filled_xlsx()).status_code == 401
    assert post(client, "nis_not-a-token", filled_xlsx()).status_code == 401
    assert client.post("/api/v1/returns/", {"period": PERIOD}).status_code == 401
    assert not ReturnVersion.objects.exists()


@pytest.mark.django_db
def test_bad_period_and_missing_file(client, token):
    response = post(client, token.secret, filled_xlsx(), period="2025-26-winter")
    assert response.status_code == 422
    response = client.post("/api/v1/returns/", {"period": PERIOD}, HTTP_AUTHORIZATION=f"Bearer {token.secret}")
    assert response.status_code == 422


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["la", "period"])
@pytest.mark.parametrize("value", ["\x00", "886\x00", "²", "9" * 300])
def test_hostile_form_fields_are_refused_clearly(client, token, field, value):
    # PostgreSQL's text cannot hold a NUL: looking the LA or period up with one was a server error.
    client.raise_request_exception = False
    response = post(client, token.secret, filled_xlsx(), **{field: value})
    assert 400 <= response.status_code < 500, response.status_code
    body = response.json()
    assert body.get("detail") or body.get("message")
