"""Helpers for browser tests: Debian's Chromium through Playwright, axe-core, screenshots."""

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# WCAG 2.2 A and AA, the standard public bodies must meet.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page and return its violations (empty when the page passes).

    The script is evaluated through the browser's debugging protocol, which the page's
    Content-Security-Policy does not govern, so the page keeps its real policy. A click on a
    link returns once the next page has started, before it has a document: axe waits for it, and
    for the next frame, by when the page's scripts have answered a change of the window's size (a
    table region is a tab stop only while its table does not fit, app.js).
    """
    page.wait_for_load_state("load")
    # Frames pause in a page that is not shown: never wait longer than half a second.
    page.evaluate(
        "() => new Promise(done => {"
        " requestAnimationFrame(() => requestAnimationFrame(done)); setTimeout(done, 500); })"
    )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    """A readable list of axe violations for a failing assertion."""
    return json.dumps(
        [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations],
        indent=2,
    )


def screenshot(page, name: str) -> Path | None:
    """Save a full-page screenshot as a test artefact, for a person to look at; not when
    NOTINSCHOOL_SCREENSHOTS is 0 (CI, where nobody looks and each costs a fifth of a second)."""
    if os.environ.get("NOTINSCHOOL_SCREENSHOTS") == "0":
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def press(page, button: str) -> None:
    """Click a button that sends a form and read nothing until the answer has loaded: the click
    waits for the next page to start, not to finish, and the answer may come back to the same
    address (a form with errors), so a new URL cannot be waited for."""
    page.click(button)
    page.wait_for_load_state("load")


def sign_in(page, email: str, *, two_factor: bool = False) -> None:
    """Sign in through the pages as a demo user, typing the demo authenticator's current code
    when the role needs two-factor sign-in."""
    from django_otp.oath import totp

    from notinschool.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_KEY

    page.goto("/accounts/sign-in/")
    page.fill("#id_email", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button:has-text('Sign in')")
    if two_factor:
        page.fill("#id_code", f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}")
        page.click("button:has-text('Continue')")
