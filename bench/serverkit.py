"""Shared pieces for benchmarks that run the real server: a scratch database, gunicorn, timing.

Loopback only; every request loop is bounded.
"""

import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_ADMIN = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
HOST = "bench.notinschool.example"
REDIS_URL = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/5")


def postgres_available() -> bool:
    """True when the local PostgreSQL answers."""
    try:
        import psycopg

        psycopg.connect(POSTGRES_ADMIN, connect_timeout=3).close()
        return True
    except Exception:
        return False


@contextlib.contextmanager
def postgres_scratch(prefix: str = "nis_bench"):
    """A new, empty PostgreSQL database beside POSTGRES_ADMIN (BENCH_POSTGRES), dropped on the way
    out; yields its URL, or None when PostgreSQL does not answer."""
    if not postgres_available():
        yield None
        return
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def scratch_database():
    """A fresh PostgreSQL database when one is reachable, else a temporary SQLite file; yields
    ("postgresql" or "sqlite", its URL)."""
    with postgres_scratch() as url:
        if url is not None:
            yield "postgresql", url
            return
    with tempfile.TemporaryDirectory() as folder:
        yield "sqlite", f"sqlite:///{folder}/bench.sqlite3"


def environment(database_url: str, var_dir: str, **extra: str) -> dict:
    """Production settings over the scratch database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        {
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
            "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "DATABASE_URL": database_url,
            "NOTINSCHOOL_VAR_DIR": var_dir,
            "PYTHONPATH": str(ROOT),
            # Production refuses an email backend that sends nothing and, with several
            # processes, a cache in each one's memory: mail goes to a relay on loopback (none
            # is sent unless a benchmark starts one), the cache to the local Redis.
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "REDIS_URL": REDIS_URL,
            "NOTINSCHOOL_CACHE_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
            **extra,
        }
    )
    return env


def manage(env: dict, *args: str) -> None:
    """Run a management command in a child process; stop the benchmark if it fails."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def run_python(env: dict, code: str, *args: str) -> str:
    """Run Python with Django set up in a child process over `env`; return its last line of output."""
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code, *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "notinschool.config.settings"},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(result.stdout[-2000:] + result.stderr[-3000:])
    return result.stdout.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    """gunicorn with `env` (production settings) on 127.0.0.1:`port`, once it answers. What it
    says goes to a temporary file, read if it does not start: never to a pipe nobody reads, which
    a long run's messages could fill."""
    with tempfile.TemporaryFile() as said:  # the server writes to its own copy of the file
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "notinschool.config.wsgi",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL,
            stderr=said,
        )
        deadline = time.monotonic() + 300  # a busy shared machine can take minutes to start it
        while True:
            try:
                request(f"http://127.0.0.1:{port}/", timeout=5)
                return server
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    stop_gunicorn(server)
                    said.seek(0)
                    said_last = said.read().decode(errors="replace")[-2000:]
                    raise SystemExit("gunicorn did not start: " + said_last) from None
                time.sleep(0.3)


def stop_gunicorn(server: subprocess.Popen) -> None:
    """Stop gunicorn and wait for it (killed if it has not stopped within 30 seconds)."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=30)


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int = 4, threads: int = 1):
    """gunicorn with production settings on a free loopback port; yields the base URL."""
    port = free_port()
    server = start_gunicorn({**env, "WEB_CONCURRENCY": str(workers), "GUNICORN_THREADS": str(threads)}, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_gunicorn(server)


def children_cpu_seconds(pid: int) -> float | None:
    """The CPU time (user and system) that the direct children of process `pid` (gunicorn's
    workers) have used so far, from /proc; None where the kernel does not list children there."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    total = 0
    for child in children:
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        total += int(fields[11]) + int(fields[12])  # utime and stime, after the name
    return total / tick


def request(url: str, *, data: bytes | None = None, headers: dict | None = None, timeout: float = 60):
    """One HTTP request with the service's host and HTTPS headers; returns (status, body, seconds)."""
    all_headers = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=all_headers), timeout=timeout) as r:  # noqa: S310
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    return status, body, time.perf_counter() - started


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def percentile(values, fraction: float) -> float:
    """The value at `fraction` (0.95 for the 95th percentile) of the sorted values, nearest rank:
    every benchmark's percentiles are worked out this one way."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(seconds: list[float]) -> dict:
    """Median, p95 and max in milliseconds."""
    return {
        "count": len(seconds),
        "median_ms": round(statistics.median(seconds) * 1000, 1),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
    }


def python_speed_ms() -> float:
    """Milliseconds this machine takes to sum a million ints in pure Python, best of five: a shared
    machine's speed moves from day to day, so a run's figures are read beside it."""
    return round(min(timeit.repeat("sum(range(10**6))", number=10, repeat=5)) / 10 * 1000, 1)


HISTORY_KEPT = 20


def results_path(name: str) -> Path:
    """Where a benchmark keeps its runs: bench/results/<name>.json, or that name in BENCH_RESULTS_DIR
    when it is set (a smoke run, `bench/smoke.py`, keeps nothing in the project)."""
    folder = Path(os.environ.get("BENCH_RESULTS_DIR") or ROOT / "bench" / "results")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.json"


def write_results(name: str, results: dict) -> Path:
    """Write the results file of `name` (`results_path`) and print it. The file's top level is this
    run; earlier runs are kept under "history" (newest last), so a slowdown shows."""
    path = results_path(name)
    history: list = []
    if path.exists():
        try:
            earlier = json.loads(path.read_text())
        except ValueError:
            earlier = None
        if isinstance(earlier, dict):
            history = earlier.pop("history", [])
            history.append(earlier)
    path.write_text(json.dumps({**results, "history": history[-HISTORY_KEPT:]}, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return path


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the caller reads the Location itself


def _cookie(headers, name: str) -> str:
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith(name + "="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return ""


def build_pack(base: str, session: str, path: str, *, timeout: float = 180, tries: int = 5) -> dict:
    """Ask for a meeting pack as a person would: open its page, press the button, follow the job's
    page until it is done, then download the PDF. `path` is the pack page with its query, e.g.
    /dashboard/south-east/2026-27-summer/pack/?las=867,868. Returns the seconds each step took
    (of the last try) and how many tries it took: when the figures change between the job's
    building the pack and its download, the service sends the person back to the pack's page to
    build it again for the figures as they are now, and so does this."""
    for attempt in range(1, tries + 1):
        built = _build_pack_once(base, session, path, timeout=timeout)
        if built is not None:
            return {**built, "tries": attempt}
    raise SystemExit(
        f"each of the {tries} times the pack was built, its download sent the person back to the pack's page "
        "(the figures changed after the job built it, or the pack was not kept)"
    )


def _build_pack_once(base: str, session: str, path: str, *, timeout: float) -> dict | None:
    """One try of `build_pack`; None when the figures changed after the pack was built."""
    import re

    cookie = f"__Host-sessionid={session}"
    common = {"Host": HOST, "X-Forwarded-Proto": "https"}
    page = urllib.request.Request(base + path, headers={**common, "Cookie": cookie})  # noqa: S310
    with urllib.request.urlopen(page, timeout=60) as response:  # noqa: S310
        csrf = _cookie(response.headers, "__Host-csrftoken")
        html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    opener = urllib.request.build_opener(_KeepRedirects)
    started = time.perf_counter()
    post = urllib.request.Request(  # noqa: S310
        base + path,
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1) if token else ""}).encode(),
        headers={
            **common,
            "Cookie": f"{cookie}; __Host-csrftoken={csrf}",
            "Referer": f"https://{HOST}{path}",
            "Origin": f"https://{HOST}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    try:
        opener.open(post, timeout=60)
        raise SystemExit("asking for the pack did not redirect")
    except urllib.error.HTTPError as exc:
        location = exc.headers["Location"]
    asked = time.perf_counter() - started
    pdf_url = location
    if location.startswith("/jobs/"):
        deadline = time.monotonic() + timeout
        while True:
            status, body, _ = request(base + location, headers={"Cookie": cookie})
            text = body.decode(errors="replace")
            if "data-job-error" in text:
                raise SystemExit("the pack's job failed: " + re.sub(r"<[^>]+>", " ", text)[-1500:])
            found = re.search(r'data-job-result.*?<a class="govuk-link" href="([^"]+)"', text, re.S)
            if found:
                pdf_url = found.group(1).replace("&amp;", "&")
                break
            if time.monotonic() > deadline:
                raise SystemExit(f"the pack was not ready within {timeout} s")
            time.sleep(0.2)
    ready = time.perf_counter() - started
    fetched = time.perf_counter()
    try:
        with opener.open(urllib.request.Request(base + pdf_url, headers={**common, "Cookie": cookie}), timeout=60) as r:  # noqa: S310
            status, pdf = r.status, r.read()
    except urllib.error.HTTPError as exc:
        if exc.code == 302 and urllib.parse.urlsplit(exc.headers["Location"]).path == urllib.parse.urlsplit(path).path:
            return None  # the figures changed since the job built the pack: its page again
        status, pdf = exc.code, exc.read()
    download = time.perf_counter() - fetched
    if status != 200 or not pdf.startswith(b"%PDF"):
        raise SystemExit(f"the pack was not a PDF: {status}")
    return {"asked_s": round(asked, 3), "ready_s": round(ready, 2), "download_s": round(download, 3),
            "bytes": len(pdf), "pages": len(re.findall(rb"/Type\s*/Page\b", pdf)), "pdf_url": pdf_url}  # fmt: skip
