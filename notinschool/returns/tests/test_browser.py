"""The whole returns journey in real Chromium: contributor, approver, coordinator."""

import io

import openpyxl
import pytest
from django.core import mail

from notinschool.jobs.testing import run_queued_jobs
from notinschool.returns.models import Return, ReturnStatus
from notinschool.returns.tests.factories import PERIOD, good_figures, open_collection
from notinschool.returns.tests.test_status import with_query
from tests.system.browser import axe_violations, describe, press, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RETURN_URL = f"/returns/886/{PERIOD}/"


def sign_out(page) -> None:
    page.click("button:has-text('Sign out')")


def accessible(page, name: str) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, name)


def fill_template(path, figures: dict) -> bytes:
    """Fill the downloaded template the way a person would in a spreadsheet program."""
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2):
            key = (row[0].value, row[1].value or None)
            if key in figures:
                row[3].value = figures[key]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(page, tmp_path, name: str, data: bytes) -> None:
    file = tmp_path / name
    file.write_bytes(data)
    page.goto(RETURN_URL + "upload/")
    page.set_input_files("#id_file", str(file))
    press(page, "button:has-text('Upload and check')")


def test_contributor_approver_and_coordinator(page, demo, tmp_path):
    open_collection()
    sign_in(page, "contributor@kent.example")
    page.goto(RETURN_URL)
    accessible(page, "return-not-started")
    with page.expect_download() as download:
        page.click("text=Excel (XLSX)")
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    assert template.name == f"return-886-{PERIOD}.xlsx"

    broken = good_figures()
    broken[("ehe_by_sex", "female")] += 5
    upload(page, tmp_path, "kent-broken.xlsx", fill_template(template, broken))
    assert page.title().startswith("Error: ")
    assert "EHE-SUM-SEX" in page.content()
    accessible(page, "return-with-errors")
    page.locator(".govuk-error-summary a").first.click()

    upload(page, tmp_path, "kent-fixed.xlsx", fill_template(template, with_query(good_figures())))
    assert "Has errors" not in page.locator(".govuk-tag").first.inner_text()
    page.fill("#explanation-0", "Our case system did not record CME reasons this term; it is fixed from January.")
    page.click("button:has-text('Save explanation')")
    accessible(page, "return-query-explained")
    press(page, "button:has-text('Submit to your approver')")
    assert page.locator(".govuk-tag").first.inner_text() == "Submitted"

    page.goto(RETURN_URL + "form/")
    accessible(page, "return-form-refused-while-submitted")
    sign_out(page)

    sign_in(page, "approver@kent.example")
    page.goto(RETURN_URL)
    press(page, "button:has-text('Approve the return')")
    assert page.locator(".govuk-tag").first.inner_text() == "Approved"
    accessible(page, "return-approved")
    sign_out(page)

    sign_in(page, "coordinator@south-east.example", two_factor=True)
    page.goto(f"/networks/south-east/collections/{PERIOD}/")
    row = page.locator("tr", has_text="Kent")
    assert "Approved" in row.inner_text()
    accessible(page, "tracking")
    press(page, "button:has-text('Send reminders')")
    assert page.locator("h1").inner_text() == "Sending reminders for Autumn term 2025 to 2026"
    accessible(page, "job-waiting")
    run_queued_jobs()
    page.reload()
    assert "Reminders sent to" in page.locator("#job-status").inner_text()
    accessible(page, "job-done")
    record = Return.objects.get(local_authority__old_code="886", period=PERIOD)
    assert record.status == ReturnStatus.APPROVED
    # No LA in this test has a return contact: those with contributors were reminded through them.
    reminded = {m.to[0] for m in mail.outbox if m.subject.startswith("Reminder:")}
    assert "contributor@surrey.example" in reminded
    assert "contributor@kent.example" not in reminded  # Kent has sent its return


def test_form_entry_shows_totals_as_you_type(page, demo):
    open_collection()
    sign_in(page, "contributor@kent.example")
    page.goto(RETURN_URL + "form/")
    page.fill("#ehe_total", "10")
    page.fill("#ehe_by_sex-female", "6")
    page.fill("#ehe_by_sex-male", "3")
    total = page.locator(".app-breakdown__total").first
    assert total.is_visible()
    assert total.inner_text() == "Adds up to 9"
    assert total.get_attribute("data-matches") == "false"
    page.fill("#ehe_by_sex-unknown", "1")
    assert total.get_attribute("data-matches") == "true"
    accessible(page, "return-form")
    page.click("button:has-text('Save and continue')")
    assert "/form/cme/" in page.url
    accessible(page, "return-form-cme")
