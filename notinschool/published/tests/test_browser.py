"""The published-figures pages in real Chromium: they render, pass axe-core (WCAG 2.2 AA), and
a refused import says why on its job page."""

import pytest
from django.conf import settings
from django.test import Client

from notinschool.jobs.testing import run_queued_jobs
from notinschool.published.tests.access import DEMO_RELEASE_HASH
from tests.access_cases import sign_in
from tests.system.browser import axe_violations, describe, press, screenshot


def signed_in_page(page, live_server, email: str):
    """Give the browser the session of `email`, signed in (with the second factor) through the
    test client: the pages, not the sign-in journey, are under test here."""
    client = Client()
    sign_in(client, email)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


def check(page, name: str, heading: str) -> None:
    assert page.locator("h1").first.inner_text().strip() == heading
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, name)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_releases_release_and_upload_pages(page, live_server, demo_release):
    signed_in_page(page, live_server, "coordinator@south-east.example")
    page.goto("/published/")
    check(page, "published-releases", "DfE published figures")
    page.click("text=ehe_census_2022-23_release.csv")
    assert DEMO_RELEASE_HASH in page.url
    assert page.locator("caption:has-text('EHE children, Autumn term 2022 to 2023')").is_visible()
    check(page, "published-release", "ehe_census_2022-23_release.csv")
    page.goto("/published/upload/")
    check(page, "published-upload", "Import a DfE published file")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_refused_file_shows_the_error_summary(page, live_server, demo_release, tmp_path):
    signed_in_page(page, live_server, "admin@notinschool.example")
    bad = tmp_path / "ehe_census_broken.csv"
    bad.write_text("la,children\n886,12\n", encoding="utf-8")
    page.goto("/published/upload/")
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('Import file')")
    # The import runs as a job; its page says what is wrong once a worker has run it.
    assert page.locator("h1").inner_text() == "Importing ehe_census_broken.csv"
    run_queued_jobs()
    page.reload()
    status = page.locator("#job-status")
    assert "ehe_census_broken.csv was not imported; nothing has changed." in status.inner_text()
    assert "not an Explore Education Statistics file" in status.inner_text()
    check(page, "published-import-refused", "Importing ehe_census_broken.csv")
    page.click("text=Go back and try again")
    check(page, "published-upload", "Import a DfE published file")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reconciliation_page(page, live_server, demo_release, monkeypatch):
    from notinschool.returns import selectors as returns_selectors

    own = {"886": {("ehe_total", None): 2_873}, "936": {("ehe_total", None): 1_700}}
    monkeypatch.setattr(returns_selectors, "approved_figures", lambda **kwargs: own)
    signed_in_page(page, live_server, "contributor@kent.example")
    page.goto("/published/reconciliation/south-east/2022-23-autumn/")
    check(page, "published-reconciliation", "Your figures and DfE's: Autumn term 2022 to 2023")
    assert page.locator("tr:has(th:text-is('Surrey')) .govuk-tag").last.inner_text().strip() == (
        "Differs by more than rounding"
    )
    page.select_option("#figure", "ehe_by_sex:female")
    press(page, "button:has-text('Show figure')")
    assert "figure=ehe_by_sex%3Afemale" in page.url
    assert page.locator("caption:has-text('EHE children by sex: Female')").is_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_academic_year_release_with_an_unknown_column_and_the_reconciliation(page, live_server, demo_release):
    from pathlib import Path

    from notinschool.published.tests.builders import run_import

    data = (Path(__file__).parent / "data" / "ehe_academic_year_2024-25_excerpt.csv").read_bytes()
    lines = data.decode().splitlines()
    added = [lines[0] + ",ehe_new_measure"] + [line + ",5" for line in lines[1:]]
    report = run_import(("\n".join(added) + "\n").encode(), "ehe_academic_year_2024-25.csv")
    signed_in_page(page, live_server, "coordinator@south-east.example")
    page.goto(f"/published/releases/{report.content_hash}/")
    assert page.locator("#not-known").is_visible()
    assert "Nothing was guessed for it: its figures were not imported" in page.content()
    assert "To import it, add a line for it to the service" in page.content()
    assert page.locator("caption:has-text('EHE children at any point in the year, Academic year 2024 to 2025')").count()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        check(page, f"published-academic-year-release-{width}", "ehe_academic_year_2024-25.csv")
    page.goto("/published/reconciliation/south-east/2022-23-autumn/")
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        check(page, f"published-reconciliation-{width}", "Your figures and DfE's: Autumn term 2022 to 2023")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_file_with_bad_rows_lists_every_problem_and_offers_them_as_csv(page, live_server, demo_release, tmp_path):
    from notinschool.published.tests.builders import ENGLAND, tidy

    signed_in_page(page, live_server, "admin@notinschool.example")
    bad = tmp_path / "ehe_census_bad_rows.csv"
    rows = [f"202425,Autumn term,National,{ENGLAND},Sex,Female,about {n},50," for n in range(3)]
    bad.write_text(tidy(rows), encoding="utf-8")
    page.goto("/published/upload/")
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('Import file')")
    page.locator("h1:has-text('Importing ehe_census_bad_rows.csv')").wait_for()
    run_queued_jobs()
    page.reload()
    table = page.locator("[data-job-problems] table")
    table.wait_for()
    cells = table.locator("tbody tr").first.locator("td")
    assert cells.first.inner_text() == "line 2, child_count"  # the line and the column DfE named
    assert "ROW-VALUE" in table.inner_text() and table.locator("tbody tr").count() == 3
    with page.expect_download() as caught:
        page.click("text=Download every problem as CSV")
    lines = caught.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 4 and ",2,child_count,,about 0,ROW-VALUE,error," in lines[1]
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        check(page, f"published-import-problems-{width}", "Importing ehe_census_bad_rows.csv")
