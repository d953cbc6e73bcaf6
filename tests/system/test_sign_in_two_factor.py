"""Signing in in real Chromium: a password and an authenticator code, setting up two-factor from
the QR code page, council sign-in through a local OpenID Connect provider, and signing out."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from notinschool.accounts.demo import DEMO_PASSWORD
from notinschool.accounts.models import User
from notinschool.accounts.tests.conftest import KENT_USER
from notinschool.accounts.tests.helpers import (
    PROVIDER_WARNINGS_IGNORED,
    configure_council_sign_in,
    current_code,
    oidc_provider,
)
from tests.system.browser import axe_violations, describe, press, screenshot


def accessible(page, name: str) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, name)


def sign_in_with_password(page, email: str) -> None:
    page.goto("/accounts/sign-in/")
    page.fill("#id_email", email)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button:has-text('Sign in')")


@pytest.mark.django_db(transaction=True)
def test_sign_in_with_an_authenticator_code_then_sign_out(page, demo):
    sign_in_with_password(page, "officer@kent.example")
    assert page.url.endswith("/accounts/two-factor/")
    assert page.locator("h1").inner_text() == "Enter the code from your authenticator app"
    accessible(page, "two-factor-code")
    page.fill("#id_code", "000000")
    page.click("button:has-text('Continue')")
    # The form posts back to the same address: wait for the answer, not for a new URL.
    page.locator(".govuk-error-summary").wait_for(state="visible")
    assert page.title().startswith("Error: ")
    accessible(page, "two-factor-code-error")
    device = TOTPDevice.objects.get(user__email="officer@kent.example")
    device.throttle_reset()
    page.fill("#id_code", current_code(device))
    page.click("button:has-text('Continue')")
    page.goto("/accounts/")
    assert page.locator("h1").inner_text() == "Your account"
    assert "Olu Officer" in page.locator(".app-account").inner_text()
    accessible(page, "account")
    press(page, ".app-account button:has-text('Sign out')")
    assert page.locator("h1").inner_text() == "You have signed out"
    accessible(page, "signed-out")
    page.goto("/accounts/")
    assert "/accounts/sign-in/" in page.url


@pytest.mark.django_db(transaction=True)
def test_set_up_two_factor_from_the_qr_code_page(page, demo):
    TOTPDevice.objects.filter(user__email="officer@surrey.example").delete()
    sign_in_with_password(page, "officer@surrey.example")
    assert page.url.endswith("/accounts/two-factor/set-up/")
    qr = page.locator("img.app-qr-code")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.evaluate("img => img.naturalWidth") > 0, "the QR code did not load (CSP?)"
    accessible(page, "two-factor-set-up")
    device = TOTPDevice.objects.get(user__email="officer@surrey.example", confirmed=False)
    page.fill("#id_code", current_code(device))
    press(page, "button:has-text('Turn on two-factor sign-in')")
    assert page.locator("h1").inner_text().strip() == "Two-factor sign-in is on"
    assert page.locator("h2").first.inner_text() == "Your backup codes"
    assert page.locator("#backup-codes li").count() == 10
    accessible(page, "backup-codes")
    page.click("text=I have kept my backup codes")
    page.goto("/accounts/")
    assert page.locator("h1").inner_text() == "Your account"


@pytest.mark.django_db(transaction=True)
@PROVIDER_WARNINGS_IGNORED
def test_sign_in_with_a_council_account(page, demo):
    with oidc_provider(users=[KENT_USER]) as issuer:
        configure_council_sign_in(issuer)
        page.goto("/accounts/sign-in/")
        page.click("a:has-text('Sign in with your council account')")
        accessible(page, "council-sign-in")
        page.fill("#id_email", KENT_USER["email"])
        page.click("button:has-text('Continue')")
        assert page.url.startswith(issuer), "the browser went to the council's provider"
        page.click(f"button[value='{KENT_USER['sub']}']")
        page.wait_for_url("**/")
        # The test provider's own page fetches a stylesheet from a CDN (blocked here) and has no
        # favicon; those errors are its own, not this service's.
        page.console_errors.clear()
    page.console_errors.clear()  # and its requests cut off when it stopped
    page.goto("/accounts/")
    assert "Kim Contributor" in page.locator(".app-account").inner_text()
    accessible(page, "signed-in-with-council-account")
    assert User.objects.get(email=KENT_USER["email"]).last_login is not None


@pytest.mark.django_db(transaction=True)
def test_unknown_user_sees_the_same_error_summary(page, demo):
    page.goto("/accounts/sign-in/")
    page.fill("#id_email", "nobody@kent.example")
    page.fill("#id_password", "not the password")
    page.click("button:has-text('Sign in')")
    summary = page.locator(".govuk-error-summary")
    assert "Enter the email address and password of an active account" in summary.inner_text()
    accessible(page, "sign-in-unknown-user")
