"""A headless Chromium kept running in the job worker, to print meeting packs without paying for
its start each time (ADR 0632).

Starting Chromium costs one to seven seconds on a busy machine, more than laying out a pack. The
browser is started once (in the background, while the pack's pages are worked out) and spoken
to over the DevTools protocol on a pipe: no port is opened, so nothing else on the machine can
reach it. Each pack is printed in a fresh browser context, with scripts off and the same
"resolve nothing" network rule as before, and the context is thrown away afterwards. A browser
idle for a while is closed; one that stops answering is killed, and the caller falls back to a
one-off Chromium, then WeasyPrint.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

IDLE_SECONDS = 15 * 60  # a worker that has printed nothing for this long gives the memory back
START_SECONDS = 60
# Every Chromium that prints a pack: headless, nothing kept, no extensions. The pack holds only
# data: URIs, so no host resolves and nothing it prints may reach any network.
PRINTING_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]  # fmt: skip
FLAGS = [*PRINTING_FLAGS, "--remote-debugging-pipe"]
_TRAMPOLINE = (
    "import os, sys; r, w = int(sys.argv[1]), int(sys.argv[2]); os.dup2(r, 3); os.dup2(w, 4); "
    "os.close(r); os.close(w); os.execv(sys.argv[3], sys.argv[3:])"
)
PRINT_OPTIONS = {"preferCSSPageSize": True, "generateTaggedPDF": True, "printBackground": False}


class PrinterError(Exception):
    """The kept browser did not print: the caller prints another way."""


class _Browser:
    """One running Chromium and the two pipe ends that speak to it."""

    def __init__(self, chromium: str) -> None:
        self.chromium = chromium
        self.profile = tempfile.mkdtemp(prefix="pack-chromium-")
        to_browser, from_browser = os.pipe(), os.pipe()
        # Chromium reads commands on fd 3 and writes answers on fd 4. A small Python step puts the
        # pipe ends there and becomes Chromium: from copies numbered 10 and up, so that neither end
        # is itself 3 or 4 when moved (Debian's sh cannot name an fd above 9, so no shell).
        read_end, write_end = (fcntl.fcntl(end, fcntl.F_DUPFD, 10) for end in (to_browser[0], from_browser[1]))
        os.close(to_browser[0])
        os.close(from_browser[1])
        command = [sys.executable, "-I", "-S", "-c", _TRAMPOLINE, str(read_end), str(write_end), chromium, *FLAGS,
                   f"--user-data-dir={self.profile}", "about:blank"]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            pass_fds=(read_end, write_end),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(read_end)
        os.close(write_end)
        self._out = to_browser[1]
        self._in = from_browser[0]
        self._buffer = b""
        self._next_id = 0
        self.last_used = time.monotonic()

    def alive(self) -> bool:
        return self.process.poll() is None

    def call(self, method: str, params: dict | None = None, *, session: str = "", timeout: float) -> dict:
        """Send one command and wait for its answer (events that come first are passed over)."""
        self._next_id += 1
        message: dict = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        return self._wait(lambda m: m.get("id") == self._next_id, timeout)

    def wait_event(self, name: str, session: str, timeout: float) -> dict:
        return self._wait(lambda m: m.get("method") == name and m.get("sessionId") == session, timeout)

    def _wait(self, wanted, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if wanted(message):
                    if "error" in message:
                        raise PrinterError(str(message["error"].get("message", "error")))
                    return message.get("result", message.get("params", {}))
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise PrinterError("Chromium did not answer in time")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise PrinterError("Chromium stopped")
            self._buffer += chunk

    def close(self) -> None:
        for end in (self._out, self._in):
            with contextlib.suppress(OSError):
                os.close(end)
        if self.alive():
            self.process.kill()
        self.process.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)


_lock = threading.Lock()
_browser: _Browser | None = None
_starting: threading.Thread | None = None


def _ready(chromium: str) -> _Browser:
    """The kept browser, started (and checked with one call) if there is none. Hold `_lock`."""
    global _browser
    if _browser is not None and (not _browser.alive() or _browser.chromium != chromium):
        _browser.close()
        _browser = None
    if _browser is None:
        browser = _Browser(chromium)
        try:
            browser.call("Browser.getVersion", timeout=START_SECONDS)
        except (PrinterError, OSError):
            browser.close()
            raise
        _browser = browser
        _idle_watch(browser)
    return _browser


def warm_up(chromium: str) -> None:
    """Start the browser in the background, so that it is ready when the pack is."""
    global _starting

    def start() -> None:
        # Printing will try again, then print another way.
        with _lock, contextlib.suppress(PrinterError, OSError):
            _ready(chromium)

    if _starting is None or not _starting.is_alive():
        _starting = threading.Thread(target=start, name="pack-printer-start", daemon=True)
        _starting.start()


def print_pdf(chromium: str, html: str, *, timeout: float) -> bytes:
    """The page printed to PDF by the kept browser. Raises PrinterError when it cannot."""
    global _browser
    with _lock:
        try:
            browser = _ready(chromium)
            return _print(browser, html, timeout)
        except (PrinterError, OSError, ValueError) as exc:
            if _browser is not None:
                _browser.close()
                _browser = None
            raise PrinterError(str(exc)) from exc
        finally:
            if _browser is not None:
                _browser.last_used = time.monotonic()


def _print(browser: _Browser, html: str, timeout: float) -> bytes:
    deadline = time.monotonic() + timeout

    def left() -> float:
        return max(0.1, deadline - time.monotonic())

    context = browser.call("Target.createBrowserContext", {"disposeOnDetach": True}, timeout=left())
    context_id = context["browserContextId"]
    with tempfile.TemporaryDirectory(prefix="pack-") as folder:
        source = Path(folder) / "pack.html"
        source.write_text(html, encoding="utf-8")
        try:
            target = browser.call(
                "Target.createTarget", {"url": "about:blank", "browserContextId": context_id}, timeout=left()
            )
            attached = browser.call(
                "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, timeout=left()
            )
            session = attached["sessionId"]
            browser.call("Emulation.setScriptExecutionDisabled", {"value": True}, session=session, timeout=left())
            browser.call("Page.enable", session=session, timeout=left())
            browser.call("Page.navigate", {"url": source.as_uri()}, session=session, timeout=left())
            browser.wait_event("Page.loadEventFired", session, timeout=left())
            printed = browser.call("Page.printToPDF", PRINT_OPTIONS, session=session, timeout=left())
        finally:
            if browser.alive():
                browser.call("Target.disposeBrowserContext", {"browserContextId": context_id}, timeout=left())
    return base64.b64decode(printed["data"])


def _idle_watch(browser: _Browser) -> None:
    """Close this browser once it has been idle for IDLE_SECONDS (the watch ends with it)."""

    def check() -> None:
        global _browser
        with _lock:
            if _browser is not browser:
                return
            if time.monotonic() - browser.last_used >= IDLE_SECONDS:
                browser.close()
                _browser = None
                return
        _idle_watch(browser)

    timer = threading.Timer(IDLE_SECONDS / 3, check)
    timer.daemon = True
    timer.start()


def close() -> None:
    """Stop the kept browser (at exit, and in tests)."""
    global _browser
    with _lock:
        if _browser is not None:
            _browser.close()
            _browser = None


atexit.register(close)
