"""The pages that state an intake's limits, in real Chromium: each says its kind's own numbers,
passes axe-core, and is screenshot at 1280 and 320 px."""

import pytest

from notinschool.intake import PUBLISHED, RETURN
from notinschool.published.tests.test_browser import signed_in_page
from notinschool.returns.tests.factories import PERIOD, open_collection
from tests.system.browser import axe_violations, describe, screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 320])
def test_upload_pages_state_the_limits_of_their_kind(page, live_server, demo, width):
    open_collection()
    page.set_viewport_size({"width": width, "height": 900})
    signed_in_page(page, live_server, "contributor@kent.example")
    page.goto(f"/returns/886/{PERIOD}/upload/")
    assert RETURN.hint in page.content() and "up to 5 MB" in page.content()
    assert page.locator("input[type=file]").get_attribute("accept") == RETURN.accept
    assert axe_violations(page) == [], describe(axe_violations(page))
    screenshot(page, f"intake-return-upload-{width}")
    signed_in_page(page, live_server, "coordinator@south-east.example")
    page.goto("/published/upload/")
    assert PUBLISHED.hint in page.content()
    assert axe_violations(page) == [], describe(axe_violations(page))
    screenshot(page, f"intake-published-upload-{width}")
