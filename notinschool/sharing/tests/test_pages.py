"""Sharing through its pages: consent, extracts, share links, public figures, vignettes, surveys, papers."""

import datetime
import hashlib
import io

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from notinschool.core.actor import Actor
from notinschool.jobs.testing import run_queued_jobs
from notinschool.periods.specs import load_spec
from notinschool.sharing.models import Consent, Extract, ExtractDownload, ShareLink, SurveyResponse, Vignette
from notinschool.sharing.services import extracts, surveys
from notinschool.sharing.tests.factories import PDF, PERIOD, approve_returns, coordinator, grant, south_east
from notinschool.validation.samples import example_figures
from tests.access_cases import sign_in

pytestmark = pytest.mark.django_db
SE = "/sharing/networks/south-east"


def figures(seed: int, *, ehe_starts: int | None = None) -> dict:
    """A valid return; with ``ehe_starts``, that many EHE starts (all from LA-maintained schools)."""
    spec = load_spec(PERIOD)
    values = example_figures(spec, seed=seed, scale=200)
    if ehe_starts is not None:
        values[("ehe_starts", None)] = ehe_starts
        for key in spec.measure("ehe_starts_by_previous_school").item_keys():
            values[key] = ehe_starts if key[1] == "la_maintained" else 0
    return values


@pytest.fixture
def three_las(demo):
    """Kent, Surrey and Medway approved; Kent with a tiny EHE starts count."""
    approve_returns({"886": figures(1, ehe_starts=3), "936": figures(2, ehe_starts=40), "887": figures(3)})


def test_consent_request_emails_approvers_and_the_approver_grants_on_a_page(client, demo):
    sign_in(client, "coordinator@south-east.example")
    response = client.post(
        f"{SE}/permissions/ask/", {"recipient": "dfe", "las": ["886", "936"], "purpose": "DfE asked"}
    )
    assert response.status_code == 302
    run_queued_jobs()  # the emails are sent by a job, after the request is committed
    assert sorted(m.to[0] for m in mail.outbox) == ["approver@kent.example", "approver@surrey.example"]
    consent = Consent.objects.get(local_authority__old_code="886", recipient="dfe")
    assert consent.status == Consent.Status.REQUESTED and consent.requested_by.email == "coordinator@south-east.example"

    sign_in(client, "approver@surrey.example")
    assert client.post(f"/sharing/consents/{consent.pk}/decide/", {"decision": "grant"}).status_code == 403
    sign_in(client, "approver@kent.example")
    assert "DfE asked" in client.get("/sharing/consents/").content.decode()
    client.post(f"/sharing/consents/{consent.pk}/decide/", {"decision": "grant"})
    consent.refresh_from_db()
    assert consent.status == Consent.Status.GRANTED and consent.decided_by.email == "approver@kent.example"
    assert consent.decided_at is not None


def test_the_message_after_asking_says_how_many_las_in_the_right_number(client, demo):
    sign_in(client, "coordinator@south-east.example")
    for las, said in ((["886"], "Permission asked of 1 local authority's approvers."),
                      (["886", "936"], "Permission asked of 2 local authorities' approvers.")):  # fmt: skip
        response = client.post(f"{SE}/permissions/ask/", {"recipient": "dfe", "las": las, "purpose": "DfE asked"},
                               follow=True)  # fmt: skip
        assert said in response.content.decode().replace("&#x27;", "'").replace("&#39;", "'")


def test_an_extract_holds_only_consenting_las_rounded_and_is_stored_and_logged(client, three_las):
    grant(["886", "936"])
    grant(["887"], granted=False)
    sign_in(client, "coordinator@south-east.example")
    response = client.post(
        f"{SE}/extracts/new/",
        {"title": "For DfE", "recipient": "dfe", "measures": ["ehe_starts", "ehe_by_sex"], "periods": [PERIOD],
         "las": ["886", "936", "887"]},
    )  # fmt: skip
    extract = Extract.objects.get()
    assert response.status_code == 302
    assert extract.included_las == ["886", "936"] and "887" in extract.excluded_las
    text = bytes(extract.csv_bytes).decode("utf-8-sig")
    assert "Medway" not in text and ",887," not in text
    assert "ehe_starts,EHE starts,Total,low" in text
    assert hashlib.sha256(bytes(extract.csv_bytes)).hexdigest() == extract.sha256

    download = client.get(f"{SE}/extracts/{extract.pk}/extract.csv")
    assert download.content == bytes(extract.csv_bytes)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"{SE}/extracts/{extract.pk}/extract.xlsx").content))
    assert workbook["Figures"].max_row == text.count("\r\n")
    assert list(ExtractDownload.objects.values_list("file_format", flat=True).order_by("id")) == ["csv", "xlsx"]
    assert "Download CSV" in client.get(f"{SE}/extracts/{extract.pk}/").content.decode()


def test_two_breakdowns_of_one_total_are_refused_with_a_reason(client, three_las):
    sign_in(client, "coordinator@south-east.example")
    response = client.post(
        f"{SE}/extracts/new/",
        {"title": "x", "recipient": "dfe", "measures": ["ehe_by_sex", "ehe_by_reason"], "periods": [PERIOD],
         "las": ["886"]},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "Choose one breakdown of EHE children" in page
    assert "second extract" not in page  # a second extract to the same recipient is no way round
    assert "You can release EHE children by sex or EHE children by primary reason" in page
    assert not Extract.objects.exists()


def test_share_links_open_read_only_then_stop_when_revoked_or_expired(client, three_las):
    grant(["886", "936"])
    extract = extracts.extract_create(
        network=south_east(), recipient="dfe", title="Shared", measure_codes=["ehe_total"], periods=[PERIOD],
        actor=Actor.system(),
    )  # fmt: skip
    link, token = extracts.share_link_create(
        extract=extract, shared_with="South West leads", audience="network:south-west",
        expires_on=timezone.localdate() + datetime.timedelta(days=3), actor=Actor.system(),
    )  # fmt: skip
    assert link.token_hash != token and len(token) >= 40
    anonymous = Client()
    assert anonymous.get(f"/sharing/shared/{token}/").status_code == 200
    assert anonymous.get(f"/sharing/shared/{token}/extract.csv").content == bytes(extract.csv_bytes)
    assert link.opens.count() == 1 and ExtractDownload.objects.filter(share_link=link).count() == 1
    assert anonymous.get("/sharing/shared/not-a-real-token/").status_code == 404

    extracts.share_link_revoke(link=link, actor=Actor.system())
    gone = anonymous.get(f"/sharing/shared/{token}/")
    assert gone.status_code == 410 and "was withdrawn" in gone.content.decode()
    assert anonymous.get(f"/sharing/shared/{token}/extract.csv").status_code == 410

    expired, old_token = extracts.share_link_create(
        extract=extract, shared_with="x", audience="dfe", expires_on=timezone.localdate(), actor=Actor.system()
    )
    ShareLink.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    gone = anonymous.get(f"/sharing/shared/{old_token}/")
    assert gone.status_code == 410 and "has expired" in gone.content.decode()


def test_the_public_dashboard_shows_only_consenting_las_with_low_and_suppressed_cells(client, three_las):
    grant(["886", "936"], "public")
    grant(["887"], "dfe")  # Medway agreed to DfE only
    page = Client().get(f"/sharing/public/south-east/{PERIOD}/").content.decode()
    assert "Kent" in page and "Surrey" in page and "Medway" not in page
    assert ">low</abbr>" in page and ">c</abbr>" in page  # Kent's 3 EHE starts, and what protects it
    assert Client().get("/sharing/public/south-east/1999-00-autumn/").status_code == 404


def test_a_vignette_shows_only_after_approval_and_warnings_need_confirming(client, demo):
    sign_in(client, "contributor@kent.example")
    story = {"title": "A return to school", "body": "Jack Smith, aged 9, left Hilltop Academy.", "periods": [PERIOD]}
    warned = client.post(f"{SE}/vignettes/new/", story)
    assert warned.status_code == 200 and "Jack Smith" in warned.content.decode()
    assert not Vignette.objects.exists()
    client.post(f"{SE}/vignettes/new/", {**story, "confirmed": "on"})
    vignette = Vignette.objects.get()
    assert vignette.checked_not_identifying and vignette.warnings_when_saved >= 2
    client.get(f"{SE}/vignettes/")  # the "sent for review" message is shown (and used up) here

    sign_in(client, "viewer@surrey.example")
    assert "A return to school" not in client.get(f"{SE}/vignettes/").content.decode()
    assert "A return to school" not in client.get(f"{SE}/stories/{PERIOD}/").content.decode()

    sign_in(client, "coordinator@south-east.example")
    refused = client.post(f"{SE}/vignettes/{vignette.pk}/review/", {"decision": "send_back", "reason": ""})
    assert refused.status_code == 200
    client.post(f"{SE}/vignettes/{vignette.pk}/review/", {"decision": "approve"})
    sign_in(client, "viewer@surrey.example")
    assert "A return to school" in client.get(f"{SE}/stories/{PERIOD}/").content.decode()


def test_an_la_user_answers_only_for_their_own_la_and_not_after_closing(client, demo):
    survey = surveys.survey_create(
        network=south_east(), title="Staffing", year="2025-26",
        questions=[{"code": "fte", "text": "CME officers (FTE)", "kind": "number"},
                   {"code": "up", "text": "Risen?", "kind": "yes_no"}], actor=Actor.system(),
    )  # fmt: skip
    surveys.survey_set_status(survey=survey, status="open", actor=Actor.system())
    sign_in(client, "contributor@kent.example")
    url = f"{SE}/surveys/{survey.pk}/answer/"
    bad = client.post(url, {"fte": "lots", "up": "maybe"})
    assert bad.status_code == 200 and "must be a number" in bad.content.decode()
    client.post(url, {"fte": "2.5", "up": "yes", "local_authority": "936", "la": "936"})
    response = SurveyResponse.objects.get()
    assert response.local_authority.old_code == "886" and response.answers == {"fte": "2.5", "up": "yes"}
    client.post(url, {"fte": "3", "up": "no"})
    assert SurveyResponse.objects.get().answers["fte"] == "3"

    sign_in(client, "coordinator@south-east.example")
    results = client.get(f"{SE}/surveys/{survey.pk}/").content.decode()
    assert "<svg" in results and "Kent" in results
    client.post(f"{SE}/surveys/{survey.pk}/status/", {"action": "closed"})
    sign_in(client, "contributor@kent.example")
    closed = client.post(url, {"fte": "9", "up": "no"})
    assert closed.status_code == 200 and SurveyResponse.objects.get().answers["fte"] == "3"


def test_posts_without_a_csrf_token_are_refused(demo):
    strict = Client(enforce_csrf_checks=True)
    sign_in(strict, "coordinator@south-east.example")
    response = strict.post(f"{SE}/permissions/ask/", {"recipient": "dfe", "las": ["886"], "purpose": "x"})
    assert response.status_code == 403
    assert not Consent.objects.exists()


def test_papers_are_checked_and_their_audience_enforced(client, demo):
    sign_in(client, "coordinator@south-east.example")
    exe = SimpleUploadedFile("paper.pdf", b"MZ\x90\x00not a pdf")
    refused = client.post(f"{SE}/papers/", {"title": "x", "file": exe, "audience": "network"})
    assert refused.status_code == 200 and "must be a PDF or a Word document" in refused.content.decode()
    empty = client.post(
        f"{SE}/papers/", {"title": "x", "file": SimpleUploadedFile("a.pdf", b""), "audience": "network"}
    )
    assert empty.status_code == 200 and "empty" in empty.content.decode()
    client.post(
        f"{SE}/papers/",
        {"title": "Staffing paper", "file": SimpleUploadedFile("s.pdf", PDF), "audience": "limited",
         "roles": ["la_approver"]},
    )  # fmt: skip
    from notinschool.sharing.models import Paper

    paper = Paper.objects.get()
    assert paper.sha256 == hashlib.sha256(PDF).hexdigest()
    sign_in(client, "approver@kent.example")
    assert client.get(f"{SE}/papers/{paper.pk}/").content == PDF
    sign_in(client, "contributor@kent.example")
    assert client.get(f"{SE}/papers/{paper.pk}/").status_code == 403
    assert "Staffing paper" not in client.get(f"{SE}/papers/").content.decode()
    assert Client().get(f"/sharing/public/south-east/papers/{paper.pk}/").status_code == 404
    assert paper.downloads.count() == 1
    assert coordinator()  # the uploader stays on record
