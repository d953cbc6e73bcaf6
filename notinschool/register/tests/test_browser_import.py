"""A refused register import in real Chromium: its job page lists every problem in the table
every file's report uses, offers them as CSV, passes axe-core and is photographed at 1280 and
320 pixels wide."""

import pytest

from notinschool.jobs.testing import run_queued_jobs
from notinschool.register.tests.test_import import HEADER
from tests.system.browser import axe_violations, describe, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_refused_register_shows_its_problems_and_offers_them_as_csv(page, demo, tmp_path):
    bad = tmp_path / "register.csv"
    bad.write_text(HEADER + "K1,,Example,2014-03-02,alien,ehe,,,,\n", encoding="utf-8")
    sign_in(page, "officer@kent.example", two_factor=True)
    page.goto("/register/import/")
    page.set_input_files("input[type=file]", str(bad))
    page.click("main button")
    page.wait_for_load_state("load")
    assert "/jobs/" in page.url
    run_queued_jobs()
    page.reload()
    table = page.locator("[data-job-problems] table")
    table.wait_for()
    assert "Nothing was imported: 3 problems found." in page.locator("#job-status").inner_text()
    rows = table.locator("tbody tr")
    assert rows.count() == 3
    assert rows.first.locator("td").first.inner_text() == "line 2, given_name"
    assert "ROW-REQUIRED" in rows.first.inner_text()
    with page.expect_download() as caught:
        page.click("text=Download every problem as CSV")
    lines = caught.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("sheet,row,column,cell,value,rule,severity,message") and len(lines) == 4
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"register-import-problems-{width}")
