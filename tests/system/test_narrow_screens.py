"""At 320 px no page scrolls sideways: a wide table scrolls within its own region (the
`table_region` macro in core/macros.html) and a long address in text or a hint breaks. One page
of each kind that has a wide table, as a role that sees it, with every part opened; each passes
axe-core (a region that scrolls is labelled and can be reached from the keyboard)."""

import re

import pytest
from playwright.sync_api import expect

from tests.system.browser import axe_violations, describe, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _pages(period: str, survey: int) -> dict[str, list[str]]:
    """Pages with a wide table, by who sees them; COUNCIL_FORM has none, but a hint with a long address."""
    return {
        "coordinator@south-east.example": [
            "/accounts/users/",
            "/places/local-authorities/",
            "/definitions/",
            "/sharing/networks/south-east/extracts/",
            f"/networks/south-east/collections/{period}/",
            "/sharing/public/south-east/2025-26-summer/",
            f"/sharing/networks/south-east/surveys/{survey}/",
        ],
        "admin@notinschool.example": ["/audit/", COUNCIL_FORM],
        "officer@kent.example": [
            "/register/lists/open-ehe/",
            "/register/lists/open-cme/",
            "/register/return/2025-26-autumn/?census_date=2025-10-02&previous_census_date=2025-05-15",
        ],
    }


COUNCIL_FORM = "/accounts/council-sign-in/886/"


def test_no_page_with_a_wide_table_scrolls_sideways_at_320_px(page, full_demo):
    from notinschool.returns.models import Collection
    from notinschool.sharing.models import Survey

    period = Collection.objects.filter(network__slug="south-east").order_by("-period").first().period
    survey = Survey.objects.filter(network__slug="south-east", status=Survey.Status.CLOSED).first()
    assert survey is not None, "the demo's staffing survey, answered and closed"
    page.set_viewport_size({"width": 320, "height": 900})
    for person, paths in _pages(period, survey.pk).items():
        page.context.clear_cookies()
        sign_in(page, person, two_factor=True)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            page.evaluate("document.querySelectorAll('details').forEach(part => { part.open = true; })")
            if path != COUNCIL_FORM:  # the page really has the table the test is about
                assert page.locator("main .app-table-scroll table").count() > 0, path
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{path} is {width} px wide at 320 px"
            violations = axe_violations(page)
            assert violations == [], f"{path}: {describe(violations)}"
            screenshot(page, "narrow-" + path.strip("/").split("?")[0].replace("/", "-"))


def test_a_table_region_is_a_tab_stop_only_while_its_table_is_wider_than_it(page, full_demo):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "coordinator@south-east.example", two_factor=True)
    page.goto("/accounts/users/")
    region = page.locator("main .app-table-scroll").first
    fits = "e => e.scrollWidth <= e.clientWidth"
    assert region.evaluate(fits)
    expect(region).not_to_have_attribute("tabindex", re.compile(".*"))  # no tab stop that does nothing
    page.set_viewport_size({"width": 320, "height": 900})
    expect(region).to_have_attribute("tabindex", "0")
    assert not region.evaluate(fits)
    region.focus()  # reached from the keyboard, and scrolled with it
    page.keyboard.press("ArrowRight")
    expect(region).not_to_have_js_property("scrollLeft", 0)
    page.locator("h1").click()  # focus leaves the region
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(region).not_to_have_attribute("tabindex", re.compile(".*"))
