"""Walk every URL the service has and check who may open it.

Each URL name must appear in some app's `tests/access.py` EXPECTED with the outcome for every
persona; a URL added without an entry, or a view without a declared access rule, fails the suite.
"""

import importlib

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from notinschool.core.access import declared_rule
from notinschool.accounts.demo import DEMO_PASSWORD
from tests.access_cases import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, PERSONAS, SIGN_IN

# Views the frameworks generate, which cannot carry our decorator, and the rule they follow.
FRAMEWORK_VIEWS = {"api:openapi-json": "public", "api:index": "public", "api:api-root": "public"}


def access_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("notinschool."):
            try:
                yield importlib.import_module(f"{config.name}.tests.access")
            except ModuleNotFoundError as exc:
                if exc.name not in (f"{config.name}.tests", f"{config.name}.tests.access"):
                    raise


def expected_outcomes() -> dict:
    merged = {}
    for module in access_modules():
        clash = set(merged) & set(module.EXPECTED)
        assert not clash, f"{module.__name__} repeats {clash}"
        merged.update(module.EXPECTED)
    return merged


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
    expected = expected_outcomes()
    seen = set()
    for name, pattern in all_url_patterns():
        assert pattern.name, f"{pattern.pattern} has no name"
        rule = declared_rule(pattern.callback) or FRAMEWORK_VIEWS.get(name)
        assert rule, f"{name} declares no access rule (use @public or @requires)"
        assert name in expected, f"{name} has no entry in any app's tests/access.py EXPECTED"
        assert set(expected[name][1]) == set(PERSONAS), f"{name} does not say what every persona gets"
        seen.add(name)
    assert set(expected) <= seen, f"EXPECTED names URLs that no longer exist: {set(expected) - seen}"


def outcome_of(response) -> str:
    if response.status_code == 302 and "/accounts/sign-in/" in response["Location"]:
        return SIGN_IN
    codes = {200: OK, 403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED}
    return codes.get(response.status_code, str(response.status_code))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_url_as_each_persona(client, demo, persona):
    for module in access_modules():
        if hasattr(module, "prepare"):
            module.prepare()
    if persona != "anonymous":
        assert client.login(email=persona, password=DEMO_PASSWORD)
    mismatches = []
    for name, (kwargs, expected) in expected_outcomes().items():
        response = client.get(reverse(name, kwargs=kwargs or None))
        got = outcome_of(response)
        if got != expected[persona]:
            mismatches.append(f"{name}: expected {expected[persona]}, got {got}")
    assert not mismatches, f"as {persona}:\n" + "\n".join(mismatches)
