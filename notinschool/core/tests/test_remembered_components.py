"""GOV.UK Frontend components kept per parameters (ADR 0621): the HTML is exactly what the macro
makes, for every person and choice, and only parameters that can be keyed exactly are kept."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Template
from jinja2.runtime import Macro
from markupsafe import Markup

from notinschool.config.jinja2 import environment
from notinschool.core.remembered_components import frozen, thawed


def _environments():
    remembering = environment(autoescape=True)
    plain = environment(autoescape=True)
    plain.template_class = Template  # the same environment, components not kept
    return remembering, plain


REMEMBERING, PLAIN = _environments()


def _rank_by(checked: str) -> tuple[str, str, dict]:
    """The measure page's "Rank by" radios, with one of them checked."""
    items = [{"value": "rate", "text": "Rate"}, {"value": "count", "text": "Count"}]
    for item in items:
        if item["value"] == checked:
            item["checked"] = True
    fieldset = {"legend": {"text": "Rank by", "classes": "govuk-fieldset__legend--s"}}
    params = {"name": "order", "idPrefix": "order", "classes": "govuk-radios--small", "fieldset": fieldset}
    return ("radios", "govukRadios", params | {"items": items})


CALLS = [
    _rank_by("rate"),
    _rank_by("count"),
    (
        "select",
        "govukSelect",
        {
            "id": "breakdown",
            "name": "breakdown",
            "label": {"text": "Breakdown"},
            "items": [{"value": "", "text": "None"}, {"value": "sex", "text": "Sex & gender", "selected": True}],
        },
    ),
    (
        "checkboxes",
        "govukCheckboxes",
        {
            "name": "las",
            "errorMessage": {"text": "Choose <one> LA"},
            "hint": {"html": Markup("<strong>Up to</strong> 10")},
            "items": [{"value": "886", "text": "Kent", "checked": 1}, {"value": "936", "text": "Surrey"}],
        },
    ),
    (
        "input",
        "govukInput",
        {
            "id": "name",
            "name": "name",
            "label": {"text": "Name"},
            "value": "O'Brien <b>",
            "attributes": {"autocomplete": "off", "data-x": 3},
        },
    ),
    ("button", "govukButton", {"text": "Update", "preventDoubleClick": True}),
]


def _render(env, component: str, macro: str, params: dict) -> str:
    source = f'{{% from "govuk_frontend_jinja/components/{component}/macro.html" import {macro} %}}{{{{ {macro}(p) }}}}'
    return env.from_string(source).render(p=params)


@pytest.mark.parametrize(("component", "macro", "params"), CALLS)
def test_a_kept_component_is_exactly_what_the_macro_makes(component, macro, params):
    expected = _render(PLAIN, component, macro, params)
    assert _render(REMEMBERING, component, macro, params) == expected
    assert _render(REMEMBERING, component, macro, params) == expected  # and again, from what was kept


def test_each_choice_is_kept_apart():
    (first, second) = (_render(REMEMBERING, *call) for call in CALLS[:2])
    assert first != second
    assert 'value="rate" checked' in first and 'value="count" checked' in second


def _radios():
    return REMEMBERING.get_template("govuk_frontend_jinja/components/radios/macro.html").module.govukRadios


def _counted(params: dict, *, env=REMEMBERING) -> tuple[str, int, int]:
    """The radios rendered from a page, with the memo's new misses and hits."""
    before = _radios().made_for.cache_info()
    html = _render(env, "radios", "govukRadios", params)
    after = _radios().made_for.cache_info()
    return html, after.misses - before.misses, after.hits - before.hits


def test_the_second_call_with_the_same_parameters_is_answered_from_what_was_kept():
    first = _counted({"name": "kept", "items": [{"value": "a", "text": "A"}]})
    second = _counted({"name": "kept", "items": [{"value": "a", "text": "A"}]})  # equal, not the same
    assert first[1:] == (1, 0) and second[1:] == (0, 1)
    assert first[0] == second[0]


def test_parameters_that_cannot_be_keyed_exactly_go_straight_to_the_macro():
    html, misses, hits = _counted({"name": "when", "items": [{"value": "d", "text": datetime.date(2026, 12, 5)}]})
    assert "2026-12-05" in html
    assert (misses, hits) == (0, 0)


def test_parameters_with_much_text_go_straight_to_the_macro():
    many = [{"value": str(n), "text": f"Local authority number {n}"} for n in range(200)]
    html, misses, hits = _counted({"name": "many", "items": many})
    assert html == _render(PLAIN, "radios", "govukRadios", {"name": "many", "items": many})
    assert (misses, hits) == (0, 0)


def test_a_negative_zero_is_not_a_zero():
    for value in (0.0, -0.0, 0.0):
        params = {"id": "x", "name": "x", "label": {"text": "X"}, "items": [{"value": value, "text": "Zero"}]}
        html = _render(REMEMBERING, "select", "govukSelect", params)
        assert html == _render(PLAIN, "select", "govukSelect", params)
        assert f'value="{value}"' in html


def test_a_template_that_does_not_escape_gets_what_the_macro_gives_it():
    source = (
        '{% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}'
        '{% autoescape false %}{{ govukButton({"text": "Save"}) | e }}{% endautoescape %}'
        '{{ govukButton({"text": "Save"}) }}'
    )
    for _ in range(2):
        assert REMEMBERING.from_string(source).render() == PLAIN.from_string(source).render()


def test_a_call_block_reaches_the_macro_and_is_not_kept():
    source = (
        '{% from "govuk_frontend_jinja/components/fieldset/macro.html" import govukFieldset %}'
        '{% call govukFieldset({"legend": {"text": "Where"}}) %}<p>{{ inside }}</p>{% endcall %}'
    )
    for inside in ("first", "second"):
        html = REMEMBERING.from_string(source).render(inside=inside)
        assert html == PLAIN.from_string(source).render(inside=inside)
        assert f"<p>{inside}</p>" in html


@pytest.mark.parametrize(
    ("component", "macro"),
    [("service-navigation", "govukServiceNavigation"), ("input", "govukInput"), ("textarea", "govukTextarea")],
)
def test_components_showing_what_people_typed_or_a_form_token_are_not_kept(component, macro):
    template = REMEMBERING.get_template(f"govuk_frontend_jinja/components/{component}/macro.html")
    assert isinstance(getattr(template.module, macro), Macro)


def test_only_govuk_components_are_wrapped():
    project = REMEMBERING.from_string("{% macro shout(x) %}{{ x }}!{% endmacro %}")
    assert isinstance(project.module.shout, Macro)
    radios = REMEMBERING.get_template("govuk_frontend_jinja/components/radios/macro.html").module.govukRadios
    assert not isinstance(radios, Macro)


def test_a_key_keeps_each_values_type():
    assert frozen(True) != frozen(1)
    assert frozen(1) != frozen(1.0)
    assert frozen(-0.0) != frozen(0.0)
    assert frozen(Markup("<b>")) != frozen("<b>")
    assert frozen([1]) != frozen((1,))
    assert frozen({"a": 1, "b": 2}) != frozen({"b": 2, "a": 1})  # order is output


values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=40), st.text(max_size=40).map(Markup)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=5), inner, max_size=4),
    ),
    max_leaves=20,
)


def _typed(value):
    """The value with every part's type spelled out, to compare types as well as values."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_typed(v) for v in value])
    if isinstance(value, float):
        return ("float", value.hex())  # NaN is not equal to itself; its bits are
    return (type(value).__name__, value)


@given(values)
def test_a_key_thaws_to_the_same_value_of_the_same_types(value):
    assert _typed(thawed(frozen(value))) == _typed(value)
    assert hash(frozen(value)) == hash(frozen(thawed(frozen(value))))
