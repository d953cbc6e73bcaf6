"""Reads for published figures. The dashboard calls these; only current figures are returned
(a later release of the same statistics supersedes the older figures).

`category=None` in the single-figure reads means the total (a figure with no category); in
`published_figures` it means every category.
"""

from django.db.models import QuerySet

from notinschool.places.models import LocalAuthority
from notinschool.places.selectors import la_by_code
from notinschool.published.geography import ENGLAND
from notinschool.published.models import Level, PublishedFigure, PublishedRelease


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
    if isinstance(la, str):
        la = la_by_code(la)
        if la is None:
            return None
    return _one(_current().filter(measure=measure, period=period, local_authority=la), category)


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
