"""Test set-up shared by every app: an HTML-checking client and the reference data."""

import os

import html5lib
import pytest
from django.test import Client

pytest_plugins = ["tests.system.fixtures"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by tests
# alongside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class MalformedHTML(AssertionError):
    """A page the service sent is not well-formed HTML."""


def assert_well_formed_html(content: bytes, path: str) -> None:
    """Parse a page strictly (HTML5 rules) and fail on the first parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        parser.parse(content)
    except html5lib.html5parser.ParseError as exc:
        line, col = parser.errors[0][0] if parser.errors else ("?", "?")
        lines = content.decode("utf-8", "replace").splitlines()
        context = lines[line - 1] if isinstance(line, int) and 0 < line <= len(lines) else ""
        raise MalformedHTML(f"{path}: malformed HTML at line {line}, column {col}: {exc}\n{context}") from exc


class CheckingClient(Client):
    """A test client that rejects every malformed HTML response it receives."""

    def request(self, **request):
        response = super().request(**request)
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and not getattr(response, "streaming", False) and response.content:
            assert_well_formed_html(response.content, request.get("PATH_INFO", ""))
        return response


@pytest.fixture
def client() -> CheckingClient:
    """Django's test client, checking every HTML page for well-formedness."""
    return CheckingClient()


@pytest.fixture
def reference_data(db):
    """Regions, LAs, codes and statistical neighbours loaded from the shipped files."""
    from notinschool.places.services import load_reference_data

    return load_reference_data()


@pytest.fixture
def demo(db):
    """The demo networks and users (with reference data); not the other apps' demo data,
    which tests that need it load themselves (see `full_demo`)."""
    from notinschool.accounts import demo as accounts_demo
    from notinschool.places import demo as places_demo

    return places_demo.load() + accounts_demo.load()


@pytest.fixture
def full_demo(db):
    """Everything `notinschool demo` loads."""
    from notinschool.demo.services import load_demo

    return load_demo()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings, request):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    if "real_password_hashing" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    """Files the tests upload go to a folder of their own, never var/uploads."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "uploads")},
        },
    }
