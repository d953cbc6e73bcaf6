"""The measure and profile pages at 1280 and 320 pixels wide, in real Chromium: the choices beside
the chart (wide) or above it (narrow, in a box that starts closed there), no sideways scrolling of
the page, the breakdown select inside the screen, the chart image with the interactive version
added under it, at 320 px drawn at its own size in a region that scrolls sideways; axe-core
passes and each view is screenshot (test-artifacts/screenshots)."""

import pytest

from tests.system.browser import axe_violations, describe, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BASE = "/dashboard/south-east/2023-24-summer"
PAGES = (
    ("/ehe_total/?breakdown=sex&category=male&las=886,936,871", "measure"),
    ("/la/886/", "profile"),
)


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_choices_beside_the_chart_at_1280_and_above_it_at_320(page, south_east):
    sign_in(page, "viewer@surrey.example")
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        for path, name in PAGES:
            page.goto(f"{BASE}{path}")
            page.locator("img.app-chart__image").wait_for()
            # The page never scrolls sideways (WCAG 1.4.10): only a wide table may, inside its own box.
            scroll = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert scroll[0] <= scroll[1], f"{name} at {width} px scrolls sideways: {scroll}"
            chart, choices = _box(page, "img.app-chart__image"), _box(page, ".app-dashboard__choices")
            if width == 1280:
                beside = choices["x"] >= chart["x"] + chart["width"] - 1 and choices["y"] < chart["y"] + chart["height"]
                above = choices["y"] + choices["height"] <= chart["y"]
                assert beside if name == "measure" else above, f"{name}: the choices are not beside or above the chart"
                assert page.locator("form.app-chooser").is_visible()
                tables = page.eval_on_selector_all(
                    "main .app-table-scroll",
                    "els => els.filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1)"
                    ".map(e => e.getAttribute('aria-label'))",
                )
                assert tables == [], f"{name}: a table scrolls sideways at 1280 px"
                assert not page.locator(".app-chart__hint").is_visible()
            else:
                assert choices["y"] + choices["height"] <= chart["y"], f"{name}: the choices are not above the chart"
                # The chart keeps the size its labels were drawn for (shrunk to 290 px they were
                # 4 px high) and scrolls sideways in its own region, which the keyboard can reach.
                assert chart["width"] >= 720, f"{name}: the chart is shrunk to {chart['width']} px at 320 px"
                region = page.locator(".app-chart__scroll")
                assert region.evaluate("e => e.scrollWidth > e.clientWidth && e.tabIndex === 0"), name
                assert page.locator(".app-chart__hint").is_visible()
                assert not page.locator("form.app-chooser").is_visible()  # in a closed box, the chart on screen
                page.click("summary:has-text('Change what is shown')")
                page.locator("form.app-chooser").wait_for()
                for select in page.locator(".app-chooser select").all():
                    right = select.bounding_box()
                    assert right["x"] >= 0 and right["x"] + right["width"] <= width, f"{name}: a select overflows"
            violations = axe_violations(page)
            assert violations == [], describe(violations)
            screenshot(page, f"dashboard-{name}-{width}")


def test_the_maps_choice_is_above_the_map_and_its_table_beside_it(page, south_east):
    sign_in(page, "viewer@surrey.example")
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{BASE}/ehe_total/map/?highlight=886")
        page.locator("figure.app-map svg").wait_for()
        scroll = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll[0] <= scroll[1], f"the map page at {width} px scrolls sideways: {scroll}"
        choice, figure = _box(page, "select#highlight"), _box(page, "figure.app-map")
        assert choice["y"] + choice["height"] <= figure["y"], f"at {width} px the choice is not above the map"
        assert choice["x"] + choice["width"] <= width
        table = _box(page, ".app-dashboard__choices table")
        if width == 1280:
            assert table["x"] >= figure["x"] + figure["width"] - 1, "the table is not beside the map"
        else:
            assert table["y"] >= figure["y"] + figure["height"] - 1, "the table is not under the map"
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        screenshot(page, f"dashboard-map-{width}")
