"""The hostile corpus against the register import, by web (the import page and its job) and by
command: each file gets a clear message, the service goes on, and nothing is stored."""

import html
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from notinschool.intake import REGISTER, UnreadableFile, take
from notinschool.intake.tests.corpus import hostile_files
from notinschool.jobs.testing import run_queued_jobs

pytestmark = pytest.mark.django_db
CORPUS = [pytest.param(hostile, id=hostile.name) for hostile in hostile_files(REGISTER)]
GOOD = b"child_reference,given_name,family_name,date_of_birth,sex\nK1,Amy,Example,2014-03-02,female\n"


def _post(client, name: str, data: bytes):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("register:import"), {"file": upload})


@pytest.mark.parametrize("hostile", CORPUS)
def test_the_import_page_refuses_each_hostile_file(officer_client, kent, hostile):
    response = _post(officer_client, hostile.filename, hostile.data)
    if response.status_code == 302:
        run_queued_jobs()
        page = html.unescape(officer_client.get(response["Location"]).content.decode())
        with pytest.raises(UnreadableFile) as refusal:
            take(hostile.data, hostile.filename, REGISTER)
        assert refusal.value.code in hostile.codes
        assert refusal.value.message.split(".")[0] in page  # the job's page says what the intake said
    else:  # the form refuses an empty or oversized file itself
        page = response.content.decode()
        assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Register imported" not in page
    assert not kent.children.exists()
    # The service goes on: an honest file right after is imported.
    good = _post(officer_client, "register.csv", GOOD)
    run_queued_jobs()
    assert "Register imported: 1 child" in officer_client.get(good["Location"]).content.decode()


@pytest.mark.parametrize("hostile", CORPUS)
def test_the_command_refuses_each_hostile_file(tmp_path, kent, hostile):
    path = tmp_path / hostile.filename
    path.write_bytes(hostile.data)
    with pytest.raises(CommandError) as refused:
        call_command("import_register", str(path), la="886")
    assert len(str(refused.value)) > 30
    assert not kent.children.exists()


def test_a_nul_byte_in_a_name_is_refused_not_stored(tmp_path, kent):
    path = tmp_path / "register.csv"
    path.write_bytes(b"child_reference,given_name,family_name\nK1,Am\x00y,Example\n")
    with pytest.raises(CommandError, match="Line 2 holds a control character"):
        call_command("import_register", str(path), la="886")
    assert not kent.children.exists()


def test_the_page_states_the_registers_limit(officer_client):
    page = officer_client.get(reverse("register:import")).content.decode()
    assert REGISTER.hint in page
