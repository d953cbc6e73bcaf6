"""An officer's day in real Chromium: find a child, record a school's notification, a visit, an
SAO step and a return to school. Every page is checked with axe-core and photographed."""

import pytest

from tests.system.browser import axe_violations, describe, press, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, name: str) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, f"register-{name}")


def submit(page, text: str) -> None:
    press(page, f"main button:has-text('{text}')")


def test_officer_records_notification_visit_sao_step_and_return(page, demo):
    sign_in(page, "officer@kent.example", two_factor=True)
    page.goto("/register/")
    assert page.locator("h1").inner_text() == "Register of children not in school"
    check(page, "home")

    page.click("text=Add a child to the register")
    check(page, "add-child")
    submit(page, "Add child")
    assert page.title().startswith("Error: ")
    check(page, "add-child-errors")
    page.fill("#id_child-given_name", "Robin")
    page.fill("#id_child-family_name", "Browsertest")
    page.fill("#id_child-date_of_birth", "14/2/2013")
    page.select_option("#id_child-sex", "female")
    page.fill("#id_address-line_1", "1 Placeholder Street")
    submit(page, "Add child")
    assert page.locator("h1").inner_text() == "Robin Browsertest"
    assert "Browsertest" not in page.url and "2013" not in page.url
    check(page, "child")

    page.click("text=Record a school's notification of removal")
    check(page, "notification")
    page.fill("#id_notified_on", "1/9/2025")
    page.fill("#id_school", "Demo Academy")
    page.select_option("#id_school_type", "academy")
    page.select_option("#id_reason", "philosophical")
    submit(page, "Save")
    assert "School's notification recorded" in page.locator(".govuk-notification-banner").inner_text()

    page.click("text=Schedule or record a visit or contact")
    check(page, "contact")
    page.check("input[name=kind][value=home_visit]")
    page.fill("#id_happened_on", "15/9/2025")
    page.fill("#id_notes", "Saw a plan of work; education appears suitable so far.")
    submit(page, "Save")
    assert "Contact saved" in page.content()

    page.click("text=Record an SAO step")
    check(page, "sao-step")
    page.check("input[name=kind][value=s437_notice]")
    page.fill("#id_happened_on", "1/10/2025")
    page.fill("#id_deadline", "16/10/2025")
    submit(page, "Save")
    assert "s437(1) notice to satisfy" in page.content()

    page.click("a:has-text('Close')")
    check(page, "close-episode")
    page.fill("#id_end_date", "3/11/2025")
    page.check("input[name=outcome][value=returned_to_school]")
    page.select_option("#id_school_type_returned_to", "academy")
    submit(page, "Save")
    assert "Episode closed" in page.content()
    assert "Returned to school" in page.content()
    check(page, "child-after")
    # At 320 px, with every part opened (the fact history has rows by now), nothing widens the page.
    page.set_viewport_size({"width": 320, "height": 900})
    page.evaluate("document.querySelectorAll('details').forEach(part => { part.open = true; })")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    check(page, "child-after-320")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/register/lists/overdue/")
    check(page, "overdue")
    page.goto("/register/return/2025-26-autumn/?census_date=2025-10-02&previous_census_date=2025-05-15")
    check(page, "return")
