"""GOV.UK Frontend components rendered once for each set of parameters (ADR 0621).

A component macro of `govuk_frontend_jinja` is a pure function of its parameters and of whether the
calling template escapes its output: it reads no request, no context and no global that changes.
Each call still walks a dozen nested macros (fieldset, legend, hint, label, attributes), close to a
millisecond for a pair of radio buttons, and a dashboard page made afresh calls them for every
choice it offers. So the macros of the components of choices and navigation are wrapped: for a
template that escapes (every page here), parameters made only of dicts, lists, tuples, strings
(plain or Markup), numbers, booleans and None, with at most 4,096 characters of text, are frozen
into a key that keeps every value's exact type (True is not 1, Markup is not str, -0.0 is not 0.0),
and the HTML made for that key is kept (the last 256 per macro). Anything else (a lazy translation,
a date, an Undefined, a `{% call %}` block, keyword arguments, much text) goes straight to the
macro, as before. What is kept depends only on the parameters, so it is the same for every person
and every version of the data.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path

import govuk_frontend_jinja
from jinja2 import Environment, Template, pass_eval_context
from jinja2.nodes import EvalContext
from jinja2.runtime import Macro
from markupsafe import Markup

COMPONENTS = os.path.join(Path(govuk_frontend_jinja.__file__).parent, "templates", "components", "")
KEPT_PER_MACRO = 256
# Parameters holding more text than this are not kept: a chooser's list of every LA, or a table,
# changes with each choice, so keeping it would cost memory for nothing.
KEPT_TEXT_AT_MOST = 4096
# Only the components of choices and navigation, whose parameters are the service's own words and
# repeat from page to page. Those that show what people typed or a case's details (inputs, text
# areas, dates, summary lists, tables, banners) rarely repeat, and keeping them would hold
# people's words in memory for nothing; the header's navigation holds a form token new on every
# request.
KEPT = ("back-link", "breadcrumbs", "button", "checkboxes", "radios", "select", "skip-link", "tag")
_KEPT_PATHS = tuple(os.path.join(COMPONENTS, name, "") for name in KEPT)
_SCALARS = frozenset({str, Markup, int, bool, type(None)})


class _NotKept(Exception):
    """Parameters a key cannot hold exactly, or more text than is worth keeping."""


def frozen(value: object) -> tuple:
    """``value`` as a hashable key holding each part's exact type (a float by its exact bits, so
    -0.0 is not 0.0); `_NotKept` for any other type or for more than `KEPT_TEXT_AT_MOST`
    characters of text in all."""
    text = [0]
    return _frozen(value, text)


def _frozen(value: object, text: list[int]) -> tuple:
    kind = type(value)
    if kind in _SCALARS:
        if kind is str or kind is Markup:
            text[0] += len(value)  # type: ignore[arg-type]
            if text[0] > KEPT_TEXT_AT_MOST:
                raise _NotKept("too much text")
        return (kind, value)
    if kind is float:
        return (float, value.hex())  # type: ignore[attr-defined]
    if kind is dict:
        # The order is kept: a macro that loops over a dict (attributes) writes them in that order.
        return (dict, tuple((_frozen(k, text), _frozen(v, text)) for k, v in value.items()))  # type: ignore[attr-defined]
    if kind is list or kind is tuple:
        return (kind, tuple(_frozen(v, text) for v in value))  # type: ignore[attr-defined]
    raise _NotKept(kind.__name__)


def thawed(key: tuple) -> object:
    """The value a `frozen` key was made from: equal, of the same types, in the same order."""
    kind, value = key
    if kind is float:
        return float.fromhex(value)
    if kind is dict:
        return {thawed(k): thawed(v) for k, v in value}
    if kind is list or kind is tuple:
        return kind(thawed(v) for v in value)
    return value


def remembered(macro: Macro, environment: Environment) -> Callable[..., Markup]:
    """``macro``, keeping what it made for each set of positional parameters that can be frozen,
    when the calling template escapes its output (as every page of the service does)."""
    escaping = EvalContext(environment)
    escaping.autoescape = True

    @functools.lru_cache(maxsize=KEPT_PER_MACRO)
    def made_for(key: tuple) -> Markup:
        return macro(escaping, *thawed(key))

    # Like Jinja's own Macro, take the calling template's evaluation context when it is given:
    # whether the output is escaped depends on where the macro is called, not where it was made.
    @pass_eval_context
    def call(*args: object, **kwargs: object) -> Markup:
        context = args[0] if args and isinstance(args[0], EvalContext) else None
        if kwargs or context is None or not context.autoescape:  # a {% call %} passes `caller`
            return macro(*args, **kwargs)
        try:
            key = frozen(args[1:])
        except (_NotKept, RecursionError):
            return macro(*args)
        return made_for(key)

    call.made_for = made_for  # type: ignore[attr-defined]  # for tests: hits and misses
    return call


class RememberingTemplate(Template):
    """A template whose module, when it is one of the GOV.UK Frontend components named in `KEPT`,
    exports its macros wrapped by `remembered`. Other templates are untouched."""

    def make_module(self, vars=None, shared=False, locals=None):
        """The template's module (see `jinja2.Template.make_module`), its component macros kept."""
        module = super().make_module(vars, shared, locals)
        if self.filename and self.filename.startswith(_KEPT_PATHS):
            for name, value in list(module.__dict__.items()):
                if isinstance(value, Macro):
                    setattr(module, name, remembered(value, self.environment))
        return module
