"""Dashboard views: glue between the request, the page builders, the templates and downloads."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import json_script
from django.views.decorators.http import require_safe
from markupsafe import Markup

from notinschool.accounts.permissions import Permission, requires
from notinschool.benchmark.caching import cached_download, cached_page
from notinschool.benchmark.data.measures import dashboard_measure, dashboard_measures, known_period, periods_collecting
from notinschool.benchmark.data.reference_kept import network_places_kept, place_in_network_kept
from notinschool.benchmark.outputs import downloads
from notinschool.benchmark.outputs.chooser import chooser_places
from notinschool.benchmark.outputs.map import areas as map_areas
from notinschool.benchmark.outputs.map import map_svg
from notinschool.benchmark.outputs.measure import measure_content
from notinschool.benchmark.outputs.overview import overview_content
from notinschool.benchmark.outputs.profile import profile_content
from notinschool.benchmark.outputs.tables import Content
from notinschool.benchmark.outputs.trend import trend_content
from notinschool.benchmark.pages import published_figures
from notinschool.benchmark.pages.measure import measure_page
from notinschool.benchmark.pages.overview import overview_page
from notinschool.benchmark.pages.profile import profile_page
from notinschool.benchmark.pages.selection import Selection, selection_from
from notinschool.benchmark.pages.trend import trend_page
from notinschool.core.presenters import one_decimal
from notinschool.core.remembered_addresses import address
from notinschool.periods import period_label
from notinschool.periods.specs import all_periods
from notinschool.places.lookups import network_from
from notinschool.places.selectors import (
    GroupRef,
    NetworkRef,
    comparison_groups_for,
    network_ref,
)
from notinschool.returns.selectors import periods_with_collections

VIEW_PERMISSION = Permission.VIEW_DASHBOARD


def _network(request: HttpRequest, network: str) -> NetworkRef:
    return network_ref(network_from(request, network))


def _groups(request: HttpRequest, network: NetworkRef) -> list[GroupRef]:
    """The person's comparison groups on the network, read once per request: the cache key and,
    on a miss, the chooser both need them."""
    remembered = getattr(request, "_comparison_groups", None)
    if remembered is None or remembered[0] != network.id:
        remembered = request._comparison_groups = (network.id, comparison_groups_for(request.user, network.id))
    return remembered[1]


def _period(period: str) -> str:
    if not known_period(period):
        raise Http404("No return specification for that period")
    return period


def _measure(period: str, code: str):
    measure = dashboard_measure(period, code)
    if measure is None:
        raise Http404("That measure is not collected in that period")
    return measure


def _collection_periods(request, network: NetworkRef) -> list[str]:
    """The periods the network has opened a collection for, newest first: read once a request
    (the trend page and the term links around every page both need them)."""
    kept = request.__dict__.setdefault("_notinschool_collection_periods", {})
    if network.id not in kept:
        kept[network.id] = periods_with_collections(network_id=network.id)
    return kept[network.id]


def _common(request, network: NetworkRef, period: str | None, selection) -> dict:
    periods = all_periods()
    with_collections = set(_collection_periods(request, network))
    return {
        "network": network,
        "period": period,
        "period_label": period_label(period) if period else "",
        "selection": selection,
        "places": chooser_places(network_places_kept(network)),
        "groups": _groups(request, network),
        "periods": [(p, period_label(p), p in with_collections) for p in reversed(periods)],
    }


def _chart_context(content: Content) -> dict:
    """The chart's specification as a JSON data block for charts.js (never executed as script)."""
    return {"content": content, "spec_script": json_script(content.spec, "chart-spec")}


SOURCE = "Source: the LAs' termly returns to the network, ONS mid-year population estimates, DfE's published figures"


def _download(content: Content, fmt: str, network: NetworkRef, selection, *parts: str) -> HttpResponse:
    """A table or chart download, named after what it holds: the network, the term, the LAs
    chosen and the table; a spreadsheet says the same in its first rows, with the source, and a
    CSV in a block at its end (ADR 0634)."""
    places = network_places_kept(network)
    names = {p.code: p.name for p in places}
    chosen = selection.describe(names) if selection.is_filtered else f"all {len(places)} LAs in {network.name}"
    about = [f"{network.name}. Local authorities: {chosen}.", SOURCE, "Downloaded from Not in School."]
    if fmt == "csv":
        body = downloads.table_csv(content.table, more=content.more, about=about)
    elif fmt == "xlsx":
        body = downloads.table_xlsx(content.table, more=content.more, about=about)
    elif fmt == "svg":
        body = downloads.chart_svg(content.spec)
    elif fmt == "png":
        body = downloads.chart_png(content.spec)
    else:
        raise Http404("Downloads come as csv, xlsx, svg or png")
    response = HttpResponse(body, content_type=downloads.CONTENT_TYPES[fmt])
    disposition = "inline" if fmt in downloads.CHART_FORMATS else "attachment"
    name = downloads.safe_filename(network.slug, *parts, content.name, _scope_name(selection))
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{fmt}"'
    return response


def _cached(request: HttpRequest, template: str, network: NetworkRef, build) -> HttpResponse:
    groups = _groups(request, network)
    return cached_page(request, template, network=network, groups=groups, build=build)


@requires(VIEW_PERMISSION, obj=network_from)
@require_safe
def index(request: HttpRequest, network: str) -> HttpResponse:
    """The network's dashboard: the latest period it has opened a collection for, or, before its
    first collection, a page saying what will appear and when (never an empty future term)."""
    found = _network(request, network)
    periods = [p for p in periods_with_collections(network_id=found.id) if known_period(p)]
    if periods:
        return redirect("benchmark:overview", network=found.slug, period=periods[0])
    return redirect("benchmark:no-collections", network=found.slug)


@requires(VIEW_PERMISSION, obj=network_from)
@require_safe
def no_collections(request: HttpRequest, network: str) -> HttpResponse:
    """What the dashboard will show once the network opens a collection (and where, if it has)."""
    found = _network(request, network)
    periods = [p for p in periods_with_collections(network_id=found.id) if known_period(p)]
    return render(
        request,
        "benchmark/no_collections.html",
        {
            "network": found,
            "latest": periods[0] if periods else None,
            "latest_label": period_label(periods[0]) if periods else "",
            "page_title": f"{found.name}: dashboard",
            "breadcrumbs": [
                {"text": found.name, "href": address("networks:home", slug=found.slug)},
                {"text": "Dashboard"},
            ],
        },
    )


@requires(VIEW_PERMISSION, obj=network_from)
@require_safe
def overview(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """A period's headline figures for the network, changes, and who has sent returns."""
    found, period = _network(request, network), _period(period)

    def build() -> dict:
        selection = selection_from(request.GET, user=request.user, network=found)
        page = overview_page(network=found, period=period, selection=selection)
        common = _common(request, found, period, selection)
        return common | {
            "page": page,
            **_chart_context(overview_content(page)),
            "measures": dashboard_measures(period),
            "profile_links": _profile_links(found.slug, period, [place.code for place in common["places"]]),
            "page_title": f"{found.name}: {period_label(period)}",
        }

    return _cached(request, "benchmark/overview.html", found, build)


@requires(VIEW_PERMISSION, obj=network_from)
@require_safe
def overview_download(request: HttpRequest, network: str, period: str, fmt: str) -> HttpResponse:
    """The overview's table or chart as CSV, XLSX, SVG or PNG."""

    def build() -> HttpResponse:
        found, chosen = _network(request, network), _period(period)
        selection = selection_from(request.GET, user=request.user, network=found)
        page = overview_page(network=found, period=chosen, selection=selection)
        return _download(overview_content(page), fmt, found, selection, chosen)

    found_network = _network(request, network)
    groups = _groups(request, found_network)
    return cached_download(request, network=found_network, groups=groups, build=build)


def _measure_content(request, network: str, period: str, measure: str):
    found, period = _network(request, network), _period(period)
    chosen = _measure(period, measure)
    selection = selection_from(request.GET, user=request.user, network=found)
    page = measure_page(network=found, period=period, measure=chosen, selection=selection)
    return found, page, published_figures.with_measure_figures(page, measure_content(page))


@requires(VIEW_PERMISSION, obj=network_from)
@require_safe
def measure(request: HttpRequest, network: str, period: str, measure: str) -> HttpResponse:
    """Every LA ranked on one measure, against the network, the median and England."""

    def build() -> dict:
        found, page, content = _measure_content(request, network, period, measure)
        return _common(request, found, page.period, page.selection) | {
            "page": page,
            **_chart_context(content),
            "published_sections": published_figures.sections_of(content),
            "measures": dashboard_measures(page.period),
            "names": page.names,
            "profile_links": _profile_links(
                found.slug, page.period, [p.code for p in page.places if p.code not in page.outside]
            ),
            "page_title": f"{page.figure_title}: {period_label(page.period)}",
        }

    return _cached(request, "benchmark/measure.html", _network(request, network), build)


@requires(VIEW_PERMISSION, obj=network_from)
@require_safe
def measure_download(request: HttpRequest, network: str, period: str, measure: str, fmt: str) -> HttpResponse:
    """The measure's table or chart as CSV, XLSX, SVG or PNG."""

    def build() -> HttpResponse:
        found, page, content = _measure_content(request, network, period, measure)
        return _download(content, fmt, found, page.selection, page.period)

    found_network = _network(request, network)
    groups = _groups(request, found_network)
    return cached_download(request, network=found_network, groups=groups, build=build)


def _map(request, network: str, period: str, measure: str):
    """The measure's rates for every LA in England, with the network's own from returns."""
    found, period = _network(request, network), _period(period)
    chosen = _measure(period, measure)
    selection = selection_from(request.GET, user=request.user, network=found)
    shapes, _height = map_areas()
    england = Selection(codes=[area.code for area in shapes], highlight=selection.highlight)
    page = measure_page(network=found, period=period, measure=chosen, selection=england)
    rates = {row.code: row.rate for row in page.shown_rows}
    names = {area.code: area.name for area in shapes}
    with_figures = sorted((row for row in page.shown_rows if row.rate is not None), key=lambda r: -r.rate)
    without = sorted(names[c] for c, rate in rates.items() if rate is None and c in names)
    title = f"{chosen.title}: rate by local authority in England, {period_label(period)}"
    description = (
        f"{len(with_figures)} of {len(shapes)} local authorities {'has' if len(with_figures) == 1 else 'have'} a rate "
        f"{page.value_unit}; {len(without)} {'has' if len(without) == 1 else 'have'} no figures for this term "
        "(DfE publishes once a year, in arrears; the network's "
        "own LAs have figures from their returns)."
    )
    svg = map_svg(
        rates,
        title=title,
        description=description,
        unit=page.value_unit,
        network_codes={p.code for p in network_places_kept(found)},
        chosen=selection.highlight,
    )
    return found, period, chosen, selection, page, svg, with_figures, without, title, description


@requires(VIEW_PERMISSION, obj=network_from)
@require_safe
def map_page(request: HttpRequest, network: str, period: str, measure: str) -> HttpResponse:
    """A map of England's LAs shaded by the measure's rate, with the same figures as a table."""

    def build() -> dict:
        found, period_, chosen, selection, page, svg, with_figures, without, title, description = _map(
            request, network, period, measure
        )
        return _common(request, found, period_, selection) | {
            "measure": chosen,
            "map_svg": Markup(svg),  # noqa: S704 - drawn by this service, every text escaped
            "map_rows": [
                (row.code, row.name + (" (provisional)" if row.source == "provisional" else ""), one_decimal(row.rate))
                for row in with_figures
            ],
            "without": without,
            "map_title": title,
            "description": description,
            "value_label": page.value_label,
            "page_title": f"Map: {title}",
        }

    return _cached(request, "benchmark/map.html", _network(request, network), build)


@requires(VIEW_PERMISSION, obj=network_from)
@require_safe
def map_download(request: HttpRequest, network: str, period: str, measure: str, fmt: str) -> HttpResponse:
    """The map as SVG or PNG."""
    if fmt not in downloads.CHART_FORMATS:
        raise Http404("The map comes as svg or png")

    def build() -> HttpResponse:
        found, period_, chosen, selection, *_, svg, _with, _without, _title, _description = _map(
            request, network, period, measure
        )
        body = svg.encode("utf-8") if fmt == "svg" else downloads.svg_png(svg)
        response = HttpResponse(body, content_type=downloads.CONTENT_TYPES[fmt])
        name = downloads.safe_filename(found.slug, period_, chosen.code, "map-of-england", selection.highlight)
        response["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
        return response

    found_network = _network(request, network)
    groups = _groups(request, found_network)
    return cached_download(request, network=found_network, groups=groups, build=build)


def _trend(request, network: str, measure: str):
    found = _network(request, network)
    periods = periods_collecting(measure)
    if not periods:
        raise Http404("No period collects that measure")
    with_collections = _collection_periods(request, found)
    latest = with_collections[0] if with_collections else periods[-1]
    shown = [p for p in periods if p <= latest] or periods  # period codes sort in time order
    selection = selection_from(request.GET, user=request.user, network=found)
    page = trend_page(network=found, measure=_measure(shown[-1], measure), periods=shown, selection=selection)
    return found, page, published_figures.with_trend_figures(page, trend_content(page))


@requires(VIEW_PERMISSION, obj=network_from)
@require_safe
def trend(request: HttpRequest, network: str, measure: str) -> HttpResponse:
    """A measure over terms for the network, England and the chosen LAs."""

    def build() -> dict:
        found, page, content = _trend(request, network, measure)
        return _common(request, found, page.periods[-1], page.selection) | {
            "page": page,
            **_chart_context(content),
            "published_sections": published_figures.sections_of(content),
            "names": {p.code: p.name for p in page.places},
            "page_title": f"{page.measure.title} over terms",
        }

    return _cached(request, "benchmark/trend.html", _network(request, network), build)


@requires(VIEW_PERMISSION, obj=network_from)
@require_safe
def trend_download(request: HttpRequest, network: str, measure: str, fmt: str) -> HttpResponse:
    """The trend's table or chart as CSV, XLSX, SVG or PNG."""

    def build() -> HttpResponse:
        found, page, content = _trend(request, network, measure)
        return _download(content, fmt, found, page.selection)

    found_network = _network(request, network)
    groups = _groups(request, found_network)
    return cached_download(request, network=found_network, groups=groups, build=build)


def _profile(request, network: str, period: str, la: str):
    found, period = _network(request, network), _period(period)
    place = place_in_network_kept(found, la)
    if place is None:
        raise Http404("That LA is not in this network")
    selection = selection_from(request.GET, user=request.user, network=found)
    page = profile_page(network=found, period=period, la=place, selection=selection)
    return found, place, page, published_figures.with_profile_figures(page, place, profile_content(page))


def _profile_links(network: str, period: str, codes: list[str]) -> dict[str, str]:
    """{LA code: its profile's address}. Reversed once, the LA's part filled in for each: a
    national table links 153 LAs, and reversing each cost a few milliseconds a page."""
    prefix = address("benchmark:profile", network=network, period=period, la="0")[: -len("0/")]
    return {code: f"{prefix}{quote(code, safe='')}/" for code in codes}


@requires(VIEW_PERMISSION, obj=network_from)
@require_safe
def profile(request: HttpRequest, network: str, period: str, la: str) -> HttpResponse:
    """One LA across every measure, against the network, its neighbours and a chosen group."""

    def build() -> dict:
        found, place, page, content = _profile(request, network, period, la)
        return _common(request, found, page.period, page.selection) | {
            "la": place,
            "page": page,
            "populations": page.populations,
            **_chart_context(content),
            "page_title": f"{place.name}: {period_label(page.period)}",
        }

    return _cached(request, "benchmark/profile.html", _network(request, network), build)


@requires(VIEW_PERMISSION, obj=network_from)
@require_safe
def profile_download(request: HttpRequest, network: str, period: str, la: str, fmt: str) -> HttpResponse:
    """The LA profile's tables or chart as CSV, XLSX, SVG or PNG."""

    def build() -> HttpResponse:
        found, place, page, content = _profile(request, network, period, la)
        return _download(content, fmt, found, page.selection, page.period, place.code)

    found_network = _network(request, network)
    groups = _groups(request, found_network)
    return cached_download(request, network=found_network, groups=groups, build=build)


def _scope_name(selection) -> str:
    """The LAs chosen, for a file name: the group's name, an LA and its neighbours, or how many."""
    if selection.group_name:
        return selection.group_name
    if selection.neighbours_of:
        return f"{selection.neighbours_of}-and-neighbours"
    return f"{len(selection.codes)}-chosen-las" if selection.codes else ""
