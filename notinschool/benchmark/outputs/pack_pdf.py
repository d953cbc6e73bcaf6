"""Printing the meeting pack to PDF: the print template rendered to HTML, then printed by headless
Chromium where the server has it, else laid out by WeasyPrint (ADRs 0604, 0610, 0630 and 0632).
Every chart in it is an SVG data: URI, so printing fetches nothing. The Chromium is kept running
between packs (`warm_chromium`); a one-off Chromium, then WeasyPrint, print when it cannot.
"""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from notinschool.benchmark.outputs import warm_chromium
from notinschool.benchmark.outputs.pack import SOURCE, PackDocument

logger = logging.getLogger(__name__)
PRINT_CSS = Path(__file__).resolve().parents[1] / "static" / "benchmark" / "pack.css"

CHROMIUM_TIMEOUT_SECONDS = 120
CHROMIUM_FLAGS = [*warm_chromium.PRINTING_FLAGS, "--no-pdf-header-footer"]


def pack_html(document: PackDocument) -> str:
    """The pack as one HTML document for printing, its stylesheet inline."""
    html = render_to_string("benchmark/pack_print.html", {"pack": document})
    css = PRINT_CSS.read_text(encoding="utf-8") + _footer_css(document)
    # Inline, so the page loads nothing but itself.
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


def _css_string(text: str) -> str:
    """Text as a CSS string's contents: quotes and backslashes escaped, nothing that could end the style."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ").replace("\n", " ")


def _footer_css(document: PackDocument) -> str:
    """Every page's foot: the network, the term, the LAs covered, the source and the page number."""
    left = f"{document.network.name} · {document.period_label} · {document.scope}"
    return (
        f'@page {{ @bottom-left {{ content: "{_css_string(left)}\\A {_css_string(SOURCE)}"; }} '
        '@bottom-right { content: "Page " counter(page) " of " counter(pages); } }'
    )


def _chromium() -> str:
    chromium = getattr(settings, "NOTINSCHOOL_CHROMIUM", "/usr/bin/chromium")
    return chromium if chromium and os.access(chromium, os.X_OK) else ""


def printer_warm_up() -> None:
    """Start the kept Chromium in the background (if the server has one), while the pack is worked out."""
    if chromium := _chromium():
        warm_chromium.warm_up(chromium)


def pack_pdf_bytes(document: PackDocument) -> bytes:
    """The pack as PDF: printed by the kept headless Chromium (about a second), by a one-off
    Chromium if that fails, or, where the server has no Chromium, laid out by WeasyPrint (slower)."""
    return html_pdf_bytes(pack_html(document))


def html_pdf_bytes(html: str) -> bytes:
    """A print page (loading nothing but itself) as PDF, by the first printer that works."""
    chromium = _chromium()
    if not chromium:
        return _weasyprint_pdf(html)
    try:
        return warm_chromium.print_pdf(chromium, html, timeout=CHROMIUM_TIMEOUT_SECONDS)
    except warm_chromium.PrinterError as exc:
        logger.warning("The kept Chromium did not print the pack (%s): starting one for it", exc)
        return _chromium_pdf(chromium, html)


def _chromium_pdf(chromium: str, html: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="pack-") as folder:
        source, target = Path(folder) / "pack.html", Path(folder) / "pack.pdf"
        source.write_text(html, encoding="utf-8")
        try:
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
        except (subprocess.TimeoutExpired, OSError) as exc:
            # A Chromium that hangs (subprocess.run has killed it) or cannot start: WeasyPrint
            # still makes the pack, only more slowly.
            logger.warning("Chromium did not print the pack (%s): falling back to WeasyPrint", exc)
            return _weasyprint_pdf(html)
        if result.returncode != 0 or not target.exists():
            return _weasyprint_pdf(html)
        return target.read_bytes()


def _weasyprint_pdf(html: str) -> bytes:
    import weasyprint

    # Only data: URIs (the charts) may be read: the pack never fetches anything over a network.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    document = weasyprint.HTML(string=html, base_url=str(PRINT_CSS.parent), url_fetcher=fetcher)
    return document.write_pdf()
