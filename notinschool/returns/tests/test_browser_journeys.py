"""The journeys of issue 20 in real Chromium, each page checked with axe and photographed at
1280 and 320 pixels wide: explanations refused and reviewed, collection dates, the network's
counts, comparing versions, and no navigation before the second factor."""

import pytest

from notinschool.jobs.testing import run_queued_jobs
from notinschool.places.selectors import la_by_code
from notinschool.returns import services
from notinschool.returns.models import QueryExplanation
from notinschool.returns.tests.factories import PERIOD, filled_xlsx, good_figures, open_collection
from notinschool.returns.tests.test_status import with_query
from tests.system.browser import axe_violations, describe, press, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RETURN_URL = f"/returns/886/{PERIOD}/"
GOOD = "Our case system had no reason field until November; officers now record one at each referral."


def looked_at(page, name: str) -> None:
    """Check the page with axe, then photograph it wide and narrow (and check it narrow too:
    reflow problems show only there)."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        screenshot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_out(page) -> None:
    page.click("button:has-text('Sign out')")


def test_explanations_refused_then_sent_back_and_rewritten(page, demo):
    open_collection()
    kent = la_by_code("886")
    services.version_create_from_file(
        la=kent, period=PERIOD, data=filled_xlsx(figures=with_query(good_figures())), filename="kent.xlsx"
    )
    sign_in(page, "contributor@kent.example")
    page.goto(RETURN_URL)
    assert page.locator("a:has-text('Explain each query below')").count() == 1
    page.fill("#explanation-0", "These figures are correct as sent.")
    press(page, "button:has-text('Save explanation')")
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert "CME!D45: Say why the figure is what it is, not only that it is correct" in summary.inner_text()
    assert "not only that it is correct" in page.locator("#explanation-0-error").inner_text()
    assert page.input_value("#explanation-0") == "These figures are correct as sent."
    looked_at(page, "explanation-refused")
    summary.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "explanation-0"

    page.fill("#explanation-0", GOOD)
    press(page, "button:has-text('Save explanation')")
    assert "1 explanation saved." in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator("a:has-text('Explain each query below')").count() == 0
    assert page.locator("#queries ~ .app-query textarea").count() == 0
    looked_at(page, "explanation-saved")
    page.click("button:has-text('Submit to your approver')")
    page.wait_for_selector(".govuk-notification-banner")
    sign_out(page)

    sign_in(page, "coordinator@south-east.example", two_factor=True)
    page.goto(RETURN_URL)
    looked_at(page, "explanation-to-review")
    page.check("input[name=decision][value=send_back]")
    page.fill("textarea[name=comment]", "Say when the reason field goes live.")
    press(page, "button:has-text('Save your review')")
    assert "Explanation sent back" in page.locator(".govuk-notification-banner").inner_text()
    assert QueryExplanation.objects.get().review == QueryExplanation.Review.SENT_BACK
    run_queued_jobs()
    sign_out(page)

    sign_in(page, "contributor@kent.example")
    page.goto(RETURN_URL)
    assert "The coordinator sent back 1 explanation" in page.content()
    looked_at(page, "explanation-sent-back")
    page.fill("#explanation-0", GOOD + " It went live on 6 January.")
    page.click("button:has-text('Save explanation')")
    assert QueryExplanation.objects.get().review == QueryExplanation.Review.WAITING
    page.click("summary:has-text('History of this explanation')")
    looked_at(page, "explanation-history")


def test_coordinator_dates_counts_and_comparisons(page, demo):
    kent = la_by_code("886")
    sign_in(page, "coordinator@south-east.example", two_factor=True)
    page.goto("/networks/south-east/collections/")
    page.select_option("#id_period", PERIOD)
    page.fill("#id_census_date-day", "2")
    page.fill("#id_census_date-year", "2025")
    page.fill("#id_due_date-day", "31")
    page.fill("#id_due_date-month", "10")
    page.fill("#id_due_date-year", "2025")
    press(page, "button:has-text('Open the collection')")
    assert "Census date must include a month" in page.locator(".govuk-error-summary").inner_text()
    assert page.input_value("#id_census_date-day") == "2"
    looked_at(page, "collection-date-refused")
    page.fill("#id_census_date-month", "10")
    page.click("button:has-text('Open the collection')")
    page.click("a:has-text('Change the due date')")
    looked_at(page, "due-date")
    page.fill("#id_due_date-day", "14")
    page.fill("#id_due_date-month", "11")
    page.fill("#id_note", "Half-term fell late this year.")
    press(page, "button:has-text('Change the due date and tell')")
    assert "Due 14 November 2025" in page.content()

    services.version_create_from_file(la=kent, period=PERIOD, data=filled_xlsx(), filename="v1.xlsx")
    changed = good_figures()
    changed[("ehe_total", None)] += 2
    changed[("ehe_by_sex", "male")] += 2
    services.version_create_from_file(la=kent, period=PERIOD, data=filled_xlsx(figures=changed), filename="v2.xlsx")
    page.goto("/networks/south-east/")
    counts = page.locator(".app-status-summary td").all_inner_texts()
    assert sum(int(c) for c in counts[:-1]) == int(counts[-1]) == 19
    looked_at(page, "network-home")
    page.goto(RETURN_URL + "versions/2/compare/1/")
    assert page.locator("#changed-figures").inner_text().startswith("The figures that differ")
    assert page.locator("table").first.locator("tbody tr").count() == 2
    looked_at(page, "compare-versions")


def test_no_navigation_or_name_before_the_two_factor_code(page, demo):
    sign_in(page, "officer@kent.example")
    assert "/accounts/two-factor/" in page.url
    assert page.locator(".govuk-service-navigation__item").count() == 0
    assert page.locator(".app-account__who").count() == 0
    looked_at(page, "two-factor-owed")


def test_register_home_names_the_dates_it_counts_at(page, demo):
    open_collection()
    sign_in(page, "officer@kent.example", two_factor=True)
    page.goto("/register/")
    text = page.locator("main").inner_text()
    assert "These are counted today," in text and "counted at its census date, 2 October 2025" in text
    looked_at(page, "register-home")


def test_a_refused_files_problems_are_listed_and_can_be_downloaded(page, demo, tmp_path):
    from notinschool.returns.tests.factories import filled_csv
    from notinschool.returns.tests.test_browser import upload

    open_collection()
    sign_in(page, "contributor@kent.example")
    upload(page, tmp_path, "surrey.csv", filled_csv("936"))
    page.locator("#refused-report").wait_for()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator("#refused-0").count() == 1
    looked_at(page, "upload-refused-report")
    with page.expect_download() as download:
        page.click("text=Download this list (CSV)")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"886-{PERIOD}-refused-file-report.csv"
    text = saved.read_text(encoding="utf-8-sig")
    assert text.startswith("rule,") or "rule" in text.splitlines()[0]
    assert page.locator("#refused-0 code").inner_text() in text
