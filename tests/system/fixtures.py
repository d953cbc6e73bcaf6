"""Browser fixtures shared by every app's browser tests: one headless Chromium for the whole
session (a second Playwright instance in the same thread would fail), a fresh page per test.
Registered once, in the root conftest, as a plugin."""

import os

import pytest

from tests.system.browser import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, with no network beyond this machine."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A new page in a fresh context; console errors (such as a CSP refusal) fail the test."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    # Pages are served by a test server sharing two cores with the other test workers (and, on a
    # busy machine, with much else): waiting longer than Playwright's 30 s only stops a slow
    # machine from failing a test; how fast pages are is measured by make bench.
    context.set_default_timeout(90_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors
    yield page
    context.close()
    assert not errors, f"the browser reported errors: {errors}"
