"""Walk every URL the service has and check who may open it.

Each URL name must appear in EXPECTED below with the outcome for every persona; a URL added
without an entry here, or a view without a declared access rule, fails the suite.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from notinschool.core.access import declared_rule
from notinschool.demo.data import DEMO_PASSWORD

PERSONAS = [
    "anonymous",
    "admin@notinschool.example",
    "coordinator@south-east.example",
    "coordinator@south-west.example",
    "contributor@kent.example",
    "approver@kent.example",
    "officer@kent.example",
    "contributor@surrey.example",
    "viewer@surrey.example",
]
SIGNED_IN = PERSONAS[1:]

OK, SIGN_IN, FORBIDDEN, NOT_ALLOWED = "ok", "sign-in", "forbidden", "method-not-allowed"


def everyone(outcome):
    return dict.fromkeys(PERSONAS, outcome)


def signed_in_only():
    return {"anonymous": SIGN_IN, **dict.fromkeys(SIGNED_IN, OK)}


def post_only_signed_in():
    return {"anonymous": SIGN_IN, **dict.fromkeys(SIGNED_IN, NOT_ALLOWED)}


# url name -> (kwargs, expected outcome of a GET for each persona)
EXPECTED = {
    "core:home": ({}, everyone(OK)),
    "core:accessibility": ({}, everyone(OK)),
    "core:cookies": ({}, everyone(OK)),
    "core:privacy": ({}, everyone(OK)),
    "accounts:sign-in": ({}, everyone(OK)),
    "accounts:sign-out": ({}, everyone(NOT_ALLOWED)),
    "accounts:signed-out": ({}, everyone(OK)),
    "places:local-authorities": ({}, everyone(OK)),
    "places:local-authority": ({"code": "E10000002"}, everyone(OK)),
    "places:comparison-groups": ({}, signed_in_only()),
    "places:comparison-group-delete": ({"group_id": 1}, post_only_signed_in()),
    "networks:home": (
        {"slug": "south-east"},
        {
            "anonymous": SIGN_IN,
            "admin@notinschool.example": OK,
            "coordinator@south-east.example": OK,
            "coordinator@south-west.example": FORBIDDEN,
            "contributor@kent.example": OK,
            "approver@kent.example": OK,
            "officer@kent.example": OK,
            "contributor@surrey.example": OK,
            "viewer@surrey.example": OK,
        },
    ),
}


def all_url_patterns(resolver=None, namespace=""):
    """Every (qualified name, pattern) the project routes, walking nested includes."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_url_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry


def test_every_url_has_a_name_a_declared_rule_and_an_expectation():
    seen = set()
    for name, pattern in all_url_patterns():
        assert pattern.name, f"{pattern.pattern} has no name"
        assert declared_rule(pattern.callback), f"{name} declares no access rule (use @public or @requires)"
        assert name in EXPECTED, f"{name} is not in tests/test_url_access.py EXPECTED"
        seen.add(name)
    assert set(EXPECTED) == seen, f"EXPECTED names URLs that no longer exist: {set(EXPECTED) - seen}"


def outcome_of(response) -> str:
    if response.status_code == 302 and "/accounts/sign-in/" in response["Location"]:
        return SIGN_IN
    return {200: OK, 403: FORBIDDEN, 405: NOT_ALLOWED}.get(response.status_code, str(response.status_code))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_url_as_each_persona(client, demo, persona):
    from django.urls import reverse

    if persona != "anonymous":
        assert client.login(email=persona, password=DEMO_PASSWORD)
    mismatches = []
    for name, (kwargs, expected) in EXPECTED.items():
        response = client.get(reverse(name, kwargs=kwargs or None))
        got = outcome_of(response)
        if got != expected[persona]:
            mismatches.append(f"{name}: expected {expected[persona]}, got {got}")
    assert not mismatches, f"as {persona}:\n" + "\n".join(mismatches)
