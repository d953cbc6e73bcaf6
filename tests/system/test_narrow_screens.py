"""At 320 px no page scrolls sideways: a wide table scrolls within its own region (the
`table_region` macro in core/macros.html) and a long address in text or a hint breaks. One page
of each kind that has a wide table, as a role that sees it, with every part opened; each passes
axe-core (a region that scrolls is labelled and can be reached from the keyboard)."""

import pytest

from tests.system.browser import axe_violations, describe, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _pages(period: str) -> dict[str, list[str]]:
    return {
        "coordinator@south-east.example": [
            "/accounts/users/",
            "/places/local-authorities/",
            "/definitions/",
            "/sharing/networks/south-east/extracts/",
            f"/networks/south-east/collections/{period}/",
        ],
        "admin@notinschool.example": ["/audit/", "/accounts/council-sign-in/", "/accounts/council-sign-in/886/"],
        "officer@kent.example": [
            "/register/lists/open-ehe/",
            "/register/lists/reaching-16/",
            "/register/return/2025-26-autumn/?census_date=2025-10-02&previous_census_date=2025-05-15",
        ],
    }


def test_no_page_with_a_wide_table_scrolls_sideways_at_320_px(page, full_demo):
    from notinschool.returns.models import Collection

    period = Collection.objects.filter(network__slug="south-east").order_by("-period").first().period
    page.set_viewport_size({"width": 320, "height": 900})
    for person, paths in _pages(period).items():
        page.context.clear_cookies()
        sign_in(page, person, two_factor=True)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            page.evaluate("document.querySelectorAll('details').forEach(part => { part.open = true; })")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{path} is {width} px wide at 320 px"
            violations = axe_violations(page)
            assert violations == [], f"{path}: {describe(violations)}"
            screenshot(page, "narrow-" + path.strip("/").split("?")[0].replace("/", "-"))
