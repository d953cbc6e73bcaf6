"""Reads for published figures. The dashboard calls these; only current figures are returned
(a later release of the same statistics supersedes the older figures).

`category=None` in the single-figure reads means the total (a figure with no category); in
`published_figures` it means every category.

Other apps read published figures through the plain values at the end of this module
(`PublishedValue`, `england_value`, `la_values`, `la_totals`), never through the models.
"""

import functools
import operator
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from notinschool.places.models import LocalAuthority
from notinschool.places.selectors import la_by_code
from notinschool.published.geography import ENGLAND
from notinschool.published.mapping import shipped_mapping
from notinschool.published.models import Level, Publication, PublishedFigure, PublishedRelease


def _current() -> QuerySet[PublishedFigure]:
    return PublishedFigure.objects.filter(is_current=True).select_related("region", "local_authority", "release")


def published_figures(
    *, measure: str, period: str, category: str | None = None, level: str | None = None
) -> list[PublishedFigure]:
    """Every current published figure for a measure and period: England, regions and LAs
    (or one `level`: national, regional, local_authority), for one category or all."""
    figures = _current().filter(measure=measure, period=period)
    if category is not None:
        figures = figures.filter(category=category)
    if level is not None:
        figures = figures.filter(level=level)
    return list(figures.order_by("level", "place_code", "category"))


def _one(figures: QuerySet[PublishedFigure], category: str | None) -> PublishedFigure | None:
    return figures.filter(category=category or "").first()


def england_figure(measure: str, period: str, category: str | None = None) -> PublishedFigure | None:
    """England's current published figure, or None when DfE has not published it."""
    return _one(_current().filter(measure=measure, period=period, level=Level.NATIONAL, place_code=ENGLAND), category)


def region_figure(region_code: str, measure: str, period: str, category: str | None = None) -> PublishedFigure | None:
    """A region's (or Inner or Outer London's) current published figure, by region code."""
    figures = _current().filter(
        measure=measure, period=period, level=Level.REGIONAL, place_code=region_code.strip().upper()
    )
    return _one(figures, category)


def la_figure(
    la: LocalAuthority | str, measure: str, period: str, category: str | None = None
) -> PublishedFigure | None:
    """An LA's current published figure; `la` is an LA or any of its codes."""
    found = la_by_code(la) if isinstance(la, str) else la
    if found is None:
        return None
    return _one(_current().filter(measure=measure, period=period, local_authority=found), category)


def la_figures_for(*, local_authorities, period: str) -> dict[str, dict[tuple[str, str | None], PublishedFigure]]:
    """Every current published figure of these LAs for a period, keyed by LA old code and then
    (measure, category or None), as the returns app keys approved figures."""
    result: dict[str, dict[tuple[str, str | None], PublishedFigure]] = {}
    figures = PublishedFigure.objects.filter(
        is_current=True, period=period, local_authority__in=list(local_authorities)
    ).select_related("local_authority")
    for figure in figures:
        result.setdefault(figure.place_code, {})[(figure.measure, figure.category or None)] = figure
    return result


def periods_with_la_figures() -> list[str]:
    """The periods for which DfE's current figures include LAs, newest first."""
    found = _current().filter(level=Level.LOCAL_AUTHORITY).values_list("period", flat=True).distinct()
    return sorted(set(found), reverse=True)


def earlier_la_figures_for(
    *, local_authorities, period: str
) -> dict[str, dict[tuple[str, str | None], tuple[tuple[int | None, str], ...]]]:
    """DfE's superseded figures of these LAs for a period, oldest release first, keyed as
    `la_figures_for`: each a (value, symbol) pair. What reconciliation needs to say "revised"."""
    result: dict[str, dict[tuple[str, str | None], list[tuple[int | None, str]]]] = {}
    rows = (
        PublishedFigure.objects.filter(is_current=False, period=period, local_authority__in=list(local_authorities))
        .order_by("release__imported_at", "release_id")
        .values_list("place_code", "measure", "category", "value", "symbol")
    )
    for place_code, measure, category, value, symbol in rows:
        result.setdefault(place_code, {}).setdefault((measure, category or None), []).append((value, symbol))
    return {code: {key: tuple(found) for key, found in figures.items()} for code, figures in result.items()}


def releases() -> QuerySet[PublishedRelease]:
    """Every imported release, newest first, with who imported it."""
    return PublishedRelease.objects.select_related("imported_by", "superseded_by").order_by("-imported_at", "-id")


def release_by_hash(content_hash: str) -> PublishedRelease | None:
    """The release imported from the file with this SHA-256."""
    return releases().filter(content_hash=content_hash.lower()).first()


def headline_figures(release: PublishedRelease, measure: str) -> dict[str, list[PublishedFigure]]:
    """England's and the regions' figures for a measure in a release, by period."""
    figures = (
        release.figures.filter(measure=measure, category="", level__in=[Level.NATIONAL, Level.REGIONAL])
        .select_related("region")
        .order_by("period", "level", "place_code")
    )
    by_period: dict[str, list[PublishedFigure]] = {}
    for figure in figures:
        by_period.setdefault(figure.period, []).append(figure)
    return by_period


# --- Other apps' front door: plain values only ----------------------------------------------


@dataclass(frozen=True)
class PublishedValue:
    """One current published figure as plain values: a rounded count, or DfE's symbol saying why
    there is none (``value`` is None exactly when ``symbol`` is set), and DfE's rate per 100 when
    it gave one."""

    place_code: str  # the LA's old code, or the region's code
    measure: str
    category: str | None  # None for a total
    period: str
    value: int | None
    symbol: str
    rate_per_100: float | None
    rounding_base: int
    level: str = ""  # national, regional or local_authority
    region_code: str = ""  # an LA's region (Inner or Outer London for London boroughs)
    percent: float | None = None
    percent_symbol: str = ""
    rate_symbol: str = ""


# The fields a PublishedValue is made from, in `_value`'s order: read as plain rows, because a
# page may read thousands of figures and making a model instance of each cost more than the query.
_VALUE_FIELDS = (
    "place_code", "measure", "category", "period", "value", "symbol", "rate_per_100", "rounding_base", "level",
    "percent", "percent_symbol", "rate_symbol",
)  # fmt: skip


def _value(
    place_code, measure, category, period, value, symbol, rate, rounding_base, level, percent, percent_symbol,
    rate_symbol, region_code=None,
) -> PublishedValue:  # fmt: skip
    return PublishedValue(
        place_code=place_code,
        measure=measure,
        category=category or None,
        period=period,
        value=value,
        symbol=symbol,
        rate_per_100=float(rate) if rate is not None else None,
        rounding_base=rounding_base,
        level=level,
        region_code=region_code or "",
        percent=float(percent) if percent is not None else None,
        percent_symbol=percent_symbol,
        rate_symbol=rate_symbol,
    )


def _current_figures(**lookups) -> QuerySet[PublishedFigure]:
    return PublishedFigure.objects.filter(is_current=True, **lookups).order_by("level", "place_code", "category")


def _values(figures: QuerySet[PublishedFigure], *, with_region: bool = False) -> list[PublishedValue]:
    """The figures as PublishedValues (with an LA's region code when asked), in their order."""
    fields = (*_VALUE_FIELDS, "region__code") if with_region else _VALUE_FIELDS
    return [_value(*row) for row in figures.values_list(*fields)]


def england_value(*, measure: str, period: str, category: str | None = None) -> PublishedValue | None:
    """England's current published figure for a measure (a total when ``category`` is None)."""
    found = _values(
        _current_figures(
            measure=measure, period=period, category=category or "", level=Level.NATIONAL, place_code=ENGLAND
        )[:1]
    )
    return found[0] if found else None


def la_values(
    *, measure: str, period: str, la_codes: Iterable[str], category: str | None = None
) -> dict[str, PublishedValue]:
    """{LA old code: current published figure} for these LAs (absent where DfE published none),
    for a measure's total or one of its categories. One query."""
    codes = set(la_codes)
    if not codes:
        return {}
    figures = _current_figures(
        measure=measure, period=period, category=category or "", level=Level.LOCAL_AUTHORITY, place_code__in=codes
    )
    return {figure.place_code: figure for figure in _values(figures)}


def la_totals(
    *, period: str, la_codes: Iterable[str], measures: Iterable[str]
) -> dict[tuple[str, str], PublishedValue]:
    """{(LA old code, measure): current published total} of these LAs for one period (absent
    where DfE published none). One query."""
    codes, wanted = set(la_codes), set(measures)
    if not codes or not wanted:
        return {}
    figures = _current_figures(
        period=period, category="", level=Level.LOCAL_AUTHORITY, place_code__in=codes, measure__in=wanted
    )
    return {(figure.place_code, figure.measure): figure for figure in _values(figures)}


def england_values(*, measure: str, periods: Iterable[str], category: str | None = None) -> dict[str, PublishedValue]:
    """{period: England's current published figure} for a measure over several periods (absent
    where DfE published none). One query, for pages that show a measure over terms."""
    figures = _current_figures(
        measure=measure, period__in=list(periods), category=category or "", level=Level.NATIONAL, place_code=ENGLAND
    )
    found: dict[str, PublishedValue] = {}
    for figure in _values(figures):
        found.setdefault(figure.period, figure)  # as england_value: the first in its order
    return found


def la_values_over_periods(
    *, measure: str, periods: Iterable[str], la_codes: Iterable[str]
) -> dict[tuple[str, str], PublishedValue]:
    """{(LA old code, period): current published total} of these LAs for a measure over several
    periods (absent where DfE published none). One query."""
    codes = set(la_codes)
    if not codes:
        return {}
    figures = _current_figures(
        measure=measure, period__in=list(periods), category="", level=Level.LOCAL_AUTHORITY, place_code__in=codes
    )
    return {(figure.place_code, figure.period): figure for figure in _values(figures)}


@functools.cache
def academic_year_measures() -> frozenset[str]:
    """Measures DfE publishes for the academic year (EHE and CME at any point, starts, returns,
    s437 notices, SAOs issued and revoked, starts by previous school type), not for a term."""
    mapping = shipped_mapping()
    yearly = (Publication.EHE_ACADEMIC_YEAR, Publication.CME_ACADEMIC_YEAR)
    return frozenset(target.measure for code in yearly for target in mapping.for_publication(code).columns.values())


def published_period(measure: str, period: str) -> str:
    """The period DfE publishes a measure for, for a term's page: the term itself, or its
    academic year (2024-25) for a measure DfE publishes only for the academic year."""
    return period[:7] if measure in academic_year_measures() else period


def england_periods_of(measures: Iterable[str]) -> dict[str, list[str]]:
    """{measure: every period, oldest first, for which DfE's current figures hold England's figure
    for the measure} (a measure DfE has published nothing for is absent). One query for any
    number of measures, for a page with a section per measure."""
    found: dict[str, list[str]] = {}
    pairs = (
        PublishedFigure.objects.filter(is_current=True, measure__in=set(measures), level=Level.NATIONAL)
        .order_by("measure", "period")
        .values_list("measure", "period")
        .distinct()
    )
    for measure, period in pairs:
        found.setdefault(measure, []).append(period)
    return found


def latest_of(periods: Iterable[str], *, up_to: str) -> str | None:
    """The latest of `periods` no later than `up_to` (None when there is none): period codes sort
    in time order. With `england_periods_of`, the latest period DfE has published a measure for."""
    return max((period for period in periods if period <= up_to), default=None)


def place_values_of(
    pairs: Iterable[tuple[str, str]], *, category: str | None = None
) -> dict[tuple[str, str], list[PublishedValue]]:
    """{(measure, period): every current published figure for the measure's total (or one
    category) in the period: England, every region and every LA, each with its level and an
    LA's region} (a pair with no figures is absent). One query for any number of pairs, for a
    page with a section per term or per measure."""
    wanted = set(pairs)
    if not wanted:
        return {}
    which = functools.reduce(operator.or_, (Q(measure=measure, period=period) for measure, period in sorted(wanted)))
    figures = _current_figures(category=category or "").filter(which)
    found: dict[tuple[str, str], list[PublishedValue]] = {}
    for value in _values(figures, with_region=True):
        found.setdefault((value.measure, value.period), []).append(value)
    return found
