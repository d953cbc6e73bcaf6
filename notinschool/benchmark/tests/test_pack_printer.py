"""The Chromium kept running between packs (ADR 0632): it prints pack after pack without starting
again, is started again when it has died, and when it cannot print a one-off Chromium does."""

import os
import re

import pytest

from notinschool.benchmark.outputs import pack_pdf, warm_chromium

CHROMIUM = "/usr/bin/chromium"
HTML = (
    "<!DOCTYPE html><html lang='en'><head><title>Pack</title><style>@page { size: A4 landscape; }"
    "section { break-after: page; }</style></head><body><section><h1>One</h1></section>"
    "<section><h1>Two</h1></section></body></html>"
)
needs_chromium = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason="no Chromium on this machine")


@pytest.fixture(autouse=True)
def fresh_printer():
    warm_chromium.close()
    yield
    warm_chromium.close()


@needs_chromium
def test_pack_after_pack_is_printed_by_the_same_browser():
    first = warm_chromium.print_pdf(CHROMIUM, HTML, timeout=120)
    process = warm_chromium._browser.process.pid
    second = warm_chromium.print_pdf(CHROMIUM, HTML.replace("Two", "Deux"), timeout=120)
    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    assert warm_chromium._browser.process.pid == process
    assert len(re.findall(rb"/Type\s*/Page\b", first)) == 2  # one sheet per section
    assert b"/MediaBox [0 0 841.91998 594.95996]" in first  # landscape A4, from the page's own CSS


@needs_chromium
def test_a_browser_that_died_is_started_again():
    warm_chromium.print_pdf(CHROMIUM, HTML, timeout=120)
    warm_chromium._browser.process.kill()
    warm_chromium._browser.process.wait()
    assert warm_chromium.print_pdf(CHROMIUM, HTML, timeout=120).startswith(b"%PDF")
    assert warm_chromium._browser.alive()


def test_when_the_kept_browser_cannot_print_a_one_off_printer_does(monkeypatch, settings, caplog):
    def fails(chromium, html, *, timeout):
        raise warm_chromium.PrinterError("Chromium did not answer in time")

    monkeypatch.setattr(warm_chromium, "print_pdf", fails)
    settings.NOTINSCHOOL_CHROMIUM = "/bin/false"  # executable, prints nothing: WeasyPrint at last
    assert pack_pdf.html_pdf_bytes(HTML).startswith(b"%PDF")
    assert "starting one for it" in caplog.text


def test_a_browser_that_cannot_start_is_refused_in_words(tmp_path):
    with pytest.raises(warm_chromium.PrinterError):
        warm_chromium.print_pdf(str(tmp_path / "no-such-chromium"), HTML, timeout=5)
