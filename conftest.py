"""Test set-up shared by every app: an HTML-checking client and the reference data."""

import os

import html5lib
import pytest
from django.test import Client

pytest_plugins = ["tests.system.fixtures"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by tests
# alongside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Folders whose tests must all run in one process, in order, under pytest-xdist: the validation
# tests record which rules fired, and their last test checks every rule did (ADR 0116, 0022).
ONE_WORKER_FOLDERS = ("notinschool/validation/tests/",)


def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's load balancing, one test at a time, except that each of ONE_WORKER_FOLDERS
    goes to a single worker as one unit (xdist's own `loadgroup` cannot rename node ids on this
    pytest). Other distribution modes asked for on the command line are left as they are."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class OneWorkerFolders(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return next((folder for folder in ONE_WORKER_FOLDERS if nodeid.startswith(folder)), nodeid)

    return OneWorkerFolders(config, log)


# What a test asks for when it uses the suite's database (pytest-django blocks every other test
# from touching it, so a test without one of these gives the same result on any database).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def pytest_addoption(parser):
    """`--database-tests-only`: run only the tests that use the suite's database (ADR 0024)."""
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="only the tests that use the test database: the second database's stage in CI",
    )


def uses_the_database(item) -> bool:
    """Whether a collected test reads or writes the suite's database."""
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    """With --database-tests-only, set aside the tests that never touch the database: the
    first stage ran them, and DATABASE_URL cannot change what they do."""
    if not config.getoption("database_tests_only"):
        return
    kept = [item for item in items if uses_the_database(item)]
    set_aside = [item for item in items if not uses_the_database(item)]
    if set_aside:
        config.hook.pytest_deselected(items=set_aside)
    items[:] = kept


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


@pytest.fixture(autouse=True)
def _nothing_kept_from_another_test():
    """DfE's part of dashboard pages is kept per process and reference version (ADR 0616); a test
    that writes DfE's figures without the importing service must not see another test's. Nor may
    a test see the returns' figures another kept (ADR 0624): its rolled-back versions' ids are
    given again."""
    from notinschool.benchmark.data.reference_kept import forget_all
    from notinschool.returns import kept_figures

    forget_all()
    kept_figures.forget_all()
