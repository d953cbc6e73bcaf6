"""The returns pages through the test client: the whole journey, and bad input."""

import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from notinschool.returns.models import Return, ReturnStatus, ReturnVersion, UploadAttempt
from notinschool.returns.tests.factories import PERIOD, filled_csv, filled_xlsx, good_figures, open_collection
from notinschool.returns.tests.test_status import with_query

RETURN_URL = f"/returns/886/{PERIOD}/"


def sign_in(client, email):
    from notinschool.accounts.models import User

    user = User.objects.get(email=email)
    client.force_login(user)
    # Two-factor is proven by the accounts tests; here the session counts as verified.
    session = client.session
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _ = StaticDevice.objects.get_or_create(user=user, name="test")
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return user


@pytest.fixture
def collection(demo):
    return open_collection()


def upload(client, data: bytes, name: str):
    return client.post(RETURN_URL + "upload/", {"file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_contributor_journey_from_template_to_approval(client, collection):
    sign_in(client, "contributor@kent.example")
    template = client.get(RETURN_URL + "template.xlsx")
    assert template.status_code == 200
    assert template["Content-Disposition"] == f'attachment; filename="return-886-{PERIOD}.xlsx"'
    assert client.get(RETURN_URL + "template.csv").content.startswith(b"\xef\xbb\xbfla_code,period")

    broken = good_figures()
    broken[("ehe_by_sex", "female")] += 3
    response = upload(client, filled_xlsx(figures=broken), "kent.xlsx")
    assert response.status_code == 302
    page = client.get(RETURN_URL)
    html = page.content.decode()
    assert "EHE-SUM-SEX" in html and "Has errors" in html
    assert 'class="govuk-error-summary' in html

    response = upload(client, filled_xlsx(figures=with_query(good_figures())), "kent-fixed.xlsx")
    html = client.get(RETURN_URL).content.decode()
    assert "Explain the 1 query" in html or "Explain the" in html
    version = Return.objects.get().current_version
    query = next(i for i in version.report["issues"] if i["severity"] == "query")
    assert query["rule"]
    client.post(
        RETURN_URL + "explain/",
        {"explanation-0": "Our case system did not record reasons this term; fixed from January."},
    )
    client.post(RETURN_URL + "submit/")
    assert Return.objects.get().status == ReturnStatus.SUBMITTED

    client.logout()
    sign_in(client, "approver@kent.example")
    assert "Approve the return" in client.get(RETURN_URL).content.decode()
    client.post(RETURN_URL + "approve/")
    record = Return.objects.get()
    assert record.status == ReturnStatus.APPROVED and record.approved_version.number == 2

    client.logout()
    sign_in(client, "coordinator@south-east.example")
    tracking = client.get(f"/networks/south-east/collections/{PERIOD}/").content.decode()
    assert "1 approved" in tracking
    csv_text = client.get(f"/networks/south-east/collections/{PERIOD}/tracking.csv").content.decode("utf-8-sig")
    assert "886,Kent,Approved" in csv_text


@pytest.mark.django_db
def test_refused_upload_shows_the_engines_message_and_keeps_only_the_attempt(client, collection):
    sign_in(client, "contributor@kent.example")
    response = upload(client, b"MZ\x90\x00 not a spreadsheet", "virus.xlsx")
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and html.count("govuk-error-message") == 1
    assert not ReturnVersion.objects.exists()
    assert UploadAttempt.objects.get().outcome == "refused"

    response = upload(client, filled_csv("936"), "surrey.csv")
    assert "936" in response.content.decode() or "Surrey" in response.content.decode()
    assert not ReturnVersion.objects.exists()

    response = client.post(RETURN_URL + "upload/", {})
    assert "Select the completed template to upload" in response.content.decode()


@pytest.mark.django_db
def test_a_refused_files_report_is_the_shared_table_with_its_csv(client, collection):
    import base64
    import csv as csv_module
    import re

    sign_in(client, "contributor@kent.example")
    html = upload(client, filled_csv("936"), "surrey.csv").content.decode()
    assert not ReturnVersion.objects.exists()
    table = html[html.index('id="refused-report"') :]
    assert "Problems in the file you uploaded" in table and 'id="refused-0"' in table
    link = re.search(r'href="data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)" download="([^"]+)"', table)
    assert link is not None and link.group(2) == f"886-{PERIOD}-refused-file-report.csv"
    rows = list(csv_module.DictReader(io.StringIO(base64.b64decode(link.group(1)).decode("utf-8-sig"))))
    assert rows, "the CSV holds the report's issues"
    first_rule = re.search(r'id="refused-0">.*?<code>([^<]+)</code>', table, re.S).group(1)
    assert rows[0]["rule"] == first_rule  # the page and the download are the same report


@pytest.mark.django_db
def test_macro_workbook_is_refused(client, collection):
    import zipfile

    sign_in(client, "contributor@kent.example")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, zipfile.ZipFile(io.BytesIO(filled_xlsx())) as good:
        for item in good.infolist():
            archive.writestr(item, good.read(item))
        archive.writestr("xl/vbaProject.bin", b"\x00" * 100)
    response = upload(client, buffer.getvalue(), "kent.xlsx")
    assert "macro" in response.content.decode().lower()
    assert not ReturnVersion.objects.exists()


@pytest.mark.django_db
def test_upload_while_closed_is_refused_clearly(client, collection):
    from notinschool.returns.services import collection_close

    collection_close(collection=collection)
    sign_in(client, "contributor@kent.example")
    response = upload(client, filled_xlsx(), "kent.xlsx")
    assert "not open" in response.content.decode()
    assert not ReturnVersion.objects.exists()


@pytest.mark.django_db
def test_form_entry_saves_a_version_and_flags_non_numbers(client, collection):
    sign_in(client, "contributor@kent.example")
    page = client.get(RETURN_URL + "form/")
    assert page.status_code == 200 and 'name="ehe_total"' in page.content.decode()
    response = client.post(RETURN_URL + "form/", {"ehe_total": "twelve"})
    assert "must be a whole number" in response.content.decode()
    assert not ReturnVersion.objects.exists()
    response = client.post(RETURN_URL + "form/", {"ehe_total": "1,234", "ehe_by_sex-female": "600"})
    assert response.status_code == 302
    version = ReturnVersion.objects.get()
    assert version.source == "form"
    assert version.figures.get(measure="ehe_total").value == 1234
    assert version.figures.get(measure="ehe_by_sex", category="male").value is None


@pytest.mark.django_db
def test_reminders_go_to_contacts_of_las_not_submitted(client, collection):
    from notinschool.places.selectors import la_by_code
    from notinschool.returns.models import ReturnContact

    ReturnContact.objects.create(
        local_authority=la_by_code("886"), name="Pat", email="pat@kent.example", topics=["ehe"]
    )
    ReturnContact.objects.create(
        local_authority=la_by_code("936"), name="Sam", email="sam@surrey.example", topics=["cme"]
    )
    from notinschool.jobs.testing import run_queued_jobs

    ReturnContact.objects.filter(email="sam@surrey.example").update(receives_reminders=False)
    ReturnContact.objects.create(
        local_authority=la_by_code("936"), name="Sam", email="sam2@surrey.example", topics=["cme"]
    )
    sign_in(client, "coordinator@south-east.example")
    response = client.post(f"/networks/south-east/collections/{PERIOD}/reminders/")
    assert response["Location"].startswith("/jobs/")
    assert mail.outbox == []
    run_queued_jobs()
    assert "pat@kent.example" in {m.to[0] for m in mail.outbox}
    assert "sam2@surrey.example" in {m.to[0] for m in mail.outbox}
    assert "sam@surrey.example" not in {m.to[0] for m in mail.outbox}
    kent = next(m for m in mail.outbox if m.to == ["pat@kent.example"])
    assert kent.subject.startswith("Reminder: Kent's return for Autumn term 2025 to 2026")


@pytest.mark.django_db
def test_coordinator_opens_a_collection_with_dates_as_data(client, demo):
    def dates(census: str, due: str) -> dict:
        """The GOV.UK date input's boxes for two ISO dates."""
        boxes = {"period": "2026-27-autumn"}
        for name, iso in (("census_date", census), ("due_date", due)):
            year, month, day = iso.split("-")
            boxes |= {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}
        return boxes

    sign_in(client, "coordinator@south-east.example")
    response = client.post("/networks/south-east/collections/", dates("2026-10-01", "2026-09-01"))
    assert "The due date must be after the census date" in response.content.decode()
    response = client.post("/networks/south-east/collections/", dates("2026-10-01", "2026-10-29"))
    assert response.status_code == 302
    again = client.post("/networks/south-east/collections/", dates("2026-10-01", "2026-10-29"))
    assert "already has a collection" in again.content.decode()


@pytest.mark.django_db
def test_another_las_user_cannot_see_kents_versions(client, collection):
    from notinschool.places.selectors import la_by_code
    from notinschool.returns import services

    services.version_create_from_file(la=la_by_code("886"), period=PERIOD, data=filled_xlsx(), filename="k.xlsx")
    sign_in(client, "contributor@surrey.example")
    for path in ["", "versions/1/", "versions/1/file", "versions/1/report.csv", "template.xlsx"]:
        assert client.get(RETURN_URL + path).status_code == 403, path


@pytest.mark.django_db
def test_scheduled_reminders_run_once_a_day(demo):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from notinschool.places.models import Network
    from notinschool.places.selectors import la_by_code
    from notinschool.returns import services
    from notinschool.returns.models import ReturnContact

    today = timezone.localdate()
    services.collection_open(
        network=Network.objects.get(slug="south-east"),
        period=PERIOD,
        census_date=today - datetime.timedelta(days=20),
        due_date=today + datetime.timedelta(days=3),
    )
    ReturnContact.objects.create(
        local_authority=la_by_code("886"), name="Pat", email="pat@kent.example", topics=["ehe"]
    )
    from notinschool.jobs.testing import run_queued_jobs

    call_command("send_reminders")
    call_command("send_reminders")
    run_queued_jobs()
    assert [m.to for m in mail.outbox if m.to == ["pat@kent.example"]] == [["pat@kent.example"]]


@pytest.mark.django_db
def test_report_download_is_written_by_the_validation_report_writer(client, collection):
    from notinschool.intake.report import report_to_csv
    from notinschool.places.selectors import la_by_code
    from notinschool.returns import services

    broken = good_figures()
    broken[("ehe_by_sex", "female")] += 3
    broken[("ehe_left_other", None)] = "=1+1"
    services.version_create_from_file(
        la=la_by_code("886"), period=PERIOD, data=filled_csv(figures=broken), filename="k.csv"
    )
    sign_in(client, "officer@kent.example")
    response = client.get(RETURN_URL + "versions/1/report.csv")
    assert response.content == report_to_csv(ReturnVersion.objects.get().report)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["rule"] for row in rows} == {"EHE-SUM-SEX", "VALUE-NOT-NUMBER"}
    assert next(row for row in rows if row["rule"] == "VALUE-NOT-NUMBER")["value"] == "'=1+1"


@pytest.mark.django_db
def test_the_blank_template_is_refused_with_one_message(client, collection):
    sign_in(client, "contributor@kent.example")
    blank = client.get(RETURN_URL + "template.xlsx").content
    html = upload(client, blank, "kent.xlsx").content.decode()
    assert "looks like the blank template" in html
    assert not ReturnVersion.objects.exists()
