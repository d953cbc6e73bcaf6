"""Dashboard speed at national scale, through gunicorn with production settings.

Builds a scratch database (PostgreSQL at 127.0.0.1:5432 when reachable, else SQLite) with 153 LAs
x 12 terms of approved returns holding every measure and breakdown (bulk-created), then sends a
bounded number of requests from 20 concurrent clients over loopback and prints the median and
95th percentile per page, plus the meeting pack PDF for the 19 South East LAs. Writes
bench/results/benchmark.json. Run: `.venv/bin/python bench/benchmark_bench.py` (about 5 minutes).
"""

from __future__ import annotations

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "benchmark.json"
POSTGRES = os.environ.get("NOTINSCHOOL_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
HOST = "notinschool.example.gov.uk"
CLIENTS = 20
REQUESTS_PER_PAGE = 200
WARM_UP = 40
LAST = "2026-27-summer"
TARGETS = {"page_p50": 0.150, "page_p95": 0.400, "csv_p50": 0.300, "pack_pdf": 20.0}

SETUP = r"""
import json, os, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from notinschool.accounts import demo as accounts_demo
from notinschool.benchmark.demo import load as load_population
from notinschool.benchmark.tests.factories import open_collection, store_returns
from notinschool.places import demo as places_demo
from notinschool.places.models import LocalAuthority
from notinschool.places.services import network_create
from notinschool.accounts.models import User
from notinschool.validation.specs import all_periods

call_command("migrate", "--no-input", verbosity=0)
places_demo.load(); accounts_demo.load(); load_population()
las = list(LocalAuthority.objects.filter(status="current"))
national = network_create(slug="national", name="All English LAs", la_codes=[la.old_code for la in las], description="")
periods = [p for p in all_periods() if p <= sys.argv[1]][-12:]
from notinschool.places.models import Network
for period in periods:
    for network in Network.objects.filter(slug__in=["national", "south-east"]):
        open_collection(network, period)
figures = store_returns(periods=periods, local_authorities=las)
user = User.objects.get(email="viewer@surrey.example")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "notinschool.accounts.backends.AccountBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({"las": len(las), "periods": periods, "figures": figures, "session": session.session_key}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scratch_database() -> tuple[str, callable, str]:
    """A new, empty database: PostgreSQL when reachable, else an SQLite file."""
    try:
        import psycopg

        admin = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3)
    except Exception:  # any failure means "no PostgreSQL here"
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        return f"sqlite:///{path}", lambda: None, "SQLite"
    name = f"notinschool_bench_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return POSTGRES.rsplit("/", 1)[0] + "/" + name, drop, "PostgreSQL"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is a failure here, never followed to another page


OPENER = urllib.request.build_opener(NoRedirect)


def timed_get(port: int, path: str, session: str) -> tuple[float, int, int]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": HOST, "X-Forwarded-Proto": "https", "Cookie": f"__Host-sessionid={session}"},
    )
    started = time.perf_counter()
    with OPENER.open(request, timeout=120) as response:
        body = response.read()
        status = response.status
    return time.perf_counter() - started, status, len(body)


def load(port: int, session: str, paths: list[str], count: int) -> list[float]:
    """`count` requests spread over `paths`, from CLIENTS threads at once; seconds each."""
    lock, times, errors = threading.Lock(), [], []

    def one(index: int) -> None:
        path = paths[index % len(paths)]
        try:
            seconds, status, _ = timed_get(port, path, session)
        except Exception as exc:
            errors.append(f"{path}: {exc}")
            return
        if status != 200:
            errors.append(f"{path}: {status}")
        with lock:
            times.append(seconds)

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(one, range(count)))
    if errors:
        raise SystemExit(f"{len(errors)} requests failed, first: {errors[0]}")
    return times


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "requests": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def main() -> None:
    database, drop, engine = scratch_database()
    var_dir = tempfile.mkdtemp()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    base_env |= {
        "DATABASE_URL": database,
        "NOTINSCHOOL_VAR_DIR": var_dir,
        "DJANGO_SETTINGS_MODULE": "notinschool.config.settings",
        # The session made in SETUP is signed with the key the server will check it with.
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
    }
    server = None
    try:
        started = time.perf_counter()
        setup = subprocess.run(
            [sys.executable, "-c", SETUP, LAST], cwd=ROOT, env=base_env, capture_output=True, text=True, check=False
        )
        if setup.returncode:
            raise SystemExit(setup.stdout + setup.stderr)
        data = json.loads(setup.stdout.strip().splitlines()[-1])
        build_seconds = time.perf_counter() - started
        print(f"{engine}: {data['las']} LAs x {len(data['periods'])} terms, {data['figures']:,} figures "
              f"in {build_seconds:.0f} s")  # fmt: skip
        port = free_port()
        env = base_env | {
            "DJANGO_ENV": "production",
            "DJANGO_ALLOWED_HOSTS": HOST,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "4",
            "GUNICORN_THREADS": "1",
            "GUNICORN_TIMEOUT": "120",
        }
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input"], cwd=ROOT, env=env,
                       capture_output=True, check=True)  # fmt: skip
        gunicorn = Path(sys.executable).with_name("gunicorn")
        server = subprocess.Popen([str(gunicorn), "notinschool.config.wsgi", "--access-logfile", "/dev/null"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                timed_get(port, "/", data["session"])
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        session = data["session"]
        base = f"/dashboard/national/{LAST}"
        pages = {
            "overview": [f"{base}/", f"{base}/?las=886,936,850"],
            "measure": [f"{base}/ehe_total/", f"{base}/cme_total/?las=886,936,850&highlight=936",
                        f"{base}/ehe_total/?breakdown=sex&category=female", f"{base}/s19_total/?neighbours=886"],
            "trend": ["/dashboard/national/trend/ehe_total/?las=886,936", "/dashboard/national/trend/cme_total/"],
            "profile": [f"{base}/la/886/", f"{base}/la/936/?neighbours=936"],
            "csv": [f"{base}/ehe_total/table.csv", f"{base}/cme_total/table.csv?las=886,936"],
        }  # fmt: skip
        results = {}
        for name, paths in pages.items():
            load(port, session, paths, WARM_UP)
            results[name] = summary(load(port, session, paths, REQUESTS_PER_PAGE))
            print(f"{name:9} p50 {results[name]['p50_ms']:7.1f} ms   p95 {results[name]['p95_ms']:7.1f} ms")
        pack = []
        for _ in range(3):
            seconds, status, size = timed_get(port, f"/dashboard/south-east/{LAST}/pack.pdf", session)
            assert status == 200 and size > 20_000, f"the pack was not a PDF: {status}, {size} bytes"
            pack.append(seconds)
        results["pack_pdf_19_las"] = {"runs": len(pack), "median_s": round(statistics.median(pack), 2),
                                      "max_s": round(max(pack), 2), "bytes": size}  # fmt: skip
        pack_result = results["pack_pdf_19_las"]
        print(f"pack PDF (19 LAs) median {pack_result['median_s']} s, max {pack_result['max_s']} s")
        shown = ("overview", "measure", "trend", "profile")
        met = {
            "pages_p50_under_150ms": all(results[p]["p50_ms"] < 150 for p in shown),
            "pages_p95_under_400ms": all(results[p]["p95_ms"] < 400 for p in shown),
            "csv_under_300ms": results["csv"]["p50_ms"] < 300,
            "pack_pdf_under_20s": results["pack_pdf_19_las"]["max_s"] < 20,
        }  # fmt: skip
        report = {
            "when": time.strftime("%Y-%m-%d %H:%M:%S"),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "database": engine,
            "dataset": {"las": data["las"], "terms": data["periods"], "figures": data["figures"]},
            "server": "gunicorn, production settings, 4 workers x 1 thread",
            "clients": CLIENTS,
            "results": results,
            "targets_met": met,
        }
        RESULTS.write_text(json.dumps(report, indent=2) + "\n")
        print(f"targets met: {met}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop()


if __name__ == "__main__":
    main()
