"""The hostile corpus against the return intake, by web (upload page and API) and by command
(`validate`): each file gets a clear message, the service goes on, and nothing is stored but the
record of the attempt."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from notinschool.intake import RETURN
from notinschool.intake.tests.corpus import hostile_files
from notinschool.returns.models import ReturnFigure, ReturnVersion, UploadAttempt
from notinschool.returns.tests.factories import PERIOD, filled_xlsx, open_collection
from notinschool.returns.tests.test_pages import RETURN_URL, sign_in

CORPUS = [pytest.param(hostile, id=hostile.name) for hostile in hostile_files(RETURN)]


@pytest.fixture
def collection(demo):
    return open_collection()


def _nothing_stored() -> None:
    assert not ReturnVersion.objects.exists()
    assert not ReturnFigure.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", CORPUS)
def test_the_upload_page_refuses_each_hostile_file(client, collection, hostile):
    sign_in(client, "contributor@kent.example")
    response = client.post(RETURN_URL + "upload/", {"file": SimpleUploadedFile(hostile.filename, hostile.data)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    _nothing_stored()
    if not hostile.data:  # the form itself refuses an empty file, before the service sees it
        assert "The selected file is empty" in page
    else:
        attempt = UploadAttempt.objects.get()
        assert attempt.outcome == "refused" and attempt.message
        assert attempt.message.split(".")[0] in page.replace("&#39;", "'").replace("&#34;", '"')
    # The service goes on: an honest file right after is stored.
    good = client.post(RETURN_URL + "upload/", {"file": SimpleUploadedFile("kent.xlsx", filled_xlsx())})
    assert good.status_code == 302 and ReturnVersion.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", CORPUS)
def test_the_api_refuses_each_hostile_file_with_its_code(client, collection, hostile):
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
    response = client.post(
        "/api/v1/returns/",
        {"period": PERIOD, "file": SimpleUploadedFile(hostile.filename, hostile.data)},
        HTTP_AUTHORIZATION=f"Bearer {token.secret}",
    )
    assert response.status_code == 422, response.content[:300]
    body = response.json()
    if hostile.data:
        assert body["message"] and body["report"]["issues"][0]["rule"] in hostile.codes
    _nothing_stored()


@pytest.mark.parametrize("hostile", CORPUS)
def test_validate_refuses_each_hostile_file_with_its_code(tmp_path, capsys, hostile):
    path = tmp_path / hostile.filename
    path.write_bytes(hostile.data)
    with pytest.raises(SystemExit) as exited:
        call_command("validate", str(path), "--json")
    assert exited.value.code == 2
    output = capsys.readouterr().out
    assert any(code in output for code in hostile.codes), output[:500]


def test_validate_refuses_a_file_over_the_limit_before_reading_it(tmp_path, capsys):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: the size is there, the bytes are not
        handle.truncate(RETURN.max_bytes * 20)
    with pytest.raises(SystemExit):
        call_command("validate", str(path))
    assert "can be at most 5 MB" in capsys.readouterr().out
