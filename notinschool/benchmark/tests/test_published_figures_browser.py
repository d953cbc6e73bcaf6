"""DfE's figures on the dashboard in real Chromium: axe-core passes at 1280 and 320 pixels wide,
with the academic-year measures and the LAs outside the network opened."""

import pytest

from notinschool.published.demo import load as load_published
from tests.system.browser import axe_violations, describe, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BASE = "/dashboard/south-east/2023-24-summer"


def test_dfes_figures_beside_the_network_are_accessible(page, south_east):
    from notinschool.published.tests.builders import run_import
    from notinschool.published.tests.test_real_files import CME_ANY_POINT

    load_published()  # DfE's 2022/23 census release and its academic-year data set, 2021/22 to 2024/25
    run_import(CME_ANY_POINT.read_bytes(), "cme_full_year.csv")  # CME at any point, 2021/22: a profile row
    sign_in(page, "viewer@surrey.example")
    for path, name in (
        ("/ehe_starts/", "measure-academic-year"),
        ("/la/886/", "profile"),
        ("/ehe_total/", "measure"),
    ):
        page.goto(f"{BASE}{path}")
        for summary in page.locator("#published-heading ~ details summary").all():
            summary.click()
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            violations = axe_violations(page)
            assert violations == [], describe(violations)
            screenshot(page, f"dashboard-published-{name}-{width}")
    page.goto(f"{BASE}/ehe_starts/")
    page.click("summary:has-text('as DfE published them')")
    text = page.inner_text("section.app-published")
    assert "Academic year 2023 to 2024" in text and "Kent" in text and "worked out" in text
