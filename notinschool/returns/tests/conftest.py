from tests.system.conftest import browser, page  # noqa: F401 - browser fixtures for test_browser.py
