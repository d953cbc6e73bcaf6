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


# DfE publishes once a year, every term since autumn 2022, a year or more in arrears: the page's
# own term is rarely published yet. Two academic years back covers the latest release; older
# figures are too stale to set beside this term's returns (ADR 0612).
LOOKBACK_TERMS = 6


@dataclass(frozen=True)
class PublishedAt:
    """A published figure for an LA and the term DfE published it for."""

    value: PublishedValue
    period: str


def _terms_back(period: str, terms: int) -> list[str]:
    from notinschool.validation.periods import parse_period

    found, current = [], parse_period(period)
    for _ in range(terms + 1):
        found.append(str(current))
        current = current.previous()
    return found


def latest_by_la(measures: list[str], period: str, codes: set[str]) -> dict[tuple[str, str], PublishedAt]:
    """{(LA old code, measure): the latest published total at or before ``period``}.

    Only the term itself and the ``LOOKBACK_TERMS`` before it are searched, newest first, so a
    figure is never from a later term than the page. One query per term searched."""
    module = _selectors()
    if module is None or not codes or not measures:
        return {}
    wanted = {(code, measure) for code in codes for measure in measures}
    found: dict[tuple[str, str], PublishedAt] = {}
    reader = _la_reader(module, codes, measures)
    for term in _terms_back(period, LOOKBACK_TERMS):
        for (code, measure), figure in reader(term).items():
            if (code, measure) in wanted and (code, measure) not in found:
                found[(code, measure)] = PublishedAt(to_value(figure), term)
        if len(found) == len(wanted):
            break
    return found


def _la_reader(module, codes: set[str], measures: list[str]):
    """A function giving {(code, measure): figure} for one term, in as few queries as the
    published app allows."""
    if hasattr(module, "la_figures_for"):
        from notinschool.places.models import LocalAuthority

        las = list(LocalAuthority.objects.filter(old_code__in=codes))

        def read(term: str) -> dict:
            figures = module.la_figures_for(local_authorities=las, period=term)
            return {
                (code, measure): figure
                for code, by_key in figures.items()
                for (measure, category), figure in by_key.items()
                if category is None
            }

        return read

    def read_each(term: str) -> dict:
        found = {}
        for measure in measures:
            for figure in module.published_figures(measure=measure, period=term, category="", level="local_authority"):
                found[(_place_code(figure), measure)] = figure
        return found

    return read_each
