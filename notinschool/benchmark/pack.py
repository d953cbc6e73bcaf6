"""The meeting pack: one printable document for a period with the overview, each measure and a
page per LA. The same HTML is shown in the browser (with print styles) and turned into PDF by
WeasyPrint (ADR 0604), with every chart rendered on the server by vl-convert as SVG.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from django.http import HttpRequest
from django.template.loader import render_to_string

from notinschool.benchmark import downloads, selectors
from notinschool.benchmark.content import Content, measure_content, overview_content, profile_content
from notinschool.benchmark.dashboard import measure_page
from notinschool.benchmark.filters import Selection
from notinschool.benchmark.measures import dashboard_measures
from notinschool.benchmark.pages import overview_page, profile_lines, profile_tables
from notinschool.benchmark.presenters import period_label
from notinschool.places.models import Network

PRINT_CSS = Path(__file__).resolve().parent / "static" / "benchmark" / "dashboard.css"


@dataclass
class PackSection:
    """One section of the pack: a heading, a chart as an image, its summary and table."""

    heading: str
    content: Content
    image: str  # data: URI of the SVG chart
    anchor: str


def _image(spec: dict) -> str:
    svg = downloads.chart_svg(spec)
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def pack_sections(network: Network, period: str) -> tuple[PackSection, list[PackSection], list[PackSection]]:
    """The overview, every measure and every LA, each with its chart and table."""
    selection = Selection()
    overview = overview_content(overview_page(network=network, period=period, selection=selection))
    first = PackSection("Overview", overview, _image(overview.spec), "overview")
    measures = []
    for measure in dashboard_measures(period):
        page = measure_page(network=network, period=period, measure=measure, selection=selection)
        content = measure_content(page)
        measures.append(PackSection(measure.title, content, _image(content.spec), f"measure-{measure.code}"))
    tables = profile_tables(network=network, period=period)
    profiles = []
    for place in selectors.network_places(network):
        lines = profile_lines(
            tables, la_code=place.code, neighbour_codes=selectors.neighbour_codes(place.code), group_codes=[]
        )
        content = profile_content(place.name, period, lines, network.name, "")
        profiles.append(PackSection(place.name, content, "", f"la-{place.code}"))
    return first, measures, profiles


def pack_context(request: HttpRequest, network: Network, period: str) -> dict:
    """Everything the pack's templates need."""
    overview, measures, profiles = pack_sections(network, period)
    return {
        "network": network,
        "period": period,
        "period_label": period_label(period),
        "overview": overview,
        "measure_sections": measures,
        "profiles": profiles,
        "page_title": f"Meeting pack: {network.name}, {period_label(period)}",
    }


def pack_pdf_bytes(request: HttpRequest, network: Network, period: str) -> bytes:
    """The pack as PDF: the print template rendered to HTML, then laid out by WeasyPrint offline."""
    import weasyprint

    html = render_to_string("benchmark/pack_print.html", pack_context(request, network, period), request=request)
    # Only data: URIs (the charts) may be read: the pack never fetches anything over a network.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    document = weasyprint.HTML(string=html, base_url=str(PRINT_CSS.parent), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(PRINT_CSS))])
