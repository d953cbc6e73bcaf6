"""The published-figures pages in real Chromium: they render, pass axe-core (WCAG 2.2 AA), and
the import form reports a refused file in the error summary."""

import pytest
from django.conf import settings
from django.test import Client

from notinschool.published.tests.access import DEMO_RELEASE_HASH
from tests.access_cases import sign_in
from tests.system.browser import axe_violations, describe, screenshot


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
    assert page.locator("caption:has-text('EHE children, Autumn 2022-23')").is_visible()
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
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "not an Explore Education Statistics file" in summary.inner_text()
    assert page.title().startswith("Error: ")
    summary.locator("a").first.click()
    assert page.evaluate("() => document.activeElement.id") == "id_file"
    check(page, "published-upload-error", "Import a DfE published file")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reconciliation_page(page, live_server, demo_release, monkeypatch):
    from notinschool.returns import selectors as returns_selectors

    own = {"886": {("ehe_total", None): 2_873}, "936": {("ehe_total", None): 1_700}}
    monkeypatch.setattr(returns_selectors, "approved_figures", lambda **kwargs: own)
    signed_in_page(page, live_server, "contributor@kent.example")
    page.goto("/published/reconciliation/south-east/2022-23-autumn/")
    check(page, "published-reconciliation", "Your figures and DfE's: Autumn 2022-23")
    assert page.locator("tr:has(th:text-is('Surrey')) .govuk-tag").last.inner_text().strip() == (
        "Differs by more than rounding"
    )
    page.select_option("#figure", "ehe_by_sex:female")
    page.click("button:has-text('Show figure')")
    assert "figure=ehe_by_sex%3Afemale" in page.url
    assert page.locator("caption:has-text('EHE children by sex: Female')").is_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
