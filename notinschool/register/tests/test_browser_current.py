"""Issue 20 and issue 19 in real Chromium: the home page says open cases are counted today;
sending the return offers a link to it; SAO notes are on the child's record; a refused second
save shows what was typed beside what is saved; the new Act pages. Each page is checked with
axe-core and photographed at 1280 and 320 pixels wide."""

import pytest

from notinschool.jobs.testing import run_queued_jobs
from notinschool.register.tests.test_browser import submit
from tests.system.browser import axe_violations, describe, press, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, name: str) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"register-{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def add_child(page, given: str) -> str:
    page.goto("/register/children/add/")
    page.fill("#id_child-given_name", given)
    page.fill("#id_child-family_name", "Browsertest")
    page.fill("#id_child-date_of_birth", "14/2/2013")
    page.select_option("#id_child-sex", "female")
    submit(page, "Add child")
    assert page.title() == "A child's record – Not in School" or "A child's record" in page.title()
    assert given not in page.title()
    return page.url


def test_home_counts_today_and_the_sent_return_links_to_the_return(page, full_demo):
    sign_in(page, "officer@kent.example", two_factor=True)
    page.goto("/register/")
    assert "Open cases today" in page.content() and "counted today" in page.content().lower()
    check(page, "home-today")
    page.goto("/register/return/2026-27-autumn/")
    assert "not today" in page.content()
    submit(page, "Send to the return as a draft")
    assert "/jobs/" in page.url  # the return is counted and stored by a background job
    run_queued_jobs()
    page.reload()
    status = page.locator("#job-status")
    assert "Sent to your return" in status.inner_text()
    check(page, "return-sent")
    status.locator("a:has-text('Open the return to check and submit it')").click()
    assert "/returns/886/2026-27-autumn/" in page.url


def test_sao_notes_shown_and_a_refused_save_keeps_what_was_typed(page, demo):
    sign_in(page, "officer@kent.example", two_factor=True)
    record = add_child(page, "Sasha")
    page.click("text=Record an SAO step")
    page.check("input[name=kind][value=sao_served]")
    page.fill("#id_happened_on", "1/10/2025")
    page.fill("#id_school_named", "Demo Academy")
    page.fill("#id_notes", "Parent phoned first; letter followed.")
    submit(page, "Save")
    assert "No notice of intention is recorded" in page.content()  # a warning, not a block
    assert "Notes: Parent phoned first; letter followed." in page.content()
    check(page, "child-sao-notes")

    page.click("text=Change details")
    page.fill("#id_family_name", "Typedname")
    page.fill("#id_destination_at_16", "College")
    # Meanwhile someone else saves the record.
    from notinschool.core.actor import Actor
    from notinschool.places.selectors import la_by_code
    from notinschool.register import services
    from notinschool.register.tenancy import scoped

    kent = la_by_code("886")
    child_id = record.rstrip("/").rsplit("/", 1)[1]
    with scoped(kent):
        child = kent.children.get(pk=child_id)
        services.child_update(la=kent, child=child, expected_version=child.version, actor=Actor.system(),
                              given_name="Sasha-Lee")  # fmt: skip
    submit(page, "Save")
    assert page.title().startswith("Error: ")
    table = page.locator("#differences")
    assert "Typedname" in table.inner_text() and "Sasha-Lee" in table.inner_text()
    assert page.locator(".govuk-caption-l").inner_text() == "Sasha-Lee Browsertest"
    assert page.input_value("#id_family_name") == "Typedname"
    check(page, "edit-conflict")
    submit(page, "Save")
    assert "Details saved" in page.content()


def test_the_acts_pages(page, demo):
    sign_in(page, "officer@kent.example", two_factor=True)
    add_child(page, "Morgan")
    page.click("text=Open an episode: elective home education")
    check(page, "episode-ehe-ground")
    page.fill("#id_start_date", "1/9/2025")
    submit(page, "Save")
    page.click("text=Add a parent or carer")
    page.fill("#id_name", "Pat Browsertest")
    page.check("#id_educates_child")
    page.fill("#id_hours_educating", "12")
    submit(page, "Save")
    page.click("text=Add another provider")
    check(page, "provider")
    page.fill("#id_name", "Maths Online")
    page.check("input[name=provider_type][value=online]")
    page.fill("#id_online_address", "https://maths.example")
    page.fill("#id_hours_a_week", "4")
    page.fill("#id_unsupervised_hours", "4")
    submit(page, "Save")
    page.click("text=Record a notification from a parent or provider")
    check(page, "notification-log")
    page.check("input[name=sent_by][value=parent]")
    page.fill("#id_sender_name", "Pat Browsertest")
    page.fill("#id_received_on", "2/10/2025")
    page.fill("#id_awaiting", "The tutor's hours from January")
    submit(page, "Save")
    press(page, "text=History of the facts the Act requires")
    assert "Pat Browsertest: 12 hours a week" in page.content() and "12.0" not in page.content()
    check(page, "child-act")
    page.goto("/register/lists/outstanding/")
    assert "from January" in page.content()
    check(page, "outstanding")
    page.goto("/register/")
    page.click("text=Import a transfer record from another LA")
    check(page, "transfer-import")
