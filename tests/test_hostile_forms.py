"""Every form the service shows, sent back with hostile values in each of its fields, by people of
each kind: a page that says what is wrong, a refusal or a redirect, never a server error."""

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.urls import reverse

from tests.test_url_access import expected_outcomes, walk_as

# Longer than any column, a digit that is no number, and markup, quotes and a formula.
HOSTILE_VALUES = ["x" * 5000, "²", '🙂\'"<b>=HYPERLINK("http://evil.example")']
# Between them they see about sixty forms: the network's, the register's (case-level) and an LA's.
PEOPLE = ["coordinator@south-east.example", "officer@kent.example", "approver@kent.example", "contributor@kent.example"]
# Forms that end the session or the test's ability to go on.
SKIPPED_ACTIONS = ("/accounts/sign-out/", "/accounts/sign-in/")


class _Forms(HTMLParser):
    """The POST forms of a page: action and fields (name -> kind, choices)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file", "hidden"):
            fields.setdefault(name, ("input", []))
        elif tag == "textarea" and name:
            fields[name] = ("input", [])
        elif tag == "select" and name:
            fields[name] = ("select", [])
            self._select = name
        elif tag == "option" and self._select:
            fields[self._select][1].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def pages_with_forms(client):
    for name, (kwargs, _expected) in expected_outcomes().items():
        kwargs = (kwargs() if callable(kwargs) else kwargs) or {}
        address = reverse(name, kwargs=kwargs or None)
        response = client.get(address)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _Forms()
        parser.feed(response.content.decode(errors="replace"))
        for form in parser.forms:
            yield address, urljoin(address, form["action"]), form["fields"]


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE)
def test_no_hostile_form_is_a_server_error(client, demo, person):
    walk_as(client, person, errors_as_responses=True)
    errors = []
    for page, action, fields in list(pages_with_forms(client)):
        if action.startswith(SKIPPED_ACTIONS) or not fields:
            continue
        for hostile in HOSTILE_VALUES:
            data = {
                name: (choices[-1] if kind == "select" and choices else hostile)
                for name, (kind, choices) in fields.items()
            }
            response = client.post(action, data)
            if response.status_code >= 500:
                errors.append(f"{page} -> POST {action} {hostile[:20]!r}: {response.status_code}")
    assert not errors, "\n".join(errors)
