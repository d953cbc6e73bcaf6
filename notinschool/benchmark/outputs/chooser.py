"""The LA chooser's long lists: a checkbox and an option per LA of the network.

A national network has 153 LAs. Rendered through the design system's macros, the two lists cost
about 0.1 s of every page and most of its size, though they are the same on every page of a
network. Here the markup of each LA is written once per network (same classes, ids and labels as
the design system's checkboxes and select) and kept; a page only marks the LAs chosen.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from markupsafe import Markup, escape

from notinschool.places.selectors import Place


@functools.lru_cache(maxsize=64)
def _checkbox_parts(places: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """(code, markup up to where 'checked' goes, the rest) for each LA, ids as the design system
    numbers them: 'las', 'las-2', 'las-3'..."""
    parts = []
    for n, (code, name) in enumerate(places, start=1):
        box_id = "las" if n == 1 else f"las-{n}"
        head = (
            f'<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="{box_id}" '
            f'name="las" type="checkbox" value="{escape(code)}"'
        )
        tail = f'><label class="govuk-label govuk-checkboxes__label" for="{box_id}">{escape(name)}</label></div>\n'
        parts.append((code, head, tail))
    return tuple(parts)


@functools.lru_cache(maxsize=64)
def _option_parts(places: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    return tuple((code, f'<option value="{escape(code)}"', f">{escape(name)}</option>\n") for code, name in places)


def _joined(parts: tuple[tuple[str, str, str], ...], chosen: set[str], mark: str) -> Markup:
    # Every piece was escaped when it was made.
    return Markup("".join(head + (mark if code in chosen else "") + tail for code, head, tail in parts))  # noqa: S704


class ChooserPlaces(list):
    """The network's places (a list, as before) that can write the chooser's lists quickly."""

    @functools.cached_property
    def _key(self) -> tuple[tuple[str, str], ...]:
        return tuple((place.code, place.name) for place in self)

    def checkboxes(self, chosen: Iterable[str]) -> Markup:
        """A checkbox per LA, ticked for the LAs chosen by hand."""
        return _joined(_checkbox_parts(self._key), set(chosen), " checked")

    def options(self, selected: str) -> Markup:
        """An option per LA, the LA whose neighbours are shown selected."""
        return _joined(_option_parts(self._key), {selected}, " selected")


def chooser_places(places: list[Place]) -> ChooserPlaces:
    """The places, ready for the chooser."""
    return ChooserPlaces(places)
