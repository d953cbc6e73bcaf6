"""The meeting pack: one printable document for a period with the overview, each measure and a
page per LA. The same HTML is shown in the browser (with print styles) and turned into PDF by
headless Chromium when the server has it, else by WeasyPrint (ADRs 0604 and 0610), with every
chart rendered on the server by vl-convert as SVG.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string

from notinschool.benchmark import downloads, selectors
from notinschool.benchmark.content import Content, measure_content, overview_content
from notinschool.benchmark.dashboard import measure_page
from notinschool.benchmark.filters import Selection
from notinschool.benchmark.measures import dashboard_measures
from notinschool.benchmark.pages import overview_page
from notinschool.benchmark.presenters import period_label
from notinschool.benchmark.profile_content import profile_content
from notinschool.benchmark.profiles import profile_page, profile_tables, published_for
from notinschool.places.models import Network

PRINT_CSS = Path(__file__).resolve().parent / "static" / "benchmark" / "dashboard.css"


@dataclass
class PackSection:
    """One section of the pack: a heading, a chart as an image, its summary and table."""

    heading: str
    content: Content
    image: str  # data: URI of the SVG chart
    anchor: str


CHART_CACHE_SECONDS = 60 * 60
CHROMIUM_TIMEOUT_SECONDS = 120
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
    # The pack holds only data: URIs; nothing it prints may reach any network.
    "--host-resolver-rules=MAP * ~NOTFOUND", "--no-pdf-header-footer",
]  # fmt: skip


def _image(spec: dict) -> str:
    """The chart as an SVG data: URI, from the cache when the same chart was drawn before."""
    key = "chart-svg:" + hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
    uri = cache.get(key)
    if uri is None:
        svg = downloads.chart_svg(spec)
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
        cache.set(key, uri, CHART_CACHE_SECONDS)
    return uri


def _images(specs: list[dict]) -> list[str]:
    # vl-convert releases the GIL while it draws, so two threads use both cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(_image, specs))


def pack_sections(network: Network, period: str) -> tuple[PackSection, list[PackSection], list[PackSection]]:
    """The overview, every measure and every LA, each with its chart and table."""
    selection = Selection()
    overview = overview_content(overview_page(network=network, period=period, selection=selection))
    chosen = dashboard_measures(period)
    contents = [
        measure_content(measure_page(network=network, period=period, measure=measure, selection=selection))
        for measure in chosen
    ]
    tables = profile_tables(network=network, period=period)
    places = selectors.network_places(network)
    codes = {place.code for place in places}
    neighbours = {place.code: selectors.neighbour_codes(place.code) for place in places}
    # DfE's figures for every neighbour outside the pooled figures, read once for the whole pack.
    found = published_for(tables, {code for codes_of_one in neighbours.values() for code in codes_of_one})
    profile_contents = [
        profile_content(
            profile_page(network=network, period=period, la=place, tables=tables, network_codes=codes, found=found)
        )
        for place in places
    ]
    # A section with nothing to draw gets no image; its summary says so.
    sections = (overview, *contents, *profile_contents)
    drawn = iter(_images([c.spec for c in sections if c.has_figures]))
    images = [next(drawn) if c.has_figures else "" for c in sections]
    first = PackSection("Overview", overview, images[0], "overview")
    measure_images, profile_images = images[1 : 1 + len(contents)], images[1 + len(contents) :]
    measures = [
        PackSection(measure.title, content, image, f"measure-{measure.code}")
        for measure, content, image in zip(chosen, contents, measure_images, strict=True)
    ]
    profiles = [
        PackSection(place.name, content, image, f"la-{place.code}")
        for place, content, image in zip(places, profile_contents, profile_images, strict=True)
    ]
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
    """The pack as PDF: the print template rendered to HTML, then printed by headless Chromium
    (seconds) or, where the server has no Chromium, laid out by WeasyPrint (much slower)."""
    html = render_to_string("benchmark/pack_print.html", pack_context(request, network, period), request=request)
    chromium = getattr(settings, "NOTINSCHOOL_CHROMIUM", "/usr/bin/chromium")
    if chromium and os.access(chromium, os.X_OK):
        return _chromium_pdf(chromium, html)
    return _weasyprint_pdf(html)


def _chromium_pdf(chromium: str, html: str) -> bytes:
    css = PRINT_CSS.read_text(encoding="utf-8")
    # The print stylesheet goes inline so the page loads nothing but itself.
    html = html.replace("</head>", f"<style>{css}</style></head>", 1)
    with tempfile.TemporaryDirectory(prefix="pack-") as folder:
        source, target = Path(folder) / "pack.html", Path(folder) / "pack.pdf"
        source.write_text(html, encoding="utf-8")
        result = subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={folder}/profile",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ],
            capture_output=True,
            timeout=CHROMIUM_TIMEOUT_SECONDS,
            check=False,
        )
        if result.returncode != 0 or not target.exists():
            return _weasyprint_pdf(html)
        return target.read_bytes()


def _weasyprint_pdf(html: str) -> bytes:
    import weasyprint

    # Only data: URIs (the charts) may be read: the pack never fetches anything over a network.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    document = weasyprint.HTML(string=html, base_url=str(PRINT_CSS.parent), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(PRINT_CSS))])
