"""Dashboard speed at national scale, through gunicorn with production settings (issue 16).

Builds a scratch PostgreSQL database (beside BENCH_POSTGRES, by default 127.0.0.1:5432; without
PostgreSQL it stops, as the bare SQL it compares with is PostgreSQL's) with 153 LAs
x 12 terms of approved returns holding every measure and breakdown (bulk-created, then analysed
for the planner, as autovacuum would soon after such a load; runs before 2026-12-04 19:00 had no
statistics), DfE's published
figures as the demo has them (runs before 2026-12-04 had none, so their trend and profile pages did
less than a deployment's), and networks
of the first 19 and 76 of those LAs beside the national one. From CLIENTS concurrent clients over
loopback it measures, for each network size:

- every page made afresh while the figures change: a query parameter the pages ignore makes each
  request a new page (a cache miss), and all the while a return of the term is approved again
  every 100 ms (`dashboard_changes.CHANGES`; BENCH_CHANGE_MS), renewing the network's data version
  and giving a version no process has read, so many requests (not all) are the first of their
  process after a change; the service's CPU for each (gunicorn's workers, from /proc); beside the
  bare SQL that fetches the same figures (`dashboard_sql`), sent from as many clients at once
  under the same changes: the ratio says what the service adds;
- at the largest size, one client making each page right after a change is committed (every
  request the first after a change, with nothing else running), beside the same with no change;
  and the pages made afresh from processes that keep no figures (ADR 0624: what a process pays
  for the figures it has not read; DfE's parts and the rest stay kept);
- how each page grows with the number of LAs (19, 76, 153), beside the growth in LAs.

At national size it also measures cached pages beside a static file of the same bytes served by
the same server, seen again in one session (ADR 0615), as each session's first view of a page
someone else had made, and as that first view in a session just shown another page of the
network (ADR 0620); the queries each makes (beside a miss) and page sizes (the meeting pack, built by a
job, is measured by pack_bench.py). Figures are appended to bench/results/benchmark.json (earlier
runs kept; the previous run is printed beside this one so a slowdown shows).
Run: `.venv/bin/python bench/benchmark_bench.py` (3 to 4 minutes on 2 cores). BENCH_LAS
(e.g. "19,153"), BENCH_CLIENTS and BENCH_REQUESTS run it smaller; BENCH_PARTS=cached measures
only the cached pages.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dashboard_changes import Changes
from dashboard_scripts import QUERIES, SESSIONS, SETUP
from dashboard_sql import bare_sql, bare_sql_params, network_ids
from serverkit import (
    children_cpu_seconds,
    free_port,
    python_speed_ms,
    results_path,
    scratch_database,
    start_gunicorn,
    stop_gunicorn,
)
from serverkit import summary as timing_summary

ROOT = Path(__file__).resolve().parents[1]
RESULTS = results_path("benchmark")
HOST = "notinschool.example.gov.uk"
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
REQUESTS_PER_PAGE = int(os.environ.get("BENCH_REQUESTS", "200"))
WARM_UP = 2 * CLIENTS
LAST = "2026-27-summer"
SIZES = [int(n) for n in os.environ.get("BENCH_LAS", "19,76,153").split(",")]
# BENCH_PARTS=cached measures only the cached pages (a minute or two, for trying a change).
PARTS = set(os.environ.get("BENCH_PARTS", "fresh,cached").split(","))
# While pages made afresh are measured, a return is approved again this often (seconds): far more
# often than any collection sees, so that many requests are the first of their process after a change.
CHANGE_EVERY = float(os.environ.get("BENCH_CHANGE_MS", "100")) / 1000
ONE_CLIENT_REQUESTS = int(os.environ.get("BENCH_ONE_CLIENT_REQUESTS", "40"))
GOALS = {"fresh_p95_ms": 300, "fresh_ratio_to_sql": 10.0, "cached_ratio_to_static": 1.5}


def new_sessions(env: dict, count: int) -> list[str]:
    """`count` fresh sessions of the reader (see SESSIONS)."""
    made = subprocess.run([sys.executable, "-c", SESSIONS, str(count)], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=True)  # fmt: skip
    return made.stdout.split()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is a failure here, never followed to another page


OPENER = urllib.request.build_opener(NoRedirect)


# A browser sends the form token's cookie it was given with its first page; without it, every page
# with a form would set a new one.
CSRF_COOKIE = f"__Host-csrftoken={uuid.uuid4().hex}"


def timed_get(port: int, path: str, session: str) -> tuple[float, int, int]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": HOST, "X-Forwarded-Proto": "https", "Cookie": f"__Host-sessionid={session}; {CSRF_COOKIE}"},
    )
    started = time.perf_counter()
    with OPENER.open(request, timeout=120) as response:
        body = response.read()
        status = response.status
    return time.perf_counter() - started, status, len(body)


def load(port: int, session: str | list[str], paths: list[str], count: int) -> list[float]:
    """`count` requests spread over `paths`, from CLIENTS threads at once; seconds each. Given a
    list of sessions, each request uses the next one."""
    lock, times, errors = threading.Lock(), [], []
    sessions = [session] if isinstance(session, str) else session

    def one(index: int) -> None:
        path = paths[index % len(paths)]
        try:
            seconds, status, _ = timed_get(port, path, sessions[index % len(sessions)])
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


def measured(server: subprocess.Popen, port: int, session: str, paths: list[str]) -> dict:
    """REQUESTS_PER_PAGE new pages of `paths`: their times, and the CPU the server's workers spent
    on each (the service's own work; PostgreSQL's is not in it; None where /proc cannot tell)."""
    before = children_cpu_seconds(server.pid)
    found = summary(load(port, session, fresh(paths, REQUESTS_PER_PAGE), REQUESTS_PER_PAGE))
    after = children_cpu_seconds(server.pid)
    spent = None if before is None or after is None else round((after - before) / REQUESTS_PER_PAGE * 1000, 1)
    return found | {"service_cpu_ms": spent}


def each_after_a_change(port: int, session: str, paths: list[str], changes: Changes, slug: str) -> dict:
    """One client, each request made right after a change is committed: every one the first page
    after a change, with nothing else running. Beside it the same client's pages with no change."""
    count = ONE_CLIENT_REQUESTS
    after, unchanged = [], []
    for path in fresh(paths, count):
        changes.change(slug)
        after.append(timed_get(port, path, session)[0])
    for path in fresh(paths, count):
        unchanged.append(timed_get(port, path, session)[0])
    return {"after_a_change": summary(after), "no_change": summary(unchanged)}


def cpu_text(ms: float | None) -> str:
    return "not measured" if ms is None else f"{ms:5.1f} ms"


def summary(times: list[float]) -> dict:
    """The shared summary under the names this benchmark's results file has always used."""
    figures = timing_summary(times)
    return {"requests": figures["count"], "p50_ms": figures["median_ms"], "p95_ms": figures["p95_ms"],
            "max_ms": figures["max_ms"]}  # fmt: skip


def pages_for(slug: str) -> dict[str, list[str]]:
    """The pages measured for a network, by kind."""
    base = f"/dashboard/{slug}/{LAST}"
    return {
        "overview": [f"{base}/", f"{base}/?las=886,936,850"],
        "measure": [f"{base}/ehe_total/", f"{base}/cme_total/?las=886,936,850&highlight=936",
                    f"{base}/ehe_total/?breakdown=sex&category=female", f"{base}/s19_total/?neighbours=886"],
        "trend": [f"/dashboard/{slug}/trend/ehe_total/?las=886,936", f"/dashboard/{slug}/trend/cme_total/"],
        "profile": [f"{base}/la/886/", f"{base}/la/936/?neighbours=936"],
        "csv": [f"{base}/ehe_total/table.csv", f"{base}/cme_total/table.csv?las=886,936"],
    }  # fmt: skip


def fresh(paths: list[str], count: int) -> list[str]:
    """Each path made a new page (a parameter the dashboard ignores): every request a cache miss,
    as the first request after the figures change is."""
    return [f"{p}{'&' if '?' in p else '?'}fresh={n}-{uuid.uuid4().hex[:6]}" for n in range(count) for p in paths][
        :count
    ]


def history(report: dict) -> dict:
    """Earlier runs from the results file (an older single-run file becomes the first run)."""
    if not RESULTS.exists():
        return {"runs": [report]}
    earlier = json.loads(RESULTS.read_text())
    runs = earlier.get("runs", [earlier])
    previous = runs[-1].get("results", {})
    size = str(max(SIZES))
    for kind, now in report["results"].get("fresh", {}).get(size, {}).items():
        before = previous.get("fresh", {}).get(size, {}).get(kind)
        if before:
            # Beside the milliseconds, multiples of each run's own baselines: on a shared machine
            # whose speed varies from one day to the next, those show a slowdown of the service.
            now_against, before_against = _against(report["results"], size, kind), _against(previous, size, kind)
            print(
                f"  {kind:9} made afresh p95 {now['p95_ms']:7.1f} ms {now_against}, "
                f"previous run {before['p95_ms']} ms {before_against}"
            )
    return {"runs": [*runs, report]}


def _against(results: dict, size: str, kind: str) -> str:
    """A page's fresh p95 as multiples of the same run's bare SQL p95 and static page p50."""
    p95 = results.get("fresh", {}).get(size, {}).get(kind, {}).get("p95_ms")
    sql = results.get("bare_sql", {}).get(size, {}).get(kind, {}).get("p95_ms")
    static = results.get("static_copy", {}).get(kind, {}).get("p50_ms")
    parts = [
        f"{p95 / sql:.1f}x its bare SQL" if p95 and sql else "",
        f"{p95 / static:.0f}x a static page" if p95 and static else "",
    ]
    return f"({', '.join(part for part in parts if part) or 'no baseline recorded'})"


def main() -> None:
    speed = python_speed_ms()  # before anything else runs here
    print(f"this machine sums a million ints in pure Python in {speed} ms (best of five): compare runs by it")
    with scratch_database() as (engine, database):
        if engine != "postgresql":
            raise SystemExit("This benchmark compares with bare SQL on PostgreSQL: start PostgreSQL on 127.0.0.1.")
        _measure(speed, database)


def _measure(speed: float, database: str) -> None:
    """Load the national data into `database`, serve it with gunicorn and measure (see the module)."""
    engine = "PostgreSQL"
    var_dir = tempfile.mkdtemp()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    base_env |= {
        "DATABASE_URL": database,
        "NOTINSCHOOL_VAR_DIR": var_dir,
        "DJANGO_SETTINGS_MODULE": "notinschool.config.settings",
        # The session made in SETUP is signed with the key the server will check it with.
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        # Production refuses a console email backend, and a cache in each of 4 processes' memory.
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "REDIS_URL": os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/5"),
        "NOTINSCHOOL_CACHE_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
    }
    server = changes = None
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
              f"in {build_seconds:.0f} s; {CLIENTS} clients, {REQUESTS_PER_PAGE} requests per page")  # fmt: skip
        national = pages_for("national")
        queries = subprocess.run(
            [sys.executable, "-c", QUERIES, json.dumps({kind: paths[0] for kind, paths in national.items()})],
            cwd=ROOT, env=base_env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if queries.returncode:
            raise SystemExit(queries.stdout + queries.stderr)
        per_page = json.loads(queries.stdout.strip().splitlines()[-1])
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
        server = start_gunicorn(env, port)
        session = data["session"]
        ids = network_ids(database)
        results: dict = {"fresh": {}, "bare_sql": {}, "fresh_ratio_to_sql": {}}
        changes = Changes(base_env, LAST)
        print(f"made afresh (every request a new page) while a return of the term is approved again every "
              f"{CHANGE_EVERY * 1000:.0f} ms, beside the bare SQL of the same figures (changes too):")  # fmt: skip
        for size in SIZES if "fresh" in PARTS else []:
            slug = "national" if size == data["las"] else f"las-{size}"
            fresh_results, sql_results, ratios = {}, {}, {}
            for kind, paths in pages_for(slug).items():
                with changes.every(CHANGE_EVERY, slug):
                    load(port, session, fresh(paths, WARM_UP), WARM_UP)
                    fresh_results[kind] = measured(server, port, session, paths)
                    sql = bare_sql(
                        database, ids[slug], bare_sql_params(kind, data["periods"]), REQUESTS_PER_PAGE, CLIENTS
                    )
                sql_results[kind] = summary(sql)
                ratios[kind] = {
                    "p50": round(fresh_results[kind]["p50_ms"] / sql_results[kind]["p50_ms"], 1),
                    "p95": round(fresh_results[kind]["p95_ms"] / sql_results[kind]["p95_ms"], 1),
                }
                found, base = fresh_results[kind], sql_results[kind]
                print(f"  {size:3} LAs {kind:8} p50 {found['p50_ms']:7.1f} ms  p95 {found['p95_ms']:7.1f} ms  "
                      f"service CPU {cpu_text(found['service_cpu_ms'])}  SQL p50 {base['p50_ms']:6.1f} ms "
                      f"p95 {base['p95_ms']:6.1f} ms   ratio p50 {ratios[kind]['p50']}x  "
                      f"p95 {ratios[kind]['p95']}x")  # fmt: skip
            results["fresh"][str(size)] = fresh_results
            results["bare_sql"][str(size)] = sql_results
            results["fresh_ratio_to_sql"][str(size)] = ratios
        if "fresh" in PARTS:
            size, slug = max(SIZES), "national" if max(SIZES) == data["las"] else f"las-{max(SIZES)}"
            print(f"one client, each page made right after a change is committed ({size} LAs), beside the same "
                  f"client with no change:")  # fmt: skip
            one_client = {kind: each_after_a_change(port, session, paths, changes, slug)
                          for kind, paths in pages_for(slug).items()}  # fmt: skip
            for kind, found in one_client.items():
                after, unchanged = found["after_a_change"], found["no_change"]
                print(f"  {kind:9} after a change p50 {after['p50_ms']:6.1f} ms  p95 {after['p95_ms']:6.1f} ms   "
                      f"no change p50 {unchanged['p50_ms']:6.1f} ms  p95 {unchanged['p95_ms']:6.1f} ms")  # fmt: skip
            results["one_client_each_after_a_change"] = {str(size): one_client}
            # The same at the largest size from processes that keep no figures (ADR 0624): what a
            # process pays for figures it has not read (DfE's parts and the rest stay kept).
            stop_gunicorn(server)
            server = start_gunicorn(env | {"NOTINSCHOOL_FIGURES_KEPT": "0"}, port)
            cold = {}
            for kind, paths in pages_for(slug).items():
                with changes.every(CHANGE_EVERY, slug):
                    load(port, session, fresh(paths, WARM_UP), WARM_UP)
                    cold[kind] = measured(server, port, session, paths)
                print(f"  {size:3} LAs {kind:8} p50 {cold[kind]['p50_ms']:7.1f} ms  p95 {cold[kind]['p95_ms']:7.1f} ms"
                      f"  service CPU {cpu_text(cold[kind]['service_cpu_ms'])} a request"
                      f"  with no figures kept in the process (NOTINSCHOOL_FIGURES_KEPT=0)")  # fmt: skip
            results["fresh_no_figures_kept"] = {str(size): cold}
            cpu = {kind: r["service_cpu_ms"] for kind, r in results["fresh"][str(size)].items()}
            if cpu["measure"] and cpu["profile"]:
                results["profile_over_measure_service_cpu"] = round(cpu["profile"] / cpu["measure"], 2)
                print(f"a profile costs {results['profile_over_measure_service_cpu']}x a measure page in the "
                      f"service's CPU (gunicorn's workers, {size} LAs)")  # fmt: skip
            results["changes_made"], results["change_every_ms"] = changes.made, CHANGE_EVERY * 1000
            stop_gunicorn(server)
            server = start_gunicorn(env, port)
        if len(SIZES) > 1 and "fresh" in PARTS:
            small, large = str(min(SIZES)), str(max(SIZES))
            growth = {"las": round(max(SIZES) / min(SIZES), 2)}
            for kind in results["fresh"][large]:
                growth[kind] = round(
                    results["fresh"][large][kind]["p50_ms"] / results["fresh"][small][kind]["p50_ms"], 2
                )
                growth[f"{kind}_bare_sql"] = round(
                    results["bare_sql"][large][kind]["p50_ms"] / results["bare_sql"][small][kind]["p50_ms"], 2
                )
            results["growth_p50_largest_over_smallest"] = growth
            print(f"growth from {small} to {large} LAs (p50; the LAs grew {growth['las']}x): "
                  + ", ".join(f"{k} {v}x" for k, v in growth.items() if k != "las"))  # fmt: skip
        print("cached (national), beside a static copy of the same page served by the same server:")
        cached, first_views, after_another, static = {}, {}, {}, {}
        # The server was started afresh: its workers serve each page, its static copy and the account
        # page (most likely every worker, each of them), so the page measured first does not pay for
        # the workers' first requests.
        for kind, paths in national.items():
            load(port, session, [*paths, f"/static/bench/{kind}.html", "/accounts/"], 2 * WARM_UP)
        for kind, paths in national.items():
            load(port, session, paths, WARM_UP)
            cached[kind] = summary(load(port, session, paths, REQUESTS_PER_PAGE))
            # The same cached pages, each request from a session that has not seen them.
            fresh_sessions = new_sessions(base_env, REQUESTS_PER_PAGE)
            first_views[kind] = summary(load(port, fresh_sessions, paths, REQUESTS_PER_PAGE))
            # And from sessions each shown another page of the network just before (a reader moving
            # between pages others made; ADR 0620): that page first, then these.
            browsing = new_sessions(base_env, REQUESTS_PER_PAGE)
            load(port, browsing, national["measure" if kind == "overview" else "overview"][:1], REQUESTS_PER_PAGE)
            after_another[kind] = summary(load(port, browsing, paths, REQUESTS_PER_PAGE))
            static[kind] = summary(load(port, session, [f"/static/bench/{kind}.html"], REQUESTS_PER_PAGE))
        results["cached"] = cached
        results["cached_first_view_in_session"] = first_views
        results["static_copy"] = static
        results["cached_ratio_to_static"] = {
            kind: round(cached[kind]["p50_ms"] / static[kind]["p50_ms"], 2) for kind in cached
        }
        results["cached_first_view_ratio_to_static"] = {
            kind: round(first_views[kind]["p50_ms"] / static[kind]["p50_ms"], 2) for kind in cached
        }
        results["cached_first_view_after_another_page"] = after_another
        results["cached_first_view_after_another_page_ratio_to_static"] = {
            kind: round(after_another[kind]["p50_ms"] / static[kind]["p50_ms"], 2) for kind in cached
        }
        results["queries_and_bytes"] = per_page
        # What any signed-in page's first view in a session costs (ADR 0623): the reader's own
        # account page, from sessions that have seen nothing, served by the same server.
        account = summary(load(port, new_sessions(base_env, REQUESTS_PER_PAGE), ["/accounts/"], REQUESTS_PER_PAGE))
        results["account_page_first_view"] = account
        print(f"  the reader's account page, a session's first page: p50 {account['p50_ms']:.1f} ms, "
              f"p95 {account['p95_ms']:.1f} ms")  # fmt: skip
        for kind in cached:
            print(f"  {kind:9} static copy p50 {static[kind]['p50_ms']:5.1f} ms   "
                  f"seen again p50 {cached[kind]['p50_ms']:6.1f} ms  p95 {cached[kind]['p95_ms']:6.1f} ms "
                  f"({results['cached_ratio_to_static'][kind]}x, {per_page[kind]['hit']} queries)   "
                  f"first view in a session p50 {first_views[kind]['p50_ms']:6.1f} ms  "
                  f"p95 {first_views[kind]['p95_ms']:6.1f} ms ({results['cached_first_view_ratio_to_static'][kind]}x, "
                  f"{per_page[kind]['first_view']} queries)   a miss {per_page[kind]['miss']} queries   "
                  f"{per_page[kind]['bytes'] // 1024} KB")  # fmt: skip
            print(f"  {'':9} first view after another page of the network p50 {after_another[kind]['p50_ms']:6.1f} ms  "
                  f"p95 {after_another[kind]['p95_ms']:6.1f} ms "
                  f"({results['cached_first_view_after_another_page_ratio_to_static'][kind]}x)")  # fmt: skip
        largest = str(max(SIZES))
        met = {}
        if "fresh" in PARTS:
            met["fresh_p95_under_300ms"] = all(
                r["p95_ms"] < GOALS["fresh_p95_ms"] for r in results["fresh"][largest].values()
            )
            met["fresh_within_10x_bare_sql"] = all(
                r["p95"] <= GOALS["fresh_ratio_to_sql"] for r in results["fresh_ratio_to_sql"][largest].values()
            )
        met |= {
            "cached_within_1_5x_static": all(
                r <= GOALS["cached_ratio_to_static"] for r in results["cached_ratio_to_static"].values()
            ),
            "cached_first_view_within_1_5x_static": all(
                r <= GOALS["cached_ratio_to_static"] for r in results["cached_first_view_ratio_to_static"].values()
            ),
            "cached_first_view_after_another_page_within_1_5x_static": all(
                r <= GOALS["cached_ratio_to_static"]
                for r in results["cached_first_view_after_another_page_ratio_to_static"].values()
            ),
            "fewer_queries_per_hit": all(q["hit"] < q["first_view"] < q["miss"] for q in per_page.values()),
        }
        if len(SIZES) > 1 and "fresh" in PARTS:
            growth = results["growth_p50_largest_over_smallest"]
            met["pages_grow_no_faster_than_las"] = all(
                growth[kind] <= growth["las"] for kind in results["fresh"][largest]
            )
        load_average = os.getloadavg()
        report = {
            "when": time.strftime("%Y-%m-%d %H:%M:%S"),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "load_average_1_5_15": [round(x, 1) for x in load_average],
                        "python_sum_of_a_million_ms": speed},
            "database": engine,
            "dataset": {"las": data["las"], "sizes": SIZES, "terms": data["periods"], "figures": data["figures"]},
            "server": "gunicorn, production settings, 4 workers x 1 thread, cache in Redis",
            "clients": CLIENTS,
            "parts": sorted(PARTS),
            "requests_per_page": REQUESTS_PER_PAGE,
            "results": results,
            "goals": GOALS,
            "goals_met": met,
        }  # fmt: skip
        RESULTS.write_text(json.dumps(history(report), indent=2) + "\n")
        print(f"goals met: {met} (load average while measuring: {report['machine']['load_average_1_5_15']})")
    finally:
        if changes is not None:
            changes.close()
        if server is not None:
            stop_gunicorn(server)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
