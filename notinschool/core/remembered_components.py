"""GOV.UK Frontend components rendered once for each set of parameters (ADR 0621).

A component macro of `govuk_frontend_jinja` is a pure function of its parameters: it reads no
request, no context and no global that changes. Each call still walks a dozen nested macros
(fieldset, legend, hint, label, attributes), close to a millisecond for a pair of radio buttons,
and a dashboard page made afresh calls them for every choice it offers. So the macros of those
templates are wrapped: parameters made only of dicts, lists, tuples, strings (plain or Markup),
numbers, booleans and None are frozen into a key that keeps every value's exact type (True is not
1, Markup is not str), and the HTML made for that key is kept (the last 256 per macro). Anything
else (a lazy translation, a date, an Undefined, a `{% call %}` block, keyword arguments) goes
straight to the macro, as before. What is kept depends only on the parameters, so it is the same
for every person and every version of the data.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path

import govuk_frontend_jinja
from jinja2 import Template
from jinja2.runtime import Macro
from markupsafe import Markup

COMPONENTS = os.path.join(Path(govuk_frontend_jinja.__file__).parent, "templates", "components", "")
KEPT_PER_MACRO = 256
_SCALARS = frozenset({str, Markup, int, float, bool, type(None)})


class _NotKept(Exception):
    """A parameter whose type is not one a key can hold exactly."""


def frozen(value: object) -> tuple:
    """``value`` as a hashable key holding each part's exact type; `_NotKept` for any other type."""
    kind = type(value)
    if kind in _SCALARS:
        return (kind, value)
    if kind is dict:
        # The order is kept: a macro that loops over a dict (attributes) writes them in that order.
        return (dict, tuple((frozen(k), frozen(v)) for k, v in value.items()))
    if kind is list or kind is tuple:
        return (kind, tuple(frozen(v) for v in value))
    raise _NotKept(kind.__name__)


def thawed(key: tuple) -> object:
    """The value a `frozen` key was made from: equal, of the same types, in the same order."""
    kind, value = key
    if kind is dict:
        return {thawed(k): thawed(v) for k, v in value}
    if kind is list or kind is tuple:
        return kind(thawed(v) for v in value)
    return value


def remembered(macro: Callable[..., Markup]) -> Callable[..., Markup]:
    """``macro``, keeping what it made for each set of positional parameters that can be frozen."""

    @functools.lru_cache(maxsize=KEPT_PER_MACRO)
    def made_for(key: tuple) -> Markup:
        return macro(*thawed(key))

    def call(*args: object, **kwargs: object) -> Markup:
        if kwargs:  # a {% call %} block passes `caller`; keyword use is rare: not kept
            return macro(*args, **kwargs)
        try:
            key = frozen(args)
        except _NotKept:
            return macro(*args)
        return made_for(key)

    call.made_for = made_for  # type: ignore[attr-defined]  # for tests: hits and misses
    return call


class RememberingTemplate(Template):
    """A template whose module, when it is one of GOV.UK Frontend's components, exports its
    macros wrapped by `remembered`. Other templates are untouched."""

    def make_module(self, vars=None, shared=False, locals=None):
        """The template's module (see `jinja2.Template.make_module`), its component macros kept."""
        module = super().make_module(vars, shared, locals)
        if self.filename and self.filename.startswith(COMPONENTS):
            for name, value in list(module.__dict__.items()):
                if isinstance(value, Macro):
                    setattr(module, name, remembered(value))
        return module
