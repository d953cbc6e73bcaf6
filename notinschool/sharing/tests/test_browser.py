"""Sharing in real Chromium: permission, an extract, the public page, a vignette warning; axe-clean."""

import pytest

from notinschool.core.actor import Actor
from notinschool.places.selectors import la_by_code
from notinschool.returns.tests.test_browser import accessible, sign_in, sign_out
from notinschool.sharing.models import Consent, ExtractDownload
from notinschool.sharing.services import consent as consent_services
from notinschool.sharing.tests.factories import PERIOD, approve_returns, grant, south_east
from notinschool.sharing.tests.test_pages import figures
from tests.system.browser import press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SE = "/sharing/networks/south-east"


def test_approver_grants_coordinator_extracts_public_sees_suppressed(page, demo, tmp_path):
    approve_returns({"886": figures(1, ehe_starts=3), "936": figures(2, ehe_starts=40), "887": figures(3)})
    consent_services.consent_request(
        network=south_east(),
        local_authorities=[la_by_code("886")],
        recipient="dfe",
        purpose="DfE asked for figures",
        actor=Actor.system(),
    )
    grant(["936"])
    grant(["886", "936"], "public")

    sign_in(page, "approver@kent.example")
    page.goto("/sharing/consents/")
    accessible(page, "sharing-consents")
    press(page, "button:has-text('Grant permission')")
    assert "Permission granted" in page.locator(".govuk-notification-banner").inner_text()
    assert Consent.objects.get(local_authority__old_code="886", recipient="dfe").status == "granted"
    sign_out(page)

    sign_in(page, "coordinator@south-east.example", two_factor=True)
    page.goto(f"{SE}/extracts/new/")
    accessible(page, "sharing-extract-new")
    press(page, "button:has-text('Build the extract')")
    assert page.title().startswith("Error: ")
    accessible(page, "sharing-extract-new-errors")
    page.fill("#id_title", "EHE starts for DfE")
    page.check("input[name=recipient][value=dfe]")
    page.check("input[name=measures][value=ehe_starts]")
    page.check(f"input[name=periods][value='{PERIOD}']")
    press(page, "button:has-text('Build the extract')")
    assert "Extract made with 2" in page.locator(".govuk-notification-banner").inner_text()
    accessible(page, "sharing-extract")
    with page.expect_download() as download:
        page.click("text=Download CSV")
    saved = tmp_path / "extract.csv"
    download.value.save_as(saved)
    assert "Medway" not in saved.read_text(encoding="utf-8-sig")
    assert ExtractDownload.objects.count() == 1
    page.goto(f"{SE}/extracts/")
    accessible(page, "sharing-extracts")
    sign_out(page)

    page.goto(f"/sharing/public/south-east/{PERIOD}/")
    table = page.locator("table", has_text="EHE starts").first
    assert "low" in table.inner_text() and "c" in table.inner_text().split()
    assert "Medway" not in page.content()
    accessible(page, "sharing-public-dashboard")


def test_vignette_warning_shows_and_survey_pages_are_accessible(page, demo):
    sign_in(page, "contributor@kent.example")
    page.goto(f"{SE}/vignettes/new/")
    accessible(page, "sharing-vignette-new")
    page.fill("#id_title", "Back to school")
    page.fill("#id_body", "Jack Smith, aged 9, lived at 12 Acacia Avenue, ME4 4QR.")
    press(page, "button:has-text('Send for review')")
    findings = page.locator("#findings").inner_text()
    assert "Jack Smith" in findings and "ME4 4QR" in findings
    accessible(page, "sharing-vignette-warning")
    page.check("input[name=confirmed]")
    press(page, "button:has-text('Send for review')")
    assert "sent to the coordinator" in page.locator(".govuk-notification-banner").inner_text()
    accessible(page, "sharing-vignettes")


def test_the_extract_page_says_which_figures_an_earlier_release_hid(page, demo):
    from notinschool.sharing.services import extracts
    from notinschool.sharing.tests.test_history_example import CME, with_cme

    approve_returns({code: with_cme(i, *cme) for i, (code, cme) in enumerate(CME.items(), start=1)})
    grant(list(CME))
    first = extracts.extract_create(
        network=south_east(), recipient="dfe", title="CME by sex", measure_codes=["cme_by_sex"],
        periods=[PERIOD], la_codes=list(CME), actor=Actor.system(),
    )  # fmt: skip

    sign_in(page, "coordinator@south-east.example", two_factor=True)
    page.goto(f"{SE}/extracts/new/")
    page.fill("#id_title", "CME by length of time missing")
    page.check("input[name=recipient][value=dfe]")
    page.check("input[name=measures][value=cme_by_duration]")
    page.check("input[name=measures][value=cme_by_sex]")
    page.check(f"input[name=periods][value='{PERIOD}']")
    press(page, "button:has-text('Build the extract')")
    refusal = page.locator(".govuk-error-summary").inner_text()
    assert "You can release CME children by sex or CME children by length of time missing" in refusal
    assert "second extract" not in refusal
    accessible(page, "sharing-extract-new-two-breakdowns")
    page.uncheck("input[name=measures][value=cme_by_sex]")
    page.click("button:has-text('Build the extract')")
    section = page.locator("table", has_text="Why")
    assert "Hidden because of earlier releases" in page.locator("#earlier-releases").inner_text()
    row = section.locator("tr", has_text="Bracknell Forest, CME children by length of time missing").inner_text()
    assert "x" in row.split() and "Withheld: together with the extract “CME by sex”" in row
    accessible(page, "sharing-extract-earlier-releases")
    page.set_viewport_size({"width": 320, "height": 900})
    accessible(page, "sharing-extract-earlier-releases-320")
    press(page, "text=the extract “CME by sex”")
    assert page.locator("h1").inner_text() == first.title
