"""Dashboard views: glue between the request, the page builders, the templates and downloads."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import json_script
from django.views.decorators.http import require_safe

from notinschool.accounts.permissions import Permission, requires
from notinschool.benchmark import downloads, selectors
from notinschool.benchmark.caching import cached_download, cached_page
from notinschool.benchmark.content import Content, measure_content, overview_content, trend_content
from notinschool.benchmark.dashboard import measure_page
from notinschool.benchmark.filters import selection_from
from notinschool.benchmark.measures import dashboard_measure, dashboard_measures, known_period, periods_collecting
from notinschool.benchmark.pack import pack_context, pack_pdf_bytes
from notinschool.benchmark.pages import overview_page, trend_page
from notinschool.benchmark.presenters import period_label
from notinschool.benchmark.profile_content import profile_content
from notinschool.benchmark.profiles import profile_page
from notinschool.places.models import Network
from notinschool.places.selectors import la_by_code, network_by_slug
from notinschool.validation.specs import all_periods

VIEW_PERMISSION = Permission.VIEW_DASHBOARD


def _network(request: HttpRequest, network: str, **kwargs) -> Network:
    # The permission check and the view both ask for the network: fetch it once per request.
    remembered = getattr(request, "_dashboard_network", None)
    if remembered is not None and remembered.slug == network:
        return remembered
    found = network_by_slug(network)
    if found is None:
        raise Http404("No such network")
    request._dashboard_network = found
    return found


def _period(period: str) -> str:
    if not known_period(period):
        raise Http404("No return specification for that period")
    return period


def _measure(period: str, code: str):
    measure = dashboard_measure(period, code)
    if measure is None:
        raise Http404("That measure is not collected in that period")
    return measure


def _common(request, network: Network, period: str | None, selection) -> dict:
    periods = all_periods()
    with_collections = set(selectors.periods_with_collections(network))
    return {
        "network": network,
        "period": period,
        "period_label": period_label(period) if period else "",
        "selection": selection,
        "places": selectors.network_places(network),
        "groups": selectors.comparison_groups_for(request.user, network),
        "periods": [(p, period_label(p), p in with_collections) for p in reversed(periods)],
    }


def _chart_context(content: Content) -> dict:
    """The chart's specification as a JSON data block for charts.js (never executed as script)."""
    return {"content": content, "spec_script": json_script(content.spec, "chart-spec")}


def _download(content: Content, fmt: str, *parts: str) -> HttpResponse:
    if fmt == "csv":
        body = downloads.table_csv(content.table, more=content.more)
    elif fmt == "xlsx":
        body = downloads.table_xlsx(content.table, more=content.more)
    elif fmt == "svg":
        body = downloads.chart_svg(content.spec)
    elif fmt == "png":
        body = downloads.chart_png(content.spec)
    else:
        raise Http404("Downloads come as csv, xlsx, svg or png")
    response = HttpResponse(body, content_type=downloads.CONTENT_TYPES[fmt])
    disposition = "inline" if fmt in downloads.CHART_FORMATS else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{downloads.safe_filename(*parts, content.name)}.{fmt}"'
    return response


def _cached(request: HttpRequest, template: str, network: Network, view: str, build) -> HttpResponse:
    groups = selectors.comparison_groups_for(request.user, network)
    return cached_page(request, template, network=network, view=view, groups=groups, build=build)


@requires(VIEW_PERMISSION, obj=_network)
@require_safe
def index(request: HttpRequest, network: str) -> HttpResponse:
    """The network's dashboard: the latest period it has opened a collection for, or, before its
    first collection, a page saying what will appear and when (never an empty future term)."""
    found = _network(request, network)
    periods = [p for p in selectors.periods_with_collections(found) if known_period(p)]
    if periods:
        return redirect("benchmark:overview", network=found.slug, period=periods[0])
    return redirect("benchmark:no-collections", network=found.slug)


@requires(VIEW_PERMISSION, obj=_network)
@require_safe
def no_collections(request: HttpRequest, network: str) -> HttpResponse:
    """What the dashboard will show once the network opens a collection (and where, if it has)."""
    found = _network(request, network)
    periods = [p for p in selectors.periods_with_collections(found) if known_period(p)]
    return render(
        request,
        "benchmark/no_collections.html",
        {
            "network": found,
            "latest": periods[0] if periods else None,
            "latest_label": period_label(periods[0]) if periods else "",
            "page_title": f"{found.name}: dashboard",
            "breadcrumbs": [
                {"text": found.name, "href": reverse("networks:home", kwargs={"slug": found.slug})},
                {"text": "Dashboard"},
            ],
        },
    )


@requires(VIEW_PERMISSION, obj=_network)
@require_safe
def overview(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """A period's headline figures for the network, changes, and who has sent returns."""
    found, period = _network(request, network), _period(period)

    def build() -> dict:
        selection = selection_from(request.GET, user=request.user, network=found)
        page = overview_page(network=found, period=period, selection=selection)
        return _common(request, found, period, selection) | {
            "page": page,
            **_chart_context(overview_content(page)),
            "measures": dashboard_measures(period),
            "page_title": f"{found.name}: {period_label(period)}",
        }

    return _cached(request, "benchmark/overview.html", found, "overview", build)


@requires(VIEW_PERMISSION, obj=_network)
@require_safe
def overview_download(request: HttpRequest, network: str, period: str, fmt: str) -> HttpResponse:
    """The overview's table or chart as CSV, XLSX, SVG or PNG."""

    def build() -> HttpResponse:
        found, chosen = _network(request, network), _period(period)
        selection = selection_from(request.GET, user=request.user, network=found)
        page = overview_page(network=found, period=chosen, selection=selection)
        return _download(overview_content(page), fmt, found.slug, chosen)

    found_network = _network(request, network)
    groups = selectors.comparison_groups_for(request.user, found_network)
    return cached_download(request, network=found_network, view="overview_download", groups=groups, build=build)


def _measure_content(request, network: str, period: str, measure: str):
    found, period = _network(request, network), _period(period)
    chosen = _measure(period, measure)
    selection = selection_from(request.GET, user=request.user, network=found)
    page = measure_page(network=found, period=period, measure=chosen, selection=selection)
    return found, page, measure_content(page)


@requires(VIEW_PERMISSION, obj=_network)
@require_safe
def measure(request: HttpRequest, network: str, period: str, measure: str) -> HttpResponse:
    """Every LA ranked on one measure, against the network, the median and England."""

    def build() -> dict:
        found, page, content = _measure_content(request, network, period, measure)
        return _common(request, found, page.period, page.selection) | {
            "page": page,
            **_chart_context(content),
            "measures": dashboard_measures(page.period),
            "names": page.names,
            "profile_links": {
                p.code: reverse(
                    "benchmark:profile", kwargs={"network": found.slug, "period": page.period, "la": p.code}
                )
                for p in page.places
                if p.code not in page.outside
            },
            "page_title": f"{page.figure_title}: {period_label(page.period)}",
        }

    return _cached(request, "benchmark/measure.html", _network(request, network), "measure", build)


@requires(VIEW_PERMISSION, obj=_network)
@require_safe
def measure_download(request: HttpRequest, network: str, period: str, measure: str, fmt: str) -> HttpResponse:
    """The measure's table or chart as CSV, XLSX, SVG or PNG."""

    def build() -> HttpResponse:
        found, page, content = _measure_content(request, network, period, measure)
        return _download(content, fmt, found.slug, page.period)

    found_network = _network(request, network)
    groups = selectors.comparison_groups_for(request.user, found_network)
    return cached_download(request, network=found_network, view="measure_download", groups=groups, build=build)


def _trend(request, network: str, measure: str):
    found = _network(request, network)
    periods = periods_collecting(measure)
    if not periods:
        raise Http404("No period collects that measure")
    with_collections = selectors.periods_with_collections(found)
    latest = with_collections[0] if with_collections else periods[-1]
    shown = [p for p in periods if p <= latest] or periods  # period codes sort in time order
    selection = selection_from(request.GET, user=request.user, network=found)
    page = trend_page(network=found, measure=_measure(shown[-1], measure), periods=shown, selection=selection)
    return found, page, trend_content(page)


@requires(VIEW_PERMISSION, obj=_network)
@require_safe
def trend(request: HttpRequest, network: str, measure: str) -> HttpResponse:
    """A measure over terms for the network, England and the chosen LAs."""

    def build() -> dict:
        found, page, content = _trend(request, network, measure)
        return _common(request, found, page.periods[-1], page.selection) | {
            "page": page,
            **_chart_context(content),
            "names": {p.code: p.name for p in page.places},
            "page_title": f"{page.measure.title} over terms",
        }

    return _cached(request, "benchmark/trend.html", _network(request, network), "trend", build)


@requires(VIEW_PERMISSION, obj=_network)
@require_safe
def trend_download(request: HttpRequest, network: str, measure: str, fmt: str) -> HttpResponse:
    """The trend's table or chart as CSV, XLSX, SVG or PNG."""

    def build() -> HttpResponse:
        found, _page, content = _trend(request, network, measure)
        return _download(content, fmt, found.slug)

    found_network = _network(request, network)
    groups = selectors.comparison_groups_for(request.user, found_network)
    return cached_download(request, network=found_network, view="trend_download", groups=groups, build=build)


def _profile(request, network: str, period: str, la: str):
    found, period = _network(request, network), _period(period)
    local_authority = la_by_code(la)
    if local_authority is None or not found.local_authorities.filter(id=local_authority.id).exists():
        raise Http404("That LA is not in this network")
    selection = selection_from(request.GET, user=request.user, network=found)
    place = selectors.places_of([local_authority])[0]
    page = profile_page(network=found, period=period, la=place, selection=selection)
    return found, local_authority, page, profile_content(page)


@requires(VIEW_PERMISSION, obj=_network)
@require_safe
def profile(request: HttpRequest, network: str, period: str, la: str) -> HttpResponse:
    """One LA across every measure, against the network, its neighbours and a chosen group."""

    def build() -> dict:
        found, local_authority, page, content = _profile(request, network, period, la)
        return _common(request, found, page.period, page.selection) | {
            "la": local_authority,
            "page": page,
            "populations": page.populations,
            **_chart_context(content),
            "page_title": f"{local_authority.name}: {period_label(page.period)}",
        }

    return _cached(request, "benchmark/profile.html", _network(request, network), "profile", build)


@requires(VIEW_PERMISSION, obj=_network)
@require_safe
def profile_download(request: HttpRequest, network: str, period: str, la: str, fmt: str) -> HttpResponse:
    """The LA profile's tables or chart as CSV, XLSX, SVG or PNG."""

    def build() -> HttpResponse:
        found, local_authority, page, content = _profile(request, network, period, la)
        return _download(content, fmt, found.slug, page.period, local_authority.old_code)

    found_network = _network(request, network)
    groups = selectors.comparison_groups_for(request.user, found_network)
    return cached_download(request, network=found_network, view="profile_download", groups=groups, build=build)


@requires(VIEW_PERMISSION, obj=_network)
@require_safe
def pack_html(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """The meeting pack as one printable page."""
    found, period = _network(request, network), _period(period)
    return render(request, "benchmark/pack.html", pack_context(request, found, period))


@requires(VIEW_PERMISSION, obj=_network)
@require_safe
def pack_pdf(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """The meeting pack as PDF: the overview, each measure, and a page per LA."""
    found, period = _network(request, network), _period(period)
    body = pack_pdf_bytes(request, found, period)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{downloads.safe_filename(found.slug, period, "meeting-pack")}.pdf"'
    )
    return response
