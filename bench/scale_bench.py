"""Benchmark: the service at national scale on several processes, as production runs it.

Three app servers (gunicorn, one process each, production settings) and two job workers over
one PostgreSQL and one Redis, with 153 LAs x 12 terms of approved returns. Then, at the same
moment: 19 LAs upload their returns (through the API), 50 readers browse the national
dashboard, the daily scheduler queues reminders to every LA (153 emails, sent by the workers to
a mail relay on loopback), and the meeting pack is built by a job on the same workers.

Baselines measured in the same run: the readers alone, and the 19 uploads alone. Checks that
nothing failed and nothing was lost: every request answered 200/201, every upload stored once,
every reminder delivered exactly once. Writes bench/results/scale.json.
Run: `.venv/bin/python bench/scale_bench.py` (about 10 minutes on 2 cores). Needs PostgreSQL and
Redis on 127.0.0.1.
"""

import base64
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import serverkit
from benchmark_bench import SETUP as NATIONAL_SETUP

DASHBOARD_TERM = "2026-27-spring"  # the newest of the 12 terms of approved returns
UPLOAD_TERM = "2026-27-summer"  # open, nothing sent yet
READERS = 50
READS_EACH = int(os.environ.get("BENCH_READS_EACH", "12"))
APP_SERVERS, WORKERS = 3, 2

EXTRA_SETUP = """
import json, sys
from django.test import RequestFactory
from notinschool.accounts.models import User
from notinschool.accounts.services import api_token_create
from notinschool.core.actor import Actor
from notinschool.benchmark.tests.factories import open_collection
from notinschool.places.models import LocalAuthority, Network
from notinschool.returns.models import ReturnContact
period = sys.argv[1]
national = Network.objects.get(slug="national")
open_collection(national, period)
for la in LocalAuthority.objects.filter(status="current"):
    ReturnContact.objects.create(local_authority=la, name=f"{la.name} team", email=f"team@{la.old_code}.example",
                                 topics=["ehe", "cme"])
request = RequestFactory().post("/")
request.user = User.objects.get(email="admin@notinschool.example")
tokens = {la.old_code: api_token_create(actor=Actor.from_request(request), local_authority=la, name="bench",
                                        scopes=["returns:submit", "returns:read"]).secret
          for la in Network.objects.get(slug="south-east").local_authorities.all()}
print(json.dumps(tokens))
"""

FILES = """
import base64, json, sys
from notinschool.returns.tests.factories import filled_xlsx
codes, period = json.loads(sys.argv[1]), sys.argv[2]
print(json.dumps({code: base64.b64encode(filled_xlsx(code, period=period, seed=int(code))).decode() for code in codes}))
"""

CHECK = """
import json, sys
from notinschool.jobs.models import Job
from notinschool.notifications.models import Notification
from notinschool.returns.models import Return, ReturnVersion
period = sys.argv[1]
print(json.dumps({
    "versions": list(ReturnVersion.objects.filter(return_record__period=period)
                     .values_list("return_record__local_authority__old_code", flat=True)),
    "returns": Return.objects.filter(period=period).count(),
    "notifications": dict(Counter(Notification.objects.values_list("status", flat=True))),
    "jobs": dict(Counter(Job.objects.values_list("status", flat=True))),
    "failed_jobs": list(Job.objects.filter(status="failed").values_list("title", "error")[:5]),
}))
""".replace("import json, sys", "import json, sys\nfrom collections import Counter")


class Relay:
    """A mail relay on loopback (aiosmtpd) that counts what it is given, per recipient."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.received: Counter = Counter()
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=serverkit.free_port())

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.update(envelope.rcpt_tos)
        return "250 OK"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def start_servers(env: dict, logs: Path) -> tuple[list[subprocess.Popen], list[str]]:
    """Three gunicorn app servers of one process each, and two workers."""
    processes, bases = [], []
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    for n in range(APP_SERVERS):
        port = serverkit.free_port()
        server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "4"}
        with (logs / f"app{n}.log").open("wb") as log:
            processes.append(
                subprocess.Popen(
                    [gunicorn, "notinschool.config.wsgi", "--access-logfile", "/dev/null"],
                    cwd=serverkit.ROOT,
                    env=server_env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        bases.append(f"http://127.0.0.1:{port}")
    for n in range(WORKERS):
        with (logs / f"worker{n}.log").open("wb") as log:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "worker", "--no-startup-delay"],
                    cwd=serverkit.ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
    for n, (base, process) in enumerate(zip(bases, processes, strict=False)):
        deadline = time.monotonic() + 300  # a busy shared machine can take minutes
        while True:
            try:
                serverkit.request(base + "/", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    for started in processes:  # leave nothing running behind
                        started.terminate()
                    log = (logs / f"app{n}.log").read_text(errors="replace")[-3000:]
                    raise SystemExit(f"app server {n} did not start:\n{log}") from None
                time.sleep(0.5)
    return processes, bases


class Recorder:
    """Times and failures of one kind of request, from many threads."""

    def __init__(self):
        self.seconds: list[float] = []
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def add(self, seconds: float, ok: bool, what: str) -> None:
        with self.lock:
            self.seconds.append(seconds)
            if not ok:
                self.errors.append(what)

    def summary(self) -> dict:
        return {**serverkit.summary(self.seconds), "errors": len(self.errors), "first_error": self.errors[:1]}


def readers(bases: list[str], session: str, recorder: Recorder) -> None:
    """READERS people browsing the national dashboard, READS_EACH pages each, across the servers."""
    term = f"/dashboard/national/{DASHBOARD_TERM}"
    pages = [f"{term}/", f"{term}/ehe_total/", f"{term}/cme_total/?las=886,936,850", f"{term}/la/886/",
             "/dashboard/national/trend/ehe_total/", f"{term}/ehe_total/?breakdown=sex&category=female",
             f"{term}/ehe_total/table.csv", f"{term}/la/936/?neighbours=936"]  # fmt: skip
    cookie = {"Cookie": f"__Host-sessionid={session}"}

    def person(index: int) -> None:
        for n in range(READS_EACH):
            base = bases[(index + n) % len(bases)]
            path = pages[(index * 3 + n) % len(pages)]
            try:
                status, _, seconds = serverkit.request(base + path, headers=cookie, timeout=120)
            except OSError as exc:
                recorder.add(0.0, False, f"{path}: {exc}")
                continue
            recorder.add(seconds, status == 200, f"{path}: {status}")

    with ThreadPoolExecutor(max_workers=READERS) as pool:
        list(pool.map(person, range(READERS)))


def uploads(bases: list[str], tokens: dict, files: dict, recorder: Recorder) -> None:
    """The 19 South East LAs upload their returns at the same moment, spread over the servers."""
    barrier = threading.Barrier(len(tokens))

    def send(index: int, code: str) -> None:
        body, content_type = serverkit.multipart({"period": UPLOAD_TERM}, {"file": (f"{code}.xlsx", files[code])})
        barrier.wait(timeout=60)
        status, _, seconds = serverkit.request(
            bases[index % len(bases)] + "/api/v1/returns/",
            data=body,
            headers={"Authorization": f"Bearer {tokens[code]}", "Content-Type": content_type},
            timeout=120,
        )
        recorder.add(seconds, status in (200, 201), f"{code}: {status}")

    threads = [threading.Thread(target=send, args=(i, code)) for i, code in enumerate(sorted(tokens))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)


def build_pack(bases: list[str], session: str) -> dict:
    """The pack asked for as a coordinator would: its job runs on the workers beside the uploads."""
    try:
        built = serverkit.build_pack(bases[0], session, f"/dashboard/south-east/{DASHBOARD_TERM}/pack/")
    except SystemExit as exc:
        return {"ok": False, "error": str(exc)[:500]}
    return {"seconds": built["ready_s"], "ok": True, "bytes": built["bytes"], "pages": built["pages"],
            "tries": built["tries"]}  # fmt: skip


def main() -> None:
    import redis

    cache = redis.Redis.from_url(serverkit.REDIS_URL, socket_connect_timeout=2)
    cache.ping()
    if not serverkit.postgres_available():
        raise SystemExit("This benchmark needs PostgreSQL on 127.0.0.1 (one database for every process).")
    with serverkit.scratch_database() as (engine, url), tempfile.TemporaryDirectory() as var_dir, Relay() as relay:
        env = serverkit.environment(
            url,
            var_dir,
            DJANGO_EMAIL_HOST="127.0.0.1",
            DJANGO_EMAIL_PORT=str(relay.controller.port),
            NOTINSCHOOL_JOB_POLL_SECONDS="0.5",
        )
        prefix = env["NOTINSCHOOL_CACHE_PREFIX"]
        started = time.perf_counter()
        national = subprocess.run(
            [sys.executable, "-c", NATIONAL_SETUP, DASHBOARD_TERM],
            cwd=serverkit.ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "notinschool.config.settings"},
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if national.returncode:
            raise SystemExit(national.stdout[-2000:] + national.stderr[-3000:])
        data = json.loads(national.stdout.strip().splitlines()[-1])
        tokens = json.loads(serverkit.run_python(env, EXTRA_SETUP, UPLOAD_TERM))
        files = {
            code: base64.b64decode(content)
            for code, content in json.loads(
                serverkit.run_python(env, FILES, json.dumps(sorted(tokens)), UPLOAD_TERM)
            ).items()
        }
        serverkit.manage(env, "collectstatic", "--no-input")
        print(f"{engine}: {data['las']} LAs x {len(data['periods'])} terms, {data['figures']:,} figures, "
              f"built in {time.perf_counter() - started:.0f} s")  # fmt: skip
        logs = Path(var_dir) / "logs"
        logs.mkdir()
        processes, bases = start_servers(env, logs)
        session = data["session"]
        results: dict = {}
        try:
            # Warm up each server's imports and the shared cache.
            readers(bases, session, Recorder())
            # Baseline 1: the readers alone.
            alone = Recorder()
            readers(bases, session, alone)
            results["readers_alone"] = alone.summary()
            print(f"readers alone:        p50 {alone.summary()['median_ms']} ms, p95 {alone.summary()['p95_ms']} ms")
            # Baseline 2: 19 uploads at once, alone (a first version for each LA, discarded).
            baseline_uploads = Recorder()
            uploads(bases, tokens, {code: files[code] for code in tokens}, baseline_uploads)
            results["uploads_alone"] = baseline_uploads.summary()
            print(f"19 uploads alone:     p50 {baseline_uploads.summary()['median_ms']} ms, "
                  f"p95 {baseline_uploads.summary()['p95_ms']} ms")  # fmt: skip
            # The scenario: everything at once. New files (a second version for each LA).
            second = json.loads(serverkit.run_python(env, FILES.replace("seed=int(code)", "seed=int(code) + 1"),
                                           json.dumps(sorted(tokens)), UPLOAD_TERM))  # fmt: skip
            second_files = {code: base64.b64decode(content) for code, content in second.items()}
            busy_readers, busy_uploads, pack = Recorder(), Recorder(), {}
            scenario_started = time.perf_counter()
            serverkit.manage(env, "send_reminders", "--days", "400")  # the daily scheduler, now
            threads = [
                threading.Thread(target=readers, args=(bases, session, busy_readers)),
                threading.Thread(target=uploads, args=(bases, tokens, second_files, busy_uploads)),
                threading.Thread(target=lambda: pack.update(build_pack(bases, session))),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=900)
            expected_emails = data["las"]
            deadline = time.monotonic() + 600
            while sum(relay.received.values()) < expected_emails and time.monotonic() < deadline:
                time.sleep(0.5)
            emails_seconds = time.perf_counter() - scenario_started
            results["readers_with_everything"] = busy_readers.summary()
            results["uploads_with_everything"] = busy_uploads.summary()
            results["pack_19_las_by_a_job"] = pack
            results["reminders"] = {
                "emails_expected": expected_emails,
                "emails_delivered": sum(relay.received.values()),
                "recipients_emailed_twice": sorted(r for r, n in relay.received.items() if n > 1),
                "seconds_until_all_delivered": round(emails_seconds, 1),
            }
            check = json.loads(serverkit.run_python(env, CHECK, UPLOAD_TERM))
            # What went wrong, from the workers' own logs, for anyone reading the results.
            results["errors_logged"] = [
                line
                for name in [f"worker{n}" for n in range(WORKERS)] + [f"app{n}" for n in range(APP_SERVERS)]
                for line in (logs / f"{name}.log").read_text(errors="replace").splitlines()
                if ("Error" in line or "CRITICAL" in line or "WORKER TIMEOUT" in line) and not line.startswith(" ")
            ][:20]
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=60)
            for key in cache.scan_iter(f"{prefix}:*"):
                cache.delete(key)
        versions = Counter(check["versions"])
        results["stored"] = {
            "returns": check["returns"],
            "versions_per_la": sorted(set(versions.values())),
            "notifications": check["notifications"],
            "jobs": check["jobs"],
            "failed_jobs": check["failed_jobs"],
        }
        for name in ("readers", "uploads"):
            base, busy = results[f"{name}_alone"], results[f"{name}_with_everything"]
            results[f"{name}_p95_ratio_busy_to_alone"] = round(busy["p95_ms"] / base["p95_ms"], 2)
            results[f"{name}_p50_ratio_busy_to_alone"] = round(busy["median_ms"] / base["median_ms"], 2)
        results["checks"] = {
            "no_request_failed": not any(
                results[k]["errors"]
                for k in (
                    "readers_alone",
                    "uploads_alone",
                    "readers_with_everything",
                    "uploads_with_everything",
                )
            ),
            "pack_built": bool(pack.get("ok")),
            "every_upload_stored_once_per_try": check["returns"] == len(tokens) and set(versions.values()) == {2},
            "every_reminder_delivered_once": results["reminders"]["emails_delivered"] == expected_emails
            and not results["reminders"]["recipients_emailed_twice"],
            "no_job_failed": not check["failed_jobs"],
        }
        report = {
            "when": time.strftime("%Y-%m-%d %H:%M:%S"),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "database": engine,
            "dataset": {"las": data["las"], "terms": data["periods"], "figures": data["figures"]},
            "set_up": f"{APP_SERVERS} gunicorn app servers x 1 process x 4 threads, {WORKERS} job workers, "
            "one PostgreSQL, one Redis, a mail relay on loopback",
            "load": f"{READERS} readers x {READS_EACH} pages; 19 uploads at one moment; the reminders of the "
            "daily scheduler (one email per LA); the meeting pack built by a job on the workers",
            "results": results,
        }
        serverkit.write_results("scale", report)
        if not all(results["checks"].values()):
            raise SystemExit(f"checks failed: {results['checks']}")


if __name__ == "__main__":
    main()
