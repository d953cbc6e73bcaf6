"""Walk every URL the service has and check who may open it.

Each URL name must appear in some app's `tests/access.py` EXPECTED with the outcome for every
persona; a URL added without an entry, or a view without a declared access rule (for API
operations: without an authentication), fails the suite.
"""

import importlib
import inspect
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from notinschool.core.access import declared_rule
from tests.access_cases import (
    BAD_REQUEST,
    FORBIDDEN,
    GONE,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    PERSONAS,
    REDIRECT,
    SIGN_IN,
    TWO_FACTOR,
    TWO_FACTOR_PERSONAS,
    UNAUTHORISED,
    sign_in,
)

# Views the frameworks generate, which cannot carry our decorator, and the rule they follow.
FRAMEWORK_VIEWS = {"api:openapi-json": "public", "api:api-root": "public", "api:index": "public"}


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


def api_rule(callback) -> str | None:
    """For a django-ninja URL, the authentication each of its operations declares.

    No authentication is the rule "public"; LATokenAuth says "api-token[:scope]". Any other
    authentication class must say what it is with a `rule` attribute, or the walk fails.
    """
    if not inspect.isfunction(callback):
        return None
    path_view = inspect.getclosurevars(callback).nonlocals.get("self")
    if path_view is None or not hasattr(path_view, "operations"):
        return None
    found = set()
    for operation in path_view.operations:
        if not operation.auth_callbacks:
            found.add("public")
        for auth in operation.auth_callbacks:
            rule = getattr(auth, "rule", None)
            assert rule, f"{callback}: {type(auth).__name__} does not declare its access rule"
            found.add(rule)
    return ",".join(sorted(found)) or None


def test_every_url_has_a_name_a_declared_rule_and_an_expectation():
    expected = expected_outcomes()
    seen = set()
    for name, pattern in all_url_patterns():
        assert pattern.name, f"{pattern.pattern} has no name"
        rule = declared_rule(pattern.callback) or api_rule(pattern.callback) or FRAMEWORK_VIEWS.get(name)
        assert rule, f"{name} declares no access rule (use @public or @requires, or auth= for the API)"
        assert name in expected, f"{name} has no entry in any app's tests/access.py EXPECTED"
        assert set(expected[name][1]) == set(PERSONAS), f"{name} does not say what every persona gets"
        seen.add(name)
    assert set(expected) <= seen, f"EXPECTED names URLs that no longer exist: {set(expected) - seen}"


def outcome_of(response) -> str:
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/sign-in/" in location:
            return SIGN_IN
        if "/accounts/two-factor/" in location:
            return TWO_FACTOR
        return REDIRECT
    codes = {200: OK, 400: BAD_REQUEST, 401: UNAUTHORISED, 403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED, 410: GONE}
    return codes.get(response.status_code, str(response.status_code))


def url_of(name: str, kwargs) -> str:
    kwargs = kwargs() if callable(kwargs) else kwargs
    return reverse(name, kwargs=kwargs or None)


def prepare_all() -> None:
    for module in access_modules():
        if hasattr(module, "prepare"):
            module.prepare()


def walk_as(client, persona: str, *, errors_as_responses: bool = False) -> None:
    """Make what every app's walk needs, and sign `persona` in (unless "anonymous").
    ``errors_as_responses``: a server error comes back as a 500 response, so a walk can list them
    all, rather than raising at the first."""
    prepare_all()
    client.raise_request_exception = not errors_as_responses
    if persona != "anonymous":
        sign_in(client, persona)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_url_as_each_persona(client, demo, persona):
    walk_as(client, persona)
    mismatches = []
    for name, (kwargs, expected) in expected_outcomes().items():
        response = client.get(url_of(name, kwargs))
        got = outcome_of(response)
        if got != expected[persona]:
            mismatches.append(f"{name}: expected {expected[persona]}, got {got}")
        repeated = repeated_ids(response)
        if repeated:
            mismatches.append(f"{name}: ids used more than once: {', '.join(sorted(repeated))}")
    assert not mismatches, f"as {persona}:\n" + "\n".join(mismatches)


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.seen: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        for attribute, value in attrs:
            if attribute == "id" and value:
                self.seen[value] += 1


def repeated_ids(response) -> set[str]:
    """The ids an HTML page uses more than once (a label or a link to one reaches the wrong element)."""
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return set()
    parser = _Ids()
    parser.feed(response.content.decode(errors="replace"))
    return {value for value, times in parser.seen.items() if times > 1}


def test_a_page_with_an_id_twice_is_found():
    from django.http import HttpResponse

    assert repeated_ids(HttpResponse('<p id="a"></p><input id="b"><label id="a">')) == {"a"}
    assert repeated_ids(HttpResponse('<p id="a"></p><p id="b"></p>')) == set()


# Pages that must stay open before the second factor: where it is given or set up, and pages
# that need no sign-in at all.
BEFORE_SECOND_FACTOR = {"accounts:two-factor", "accounts:two-factor-set-up"}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(TWO_FACTOR_PERSONAS))
def test_two_factor_personas_without_the_second_factor_are_sent_to_give_it(client, demo, persona):
    prepare_all()
    sign_in(client, persona, two_factor=False)
    mismatches = []
    for name, (kwargs, expected) in expected_outcomes().items():
        if name in BEFORE_SECOND_FACTOR or expected["anonymous"] != SIGN_IN:
            continue
        got = outcome_of(client.get(url_of(name, kwargs)))
        if got != TWO_FACTOR:
            mismatches.append(f"{name}: expected {TWO_FACTOR}, got {got}")
    assert not mismatches, f"as {persona} without two-factor:\n" + "\n".join(mismatches)
