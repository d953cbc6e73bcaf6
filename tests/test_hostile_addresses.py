"""Every URL the service has, with hostile values in each part of its address and its query, as
people of each kind: a refusal, a "not found" or a page, never a server error."""

import pytest
from django.urls import NoReverseMatch, reverse

from tests.test_url_access import expected_outcomes, walk_as

HOSTILE_PARTS = ["²", "9" * 40, "🙂", "'", "\x00", "a" * 300]
HOSTILE_QUERY = {
    "las": "²,9999999999999999999999",
    "group": "²",
    "period": "²",
    "page": "9" * 40,
    "q": "'; --",
    "next": "//evil.example",
    "measure": "🙂",
    "category": "²",
    "sort": "%",
    "la": "²",
}
# Signed out, a network's coordinator and an LA's officer (case-level pages): every kind of check.
PEOPLE = ["anonymous", "coordinator@south-east.example", "officer@kent.example"]


def addresses():
    """Each URL with each hostile value in place of one of its parts, and with hostile queries."""
    for name, (kwargs, _expected) in expected_outcomes().items():
        kwargs = (kwargs() if callable(kwargs) else kwargs) or {}
        plain = reverse(name, kwargs=kwargs or None)
        yield name, plain + "?" + "&".join(f"{k}={v}" for k, v in HOSTILE_QUERY.items())
        for key in kwargs:
            for hostile in HOSTILE_PARTS:
                try:
                    address = reverse(name, kwargs={**kwargs, key: hostile})
                except NoReverseMatch:  # the pattern refuses the value: no such address exists
                    continue
                yield name, address


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE)
def test_no_hostile_address_is_a_server_error(client, demo, person):
    walk_as(client, person, errors_as_responses=True)
    errors = []
    for name, address in addresses():
        response = client.get(address)
        if response.status_code >= 500:
            errors.append(f"{name}: {address[:120]} -> {response.status_code}")
    assert not errors, "\n".join(errors)
