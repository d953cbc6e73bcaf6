"""The hostile corpus against the published-figures import, by web (the upload page and its job)
and by command: each file gets a clear message, and no release is kept."""

import html

import pytest
from django.core.management import call_command

from notinschool.intake import PUBLISHED
from notinschool.intake.tests.corpus import hostile_files
from notinschool.published.models import PublishedFigure, PublishedRelease
from notinschool.published.tests.test_pages import upload
from tests.access_cases import sign_in

pytestmark = pytest.mark.django_db
CORPUS = [pytest.param(h, id=h.name) for h in hostile_files(PUBLISHED, with_size_bomb=False)]


@pytest.mark.parametrize("hostile", CORPUS)
def test_the_upload_page_refuses_each_hostile_file(client, demo_release, hostile):
    sign_in(client, "admin@notinschool.example")
    releases, figures = PublishedRelease.objects.count(), PublishedFigure.objects.count()
    response = upload(client, hostile.data, name=hostile.filename.replace("f.", "cme_census."))
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "was not imported; nothing has changed" in page or "govuk-error-summary" in page
    assert (PublishedRelease.objects.count(), PublishedFigure.objects.count()) == (releases, figures)


@pytest.mark.parametrize("hostile", CORPUS)
def test_the_command_refuses_each_hostile_file(tmp_path, places, capsys, hostile):
    path = tmp_path / hostile.filename.replace("f.", "cme_census.")
    path.write_bytes(hostile.data)
    with pytest.raises(SystemExit) as exited:
        call_command("import_ees", str(path), "--quiet")
    assert exited.value.code == 1
    assert "nothing has changed" in capsys.readouterr().err
    assert not PublishedRelease.objects.exists()


def test_a_file_over_the_limit_is_refused_unread(tmp_path, places, capsys):
    path = tmp_path / "cme_census.csv"
    with path.open("wb") as handle:  # sparse: 300 MB on paper, nothing on disk
        handle.truncate(300 * 2**20)
    with pytest.raises(SystemExit):
        call_command("import_ees", str(path), "--quiet")
    assert "can be at most 200 MB" in capsys.readouterr().err
