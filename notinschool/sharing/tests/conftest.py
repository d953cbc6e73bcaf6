"""Browser fixtures for sharing's system tests."""

from tests.system.conftest import browser, page  # noqa: F401
