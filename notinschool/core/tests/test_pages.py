"""Static pages, error pages and the headers every response carries."""

import pytest
from django.test import Client, override_settings
from django.urls import include, path

from conftest import MalformedHTML, assert_well_formed_html

STATIC_PAGES = ["/", "/accessibility/", "/cookies/", "/privacy/", "/accounts/sign-in/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", STATIC_PAGES)
def test_static_pages_render_in_the_service_layout(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not in School" in html
    assert 'id="main-content"' in html
    assert "Crown copyright" not in html
    assert "govuk-header__logotype" not in html


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"]:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_pages_carry_no_inline_script_or_style(client):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html


@pytest.mark.django_db
def test_404_page_is_in_the_service_style(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Skip to main content" in response.content.decode()


def _boom(request):
    raise RuntimeError("deliberate failure")


def _forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


urlpatterns = [
    path("boom/", _boom),
    path("forbidden/", _forbidden),
    path("", include("notinschool.config.urls")),
]
handler403 = "notinschool.core.views.permission_denied"
handler500 = "notinschool.core.views.server_error"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_500_and_403_pages_are_in_the_service_style():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert_well_formed_html(response.content, "/boom/")
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused_clearly():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/sign-in/", {"email": "a@b.example", "password": "x"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


@pytest.mark.django_db
def test_oversized_request_body_gets_a_clear_400(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/accounts/sign-in/", {"email": "a@b.example", "password": "x" * 5000})
    assert response.status_code == 400
    assert "could not understand the request" in response.content.decode()


def test_malformed_html_is_caught():
    with pytest.raises(MalformedHTML):
        assert_well_formed_html(b"<!DOCTYPE html><html><body><p>unclosed <b>bold</p></body></html>", "/x/")
    assert_well_formed_html(
        b"<!DOCTYPE html><html lang=en><head><title>t</title></head><body><p>ok</p></body></html>", "/"
    )
