"""Security headers and cookies, pinned so that nobody loosens them by accident."""

from django.test import override_settings

from tests.access_cases import sign_in


def test_security_headers_on_every_page(client, demo):
    sign_in(client, "contributor@kent.example")
    for path in ("/", "/accounts/sign-in/", "/accounts/"):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "img-src 'self' data:",
            "form-action 'self'",
        ):
            assert directive in policy, (path, directive)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_inline_script_or_style_on_the_two_factor_pages(client, demo):
    sign_in(client, "officer@kent.example")
    page = client.get("/accounts/two-factor/set-up/").content.decode()
    assert "<script>" not in page and "<script " not in page.replace('<script type="module" src=', "")
    assert "style=" not in page


@override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True)
def test_hsts_over_https(client, demo):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@override_settings(
    SESSION_COOKIE_NAME="__Host-sessionid",
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_NAME="__Host-csrftoken",
    CSRF_COOKIE_SECURE=True,
)
def test_host_prefixed_secure_cookies_in_production(client, demo):
    client.get("/accounts/sign-in/", secure=True)
    response = client.post(
        "/accounts/sign-in/", {"email": "contributor@kent.example", "password": "demo-not-in-school-2026"}, secure=True
    )
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["path"] == "/" and not session["domain"]
    assert session["samesite"] == "Lax"


def test_production_settings_turn_on_hsts_and_host_cookies():
    from pathlib import Path

    from notinschool.config import settings as config

    source = Path(config.__file__).read_text()
    for setting in (
        'SESSION_COOKIE_NAME = "__Host-sessionid"',
        'CSRF_COOKIE_NAME = "__Host-csrftoken"',
        "SECURE_HSTS_SECONDS = env_int",
        "SESSION_COOKIE_SECURE = True",
    ):
        assert setting in source


def test_nothing_sent_to_a_signed_in_person_is_stored_by_a_cache(client, demo):
    from notinschool.places.selectors import la_by_code
    from notinschool.returns import services
    from notinschool.returns.tests.factories import PERIOD, filled_xlsx, open_collection

    open_collection()
    services.version_create_from_file(la=la_by_code("886"), period=PERIOD, data=filled_xlsx(), filename="k.xlsx")
    return_url = f"/returns/886/{PERIOD}/"
    assert "no-store" not in client.get("/").get("Cache-Control", "")  # the public start page may be kept
    sign_in(client, "contributor@kent.example")
    for path in (
        return_url,
        return_url + "versions/1/",
        return_url + "versions/1/report.csv",
        return_url + "versions/1/file",
        return_url + "template.xlsx",
        "/returns/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
        assert "private" in response["Cache-Control"], path
