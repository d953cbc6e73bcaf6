"""Error pages that never fail: 400, 403, 404 and 500 render in the service's layout with the
security headers whatever state the request is in (no user, no session, a bad Host header)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory, override_settings

from notinschool.core import views
from notinschool.core.tests.test_pages import assert_well_formed_html

HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Permissions-Policy")


def _has_security_headers(response) -> None:
    missing = [name for name in HEADERS if name not in response.headers]
    assert not missing, (missing, dict(response.headers))


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["evil.example", "bad host", "a" * 300])
def test_an_unknown_host_gets_the_400_page_with_the_security_headers(host):
    client = Client(raise_request_exception=False)
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 400
    assert "Sorry, there is a problem with what was sent" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    _has_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("view", "status", "words"),
    [
        (views.bad_request, 400, "problem with what was sent"),
        (views.permission_denied, 403, "You do not have permission"),
        (views.page_not_found, 404, "Page not found"),
        (views.server_error, 500, "problem with the service"),
    ],
)
def test_each_error_page_renders_for_a_request_no_middleware_has_seen(view, status, words):
    request = RequestFactory().get("/somewhere/")  # no user, no session, no messages
    response = view(request) if status == 500 else view(request, None)
    assert response.status_code == status
    assert words in response.content.decode()
    assert_well_formed_html(response.content, "/somewhere/")
    assert isinstance(request.user, AnonymousUser)


@pytest.mark.django_db
def test_an_error_page_that_cannot_render_falls_back_to_a_plain_page(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template broken")

    monkeypatch.setattr(views, "render", broken)
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="notinschool.core.tests.test_pages")
@pytest.mark.parametrize(("url", "status"), [("/boom/", 500), ("/forbidden/", 403), ("/no-such-page/", 404)])
def test_403_404_and_500_carry_the_security_headers(url, status):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == status
    _has_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/dashboard/south-east/2023-24-summer/la/%00/",
        "/returns/%00/2026-27-autumn/",
        "/register/children/%00/",
        "/published/releases/%00/",
        "/dashboard/south-east/2023-24-summer/ehe_total/?las=886%00",
        "/?next=%00",
    ],
)
@pytest.mark.parametrize("signed_in", [False, True])
def test_an_address_holding_a_nul_gets_the_400_page_never_a_server_error(address, signed_in, demo):
    # PostgreSQL's text cannot hold a NUL: a view reading one from the address failed as a 500.
    from notinschool.accounts.models import User

    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(User.objects.get(email="viewer@surrey.example"))
    response = client.get(address)
    assert response.status_code == 400
    assert "Sorry, there is a problem with what was sent" in response.content.decode()
    _has_security_headers(response)


@pytest.mark.django_db
def test_a_form_field_holding_a_nul_gets_the_400_page_and_a_file_may_hold_any_byte(demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client(raise_request_exception=False)
    response = client.post("/accounts/sign-in/", {"email": "viewer@surrey.example\x00", "password": "x"})
    assert response.status_code == 400
    assert "Sorry, there is a problem with what was sent" in response.content.decode()
    # A file is not a field: its bytes reach the view, which says what is wrong with it.
    sent = client.post(
        "/accounts/sign-in/", {"email": "viewer@surrey.example", "file": SimpleUploadedFile("a", b"\x00")}
    )
    assert sent.status_code == 200
