"""A Chromium that hangs while printing the pack is stopped at its time limit, and WeasyPrint
makes the PDF instead (before, the timeout escaped and the fallback never ran)."""

import logging
import stat

from notinschool.benchmark.outputs import pack_pdf as pack

HTML = "<!DOCTYPE html><html><head><title>Pack</title></head><body><h1>Pack</h1></body></html>"


def test_a_chromium_that_times_out_falls_back_to_weasyprint(tmp_path, monkeypatch, caplog):
    hanging = tmp_path / "chromium"
    hanging.write_text("#!/bin/sh\nsleep 30\n")
    hanging.chmod(hanging.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(pack, "CHROMIUM_TIMEOUT_SECONDS", 1)
    with caplog.at_level(logging.WARNING, logger=pack.__name__):
        pdf = pack._chromium_pdf(str(hanging), HTML)
    assert pdf.startswith(b"%PDF")
    assert "falling back to WeasyPrint" in caplog.text


def test_a_chromium_that_cannot_start_falls_back_too(tmp_path):
    assert pack._chromium_pdf(str(tmp_path / "no-such-chromium"), HTML).startswith(b"%PDF")
