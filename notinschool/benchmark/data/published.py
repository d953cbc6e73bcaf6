"""DfE's published figures, read through the published app's front door
(`notinschool.published.selectors`) and turned into the dashboard's `Figure`s.

Published counts are rounded by DfE and carry symbols (``x``, ``z``, ``low``, ``c``): they are
shown as published, labelled, and never pooled, ranked or tested for significance.
"""

from __future__ import annotations

from dataclasses import dataclass

from notinschool.benchmark.data.reference_kept import kept_for_reference
from notinschool.benchmark.statistics.figures import Figure, Symbol
from notinschool.periods import parse_period
from notinschool.published import selectors as published

PUBLISHED_LABEL = "published by DfE, rounded"


@dataclass(frozen=True)
class PublishedValue:
    """A published count (or symbol) with DfE's rate per 100 when it gave one."""

    figure: Figure
    rate: float | None
    rounding_base: int | None


def _symbol(text: str) -> Symbol | None:
    if not text:
        return None
    try:
        return Symbol(text)
    except ValueError:
        return Symbol.NOT_AVAILABLE  # a symbol the dashboard does not name (DfE's "u"): not available


def to_value(figure: published.PublishedValue | None) -> PublishedValue | None:
    """The dashboard's reading of one published figure (None for None)."""
    if figure is None:
        return None
    if figure.value is not None:
        shown = Figure(value=figure.value)
    else:
        shown = Figure(symbol=_symbol(figure.symbol) or Symbol.NOT_AVAILABLE)
    return PublishedValue(shown, figure.rate_per_100, figure.rounding_base)


def england(
    measure: str, period: str, category: str | None = None, *, reference_version: str | None = None
) -> PublishedValue | None:
    """England's published figure, or None; given a reference version, kept for it (ADR 0616)."""

    def read() -> PublishedValue | None:
        return to_value(published.england_value(measure=measure, period=period, category=category))

    return kept_for_reference(reference_version, ("england", measure, period, category), read)


def england_over_terms(
    measure: str, periods: list[str], *, reference_version: str | None = None
) -> dict[str, PublishedValue]:
    """England's published figure in each of ``periods`` that DfE has published (one query);
    given a reference version, kept for it."""

    def read() -> dict[str, PublishedValue]:
        return {p: to_value(f) for p, f in published.england_values(measure=measure, periods=periods).items()}

    return kept_for_reference(reference_version, ("england over terms", measure, tuple(periods)), read)


def by_la_over_terms(measure: str, periods: list[str], codes: set[str]) -> dict[tuple[str, str], PublishedValue]:
    """{(LA old code, period): published total} for these LAs over ``periods`` (one query)."""
    found = published.la_values_over_periods(measure=measure, periods=periods, la_codes=codes)
    return {key: to_value(figure) for key, figure in found.items()}


def by_la(measure: str, period: str, codes: set[str], category: str | None = None) -> dict[str, PublishedValue]:
    """Published figures for the LAs with these old codes (absent when DfE has none)."""
    found = published.la_values(measure=measure, period=period, la_codes=codes, category=category)
    return {code: to_value(figure) for code, figure in found.items()}


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
    found, current = [], parse_period(period)
    for _ in range(terms + 1):
        found.append(str(current))
        current = current.previous()
    return found


def latest_by_la(
    measures: list[str], period: str, codes: set[str], *, reference_version: str | None = None
) -> dict[tuple[str, str], PublishedAt]:
    """{(LA old code, measure): the latest published total at or before ``period``}.

    Only the term itself and the ``LOOKBACK_TERMS`` before it are searched, newest first, so a
    figure is never from a later term than the page. One query per term searched; kept per
    ``reference_version`` when given (ADR 0616): callers must not change what comes back."""
    if not codes or not measures:
        return {}
    return kept_for_reference(
        reference_version,
        ("latest by LA", tuple(measures), period, tuple(sorted(codes))),
        lambda: _latest_by_la(measures, period, codes),
    )


def _latest_by_la(measures: list[str], period: str, codes: set[str]) -> dict[tuple[str, str], PublishedAt]:
    wanted = {(code, measure) for code in codes for measure in measures}
    found: dict[tuple[str, str], PublishedAt] = {}
    for term in _terms_back(period, LOOKBACK_TERMS):
        for key, figure in published.la_totals(period=term, la_codes=codes, measures=measures).items():
            if key in wanted and key not in found:
                found[key] = PublishedAt(to_value(figure), term)
        if len(found) == len(wanted):
            break
    return found
