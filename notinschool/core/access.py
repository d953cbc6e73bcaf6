"""Marks on views saying who may open them. Every URL must carry one: a test walks them all.

`public` pages need no sign-in. Other views are marked by the permission system
(`notinschool.accounts.permissions.requires`), which sets the same attribute.
"""

from collections.abc import Callable
from typing import TypeVar

View = TypeVar("View", bound=Callable)

ACCESS_ATTRIBUTE = "access_rule"
PUBLIC = "public"


def public(view: View) -> View:
    """Declare that anyone, signed in or not, may open this view."""
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def declared_rule(view: Callable) -> str | None:
    """The rule a view declared, looking through decorators that wrap it."""
    seen = set()
    current = view
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        rule = getattr(current, ACCESS_ATTRIBUTE, None)
        if rule is not None:
            return rule
        current = getattr(current, "__wrapped__", None) or getattr(current, "view_class", None)
    return None
