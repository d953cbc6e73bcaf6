"""The dashboard in real Chromium: choose three LAs, follow the URL, download every format, pass
axe-core, and keep a screenshot of each page (test-artifacts/screenshots/dashboard-*.png)."""

from pathlib import Path

import pytest

from tests.system.browser import ROOT, axe_violations, describe, press, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BASE = "/dashboard/south-east/2023-24-summer"
CHARTS_BUILT = (ROOT / "build" / "static" / "charts.js").exists() and (
    ROOT / "build" / "static" / "vega-interpreter.js"
).exists()


def _accessible(page, name: str) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, f"dashboard-{name}")


def _table_rates(page) -> dict[str, str]:
    rows = page.locator("table.app-data-table tbody tr")
    found = {}
    for index in range(rows.count()):
        cells = rows.nth(index).locator("th, td")
        found[cells.nth(0).inner_text().strip()] = cells.nth(4).inner_text().strip()
    return found


def test_choose_three_las_follow_the_link_and_download(page, south_east, tmp_path):
    sign_in(page, "viewer@surrey.example")
    page.goto(f"{BASE}/")
    assert "17 of 19 LAs" in page.inner_text("main")
    _accessible(page, "overview")

    page.goto(f"{BASE}/ehe_total/")
    assert page.locator("img.app-chart__image").evaluate("img => img.complete && img.naturalWidth > 0")
    # The image's text alternative, and the same figures in the table beside it.
    assert "The same numbers are in the table below." in page.locator("img.app-chart__image").get_attribute("alt")
    page.click("summary:has-text('Pick local authorities by hand')")
    for name in ("Kent", "Surrey", "Reading"):
        page.get_by_label(name, exact=True).check()
    page.select_option("#highlight", "936")
    press(page, "button:has-text('Show')")  # the table is read only once the page has loaded
    assert "las=" in page.url and "highlight=936" in page.url
    rates = _table_rates(page)
    assert {"Kent", "Surrey", "Reading"} <= set(rates)
    assert len([n for n in rates if "pooled" not in n and "Median" not in n]) == 3
    _accessible(page, "measure-three-las")

    # The link alone reproduces the view.
    link = page.url
    page.goto("about:blank")
    page.goto(link)
    assert _table_rates(page) == rates

    for label, suffix in (("CSV", ".csv"), ("spreadsheet", ".xlsx"), ("SVG", ".svg"), ("PNG", ".png")):
        with page.expect_download() as download:
            page.click(f"a:has-text('{label}')")
        path = Path(tmp_path) / download.value.suggested_filename
        download.value.save_as(path)
        assert path.suffix == suffix and path.stat().st_size > 100
        if suffix == ".csv":
            text = path.read_text(encoding="utf-8-sig")
            assert text.count("\n") >= 4 and all(rate in text for rate in rates.values() if rate)


def test_every_page_renders_accessibly(page, south_east):
    from notinschool.published.demo import load

    load()  # DfE's 2022/23 figures, for Kent's neighbours outside the South East
    sign_in(page, "viewer@surrey.example")
    for path, name in (
        ("/?las=881,936,871", "overview-chosen"),
        ("/ehe_total/?breakdown=sex&category=male", "measure-breakdown"),
        ("/ehe_total/?view=funnel", "measure-funnel"),
        ("/ehe_total/?view=funnel&las=886,936,870,845&highlight=936", "measure-funnel-chosen"),
        ("/ehe_total/?view=funnel&order=count", "measure-funnel-by-count"),
        ("/ehe_total/?view=funnel&breakdown=sex&category=female", "measure-funnel-breakdown"),
        ("/la/886/?neighbours=886", "profile"),
        ("/pack/", "pack"),
        ("/pack/?las=867,868,869,870,871,872", "pack-chosen"),
        ("/ehe_total/map/?highlight=886", "map"),
    ):
        page.goto(f"{BASE}{path}")
        _accessible(page, name)
    # Kent's own return is provisional this term, and its outside neighbours are DfE's figures.
    page.goto(f"{BASE}/la/886/")
    assert "Kent's figures are provisional" in page.inner_text("figcaption")
    assert "Essex" in page.inner_text("table:has(caption:has-text('not pooled'))")
    _accessible(page, "profile-provisional")
    page.goto("/dashboard/south-east/trend/ehe_total/?las=886,936,871,881")
    assert "Provisional (not yet approved)" in page.inner_text("table.app-data-table thead")
    _accessible(page, "trend")
    page.goto("/dashboard/south-east/no-collections/")
    _accessible(page, "no-collections")


@pytest.mark.skipif(not CHARTS_BUILT, reason="charts.js and vega are not in build/static yet (npm run build)")
def test_interactive_chart_matches_the_table(page, south_east):
    sign_in(page, "viewer@surrey.example")
    page.goto(f"{BASE}/ehe_total/?las=886,936,870,871")
    # The interactive chart adds to the server's image, never replaces it.
    page.click("summary:has-text('Interactive version of this chart')")
    page.wait_for_selector(".app-chart--embedded svg", timeout=15_000)
    assert page.locator("img.app-chart__image").is_visible()
    drawn = page.eval_on_selector_all(".app-chart__interactive svg text", "els => els.map(e => e.textContent)")
    for name, rate in _table_rates(page).items():
        if name in {"Kent", "Surrey", "Reading"}:
            assert rate in drawn, f"{name}'s {rate} is in the table but not on the chart"
    # Slough sent no return: it stays on the chart, said in words, in both versions.
    assert "no return" in drawn and any("Slough" in text for text in drawn)
    _accessible(page, "measure-interactive")


@pytest.mark.skipif(not CHARTS_BUILT, reason="charts.js and vega are not in build/static yet (npm run build)")
def test_the_interactive_chart_keeps_its_size_on_a_narrow_screen(page, south_east):
    """At 320 px the interactive drawing, like the image above it, keeps the size its labels were
    drawn for and scrolls inside its box; the page does not scroll sideways."""
    sign_in(page, "viewer@surrey.example")
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(f"{BASE}/la/886/")
    page.click("summary:has-text('Interactive version of this chart')")
    page.wait_for_selector(".app-chart--embedded svg", timeout=15_000)
    drawn, box, whole = page.evaluate(
        "() => [document.querySelector('.app-chart__interactive svg').getBoundingClientRect().width,"
        " document.querySelector('.app-chart__interactive').clientWidth, document.documentElement.scrollWidth]"
    )
    assert drawn >= 700 and box < drawn, (drawn, box)
    assert whole <= 320, f"the page scrolls sideways: {whole}"
    _accessible(page, "profile-interactive-320")
