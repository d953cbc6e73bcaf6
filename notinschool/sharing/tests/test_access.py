"""Sharing's own URL walk (the project-wide walk in tests/test_url_access.py covers it too, slower)."""

import pytest

from notinschool.sharing.tests import access
from tests.access_cases import PERSONAS, sign_in
from tests.test_url_access import outcome_of, url_of


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_sharing_url_as_each_persona(client, demo, persona):
    access.prepare()
    if persona != "anonymous":
        sign_in(client, persona)
    mismatches = []
    for name, (kwargs, expected) in access.EXPECTED.items():
        got = outcome_of(client.get(url_of(name, kwargs)))
        if got != expected[persona]:
            mismatches.append(f"{name}: expected {expected[persona]}, got {got}")
    assert not mismatches, f"as {persona}:\n" + "\n".join(mismatches)
