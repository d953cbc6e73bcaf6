"""The start page and every static page in real Chromium: renders, accessible, focus visible."""

import pytest

from tests.system.browser import axe_violations, describe, screenshot, sign_in

STATIC_PAGES = [
    ("/", "start", "Children not in school"),
    ("/accessibility/", "accessibility", "Accessibility statement for Not in School"),
    ("/cookies/", "cookies", "Cookies"),
    ("/privacy/", "privacy", "Privacy notice"),
    ("/accounts/sign-in/", "sign-in", "Sign in"),
    ("/places/local-authorities/", "local-authorities", "Local authorities and their codes"),
    ("/places/local-authorities/E10000002/", "local-authority-buckinghamshire", "Buckinghamshire"),
    ("/places/local-authorities/909/", "local-authority-cumbria", "Cumbria"),
    ("/no-such-page/", "404", "Page not found"),
]

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {tag: el.tagName, text: el.textContent.trim(), background: style.backgroundColor,
          outline: style.outlineStyle, shadow: style.boxShadow};
}"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("path", "name", "heading"), STATIC_PAGES, ids=[p[1] for p in STATIC_PAGES])
def test_static_page_renders_accessibly(page, reference_data, path, name, heading):
    response = page.goto(path)
    assert response is not None
    assert response.status == (404 if name == "404" else 200)
    if name == "404":
        # The browser logs the page's own 404 status; that is the point of this page.
        page.console_errors[:] = [e for e in page.console_errors if "status of 404" not in e]
    assert page.locator("h1").first.inner_text().strip() == heading
    assert page.locator(".govuk-service-navigation__service-name").inner_text().strip() == "Not in School"
    # An LA service, not a GOV.UK one: no crown, no logotype, no Crown copyright.
    assert page.locator(".govuk-header__logotype, .govuk-footer__crown, svg.govuk-logo").count() == 0
    assert "Crown copyright" not in page.content()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, name)


@pytest.mark.django_db(transaction=True)
def test_keyboard_focus_is_visible(page, reference_data):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS_STYLE)
    assert focused["text"] == "Skip to main content"
    assert page.locator(".govuk-skip-link").is_visible()
    # GOV.UK's focus state: yellow background with a thick underline, never no indicator.
    assert focused["background"] == "rgb(255, 221, 0)"
    for _ in range(3):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        visible = (
            focused["background"] == "rgb(255, 221, 0)" or focused["outline"] != "none" or focused["shadow"] != "none"
        )
        assert visible, f"focus is invisible on {focused}"


@pytest.mark.django_db(transaction=True)
def test_system_font_stack_not_gds_transport(page):
    page.goto("/")
    family = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "GDS Transport" not in family
    assert family.lower().startswith("arial")


@pytest.mark.django_db(transaction=True)
def test_failed_sign_in_shows_error_summary(page, demo):
    page.goto("/accounts/sign-in/")
    page.fill("#id_email", "contributor@kent.example")
    page.fill("#id_password", "not the password")
    page.click("button:has-text('Sign in')")
    summary = page.locator(".govuk-error-summary")
    summary.wait_for(state="visible")  # the form posts back to the same address
    assert page.title().startswith("Error: ")
    summary.locator("a").first.click()
    assert page.evaluate("() => document.activeElement.id") == "id_email"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, "sign-in-error")


@pytest.mark.django_db(transaction=True)
def test_signed_in_header_shows_organisation(page, demo):
    sign_in(page, "coordinator@south-east.example", two_factor=True)
    assert "South East Access to Education group" in page.locator(".app-account").inner_text()
    page.goto("/networks/south-east/")
    assert page.locator("h1").inner_text() == "South East Access to Education group"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, "network-home")
    page.goto("/places/comparison-groups/")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, "comparison-groups")
