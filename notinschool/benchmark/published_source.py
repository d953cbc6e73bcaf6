"""DfE's published figures, read through `notinschool.published.selectors` when that app has them.

The published app is built alongside this one; until its selectors exist every function here
answers "nothing published", so the dashboard still works on returns alone. Published counts
are rounded by DfE and carry symbols (``x``, ``z``, ``low``, ``c``): they are shown as published,
labelled, and never pooled, ranked or tested for significance.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from notinschool.benchmark.statistics import Figure, Symbol

PUBLISHED_LABEL = "published by DfE, rounded"


@dataclass(frozen=True)
class PublishedValue:
    """A published count (or symbol) with DfE's rate per 100 when it gave one."""

    figure: Figure
    rate: float | None
    rounding_base: int | None


def _selectors():
    try:
        module = importlib.import_module("notinschool.published.selectors")
    except ModuleNotFoundError as exc:
        if exc.name not in ("notinschool.published.selectors",):
            raise
        return None
    return module if hasattr(module, "published_figures") else None


def is_available() -> bool:
    """True when the published app can be read."""
    return _selectors() is not None


def _symbol(text) -> Symbol | None:
    if not text:
        return None
    try:
        return Symbol(str(text))
    except ValueError:
        return Symbol.NOT_AVAILABLE


def to_value(figure) -> PublishedValue | None:
    """Turn one of the published app's figures into a PublishedValue (None for None)."""
    if figure is None:
        return None
    value = getattr(figure, "value", None)
    symbol = _symbol(getattr(figure, "symbol", None))
    shown = Figure(value=value) if value is not None else Figure(symbol=symbol or Symbol.NOT_AVAILABLE)
    rate = getattr(figure, "rate_per_100", None)
    return PublishedValue(shown, float(rate) if rate is not None else None, getattr(figure, "rounding_base", None))


def england(measure: str, period: str, category: str | None = None) -> PublishedValue | None:
    """England's published figure, or None."""
    module = _selectors()
    return to_value(module.england_figure(measure, period, category)) if module else None


def _place_code(figure) -> str | None:
    la = getattr(figure, "local_authority", None)
    if la is not None:
        return la.old_code
    return getattr(figure, "place_code", None)


def by_la(measure: str, period: str, codes: set[str], category: str | None = None) -> dict[str, PublishedValue]:
    """Published figures for the LAs with these old codes (absent when DfE has none)."""
    module = _selectors()
    if module is None or not codes:
        return {}
    figures = module.published_figures(measure=measure, period=period, category=category or "", level="local_authority")
    found = {}
    for figure in figures:
        code = _place_code(figure)
        if code in codes:
            found[code] = to_value(figure)
    return found


def by_region(measure: str, period: str, category: str | None = None) -> list[tuple[str, PublishedValue]]:
    """Each region's published figure as (region name, value), in DfE's order."""
    module = _selectors()
    if module is None:
        return []
    figures = module.published_figures(measure=measure, period=period, category=category or "", level="regional")
    rows = []
    for figure in figures:
        region = getattr(figure, "region", None)
        name = region.name if region is not None else getattr(figure, "place_code", "")
        rows.append((name, to_value(figure)))
    return rows
