"""Numbers that fit: a count above the ceiling is a coded error everywhere a return comes in
(validate, upload, typed form, API), never a 500 and never a stored figure; a count above the
LA's population of children aged 5 to 16 is a query."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from notinschool.returns.models import ReturnVersion
from notinschool.returns.tests.factories import PERIOD, filled_csv, filled_xlsx, good_figures, open_collection
from notinschool.returns.tests.test_pages import sign_in
from notinschool.validation.values import MAX_COUNT

HUGE = "99999999999999999999999"
RETURN_URL = f"/returns/886/{PERIOD}/"


@pytest.fixture
def collection(demo):
    return open_collection()


def _figures_of(version):
    return {(f.measure, f.category): f.value for f in version.figures.all()}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["kent.csv", "kent.xlsx"])
def test_an_upload_with_a_huge_count_is_an_error_never_a_500_or_a_figure(client, collection, name):
    figures = good_figures()
    figures[("ehe_total", None)] = 10**23 if name.endswith(".xlsx") else HUGE
    data = filled_xlsx(figures=figures) if name.endswith(".xlsx") else filled_csv(figures=figures)
    sign_in(client, "contributor@kent.example")
    response = client.post(RETURN_URL + "upload/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content[:500]
    version = ReturnVersion.objects.get()
    assert version.has_errors
    assert "VALUE-TOO-LARGE" in str(version.report)
    stored = _figures_of(version)
    assert stored.get(("ehe_total", None)) is None
    assert all(value is None or value <= MAX_COUNT for value in stored.values())


@pytest.mark.django_db
def test_the_typed_form_refuses_a_count_above_the_ceiling(client, collection):
    sign_in(client, "contributor@kent.example")
    for typed in ("2147483648", HUGE, "²"):
        response = client.post(RETURN_URL + "form/", {"ehe_total": typed})
        assert response.status_code == 200
        assert not ReturnVersion.objects.exists()
    assert f"{MAX_COUNT:,} or less" in client.post(RETURN_URL + "form/", {"ehe_total": HUGE}).content.decode()


@pytest.mark.django_db
def test_the_api_reports_a_huge_count_as_an_error(client, collection):
    from django.test import RequestFactory

    from notinschool.accounts.models import User
    from notinschool.accounts.services import api_token_create
    from notinschool.core.actor import Actor
    from notinschool.places.selectors import la_by_code

    request = RequestFactory().post("/")
    request.user = User.objects.get(email="approver@kent.example")
    token = api_token_create(
        actor=Actor.from_request(request),
        local_authority=la_by_code("886"),
        name="Case system",
        scopes=["returns:submit"],
    )
    figures = good_figures()
    figures[("ehe_total", None)] = HUGE
    response = client.post(
        "/api/v1/returns/",
        {"period": PERIOD, "file": SimpleUploadedFile("kent.csv", filled_csv(figures=figures))},
        HTTP_AUTHORIZATION=f"Bearer {token.secret}",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert any(issue["rule"] == "VALUE-TOO-LARGE" for issue in body["report"]["issues"])
    assert body["status"] == "has_errors"
