"""Benchmark: the register at the size of a large LA (20,000 children, 60,000 episodes).

Run with `.venv/bin/python bench/register_bench.py`. Prints the figures and writes
bench/results/register.json. Each database is a scratch one: a temporary SQLite file, and (when
PostgreSQL answers at BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test) a
scratch database created beside it and dropped afterwards. Goals: generate the return in under
2 s; open a child's record (with its audit write) in under 100 ms p95; search by name or date
of birth in under 200 ms p95; import 20,000 rows in under 30 s.
"""

import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "register.json"
CHILDREN, EPISODES, IMPORT_ROWS = 20_000, 60_000, 20_000
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
GOALS_MS = {"generate_return": 2000, "open_record": 100, "search": 200, "import_20000_rows": 30000}


def summary(samples: list[float]) -> dict:
    """Median and 95th percentile of wall times in milliseconds."""
    samples = sorted(samples)
    return {
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 1),
        "runs": len(samples),
    }


def timed(function, runs: int) -> dict:
    function()  # warm up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return summary(samples)


def build_register(la, rng):
    """20,000 children and 60,000 episodes over three years, in bulk."""
    import datetime

    from notinschool.register.models import Child, Episode, SAOEvent, new_token, normalise_name

    given = ["Alex", "Bea", "Cal", "Dee", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jas", "Kit", "Lou"]
    family = [
        f"{a}{b}"
        for a in ("Mad", "Not", "Sam", "Tes", "Dem", "Pre", "Fic", "Dum")
        for b in ("eup", "real", "ple", "ton", "son", "ford")
    ]
    children = []
    for number in range(CHILDREN):
        g, f = rng.choice(given), rng.choice(family) + str(number % 50)
        born = datetime.date(2009, 9, 1) + datetime.timedelta(days=rng.randint(0, 4400))
        children.append(Child(
            id=new_token(), local_authority=la, given_name=g, family_name=f, given_name_normalised=normalise_name(g),
            family_name_normalised=normalise_name(f), date_of_birth=born, sex=rng.choice(["female", "male"]),
            ehcp=rng.random() < 0.1, local_reference=f"B{number}",
        ))  # fmt: skip
    Child.objects.bulk_create(children, batch_size=2000)
    episodes, events = [], []
    start_day = datetime.date(2023, 1, 1)
    for number in range(EPISODES):
        child = children[number % CHILDREN]
        kind = rng.choices(["ehe", "cme", "s19", "flexi"], weights=[55, 30, 10, 5])[0]
        start = start_day + datetime.timedelta(days=rng.randint(0, 1000))
        end = start + datetime.timedelta(days=rng.randint(1, 400)) if rng.random() < 0.6 else None
        episode = Episode(child=child, kind=kind, start_date=start, end_date=end,
                          outcome=rng.choice(["returned_to_school", "moved_away"]) if end else "",
                          reason=rng.choice(["religious", "lifestyle", "unknown"]) if kind == "ehe" else "other",
                          missing_since=start if kind == "cme" else None)  # fmt: skip
        if kind == "s19":
            episode.referral_on, episode.decision, episode.decision_on = start, "accepted", start
            episode.provision_started_on, episode.provision_type = start + datetime.timedelta(days=7), "online"
        episodes.append(episode)
        if number % 20 == 0:
            events.append(SAOEvent(child=child, kind="s437_notice", happened_on=start))
    Episode.objects.bulk_create(episodes, batch_size=2000)
    SAOEvent.objects.bulk_create(events, batch_size=2000)
    return children


def measure() -> dict:
    """Runs inside a child process whose DATABASE_URL points at a migrated scratch database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notinschool.config.settings")
    import django

    django.setup()
    import datetime

    from django.test import Client
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from notinschool.accounts.backends import SIGN_IN_BACKEND
    from notinschool.accounts.models import Role, RoleAssignment, User
    from notinschool.places.selectors import la_by_code
    from notinschool.places.services import load_reference_data
    from notinschool.register.services import ReturnDates, return_generate
    from notinschool.register.services.importing import register_import

    rng = random.Random(2026)  # noqa: S311
    load_reference_data()
    kent, surrey = la_by_code("886"), la_by_code("936")
    start = time.perf_counter()
    children = build_register(kent, rng)
    build_s = time.perf_counter() - start
    dates = ReturnDates(census_date=datetime.date(2025, 10, 2), term_start=datetime.date(2025, 5, 16))
    results = {"build_register_s": round(build_s, 1)}
    results["generate_return"] = timed(lambda: return_generate(kent, "2025-26-autumn", dates), 10)

    officer = User.objects.create_user(email="bench-officer@kent.example", password=None)
    officer.local_authority = kent
    officer.save()
    RoleAssignment.objects.create(user=officer, role=Role.REGISTER_OFFICER)
    device = TOTPDevice.objects.create(user=officer, name="bench", confirmed=True)
    client = Client()
    client.force_login(officer, backend=SIGN_IN_BACKEND)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()

    picks = [rng.choice(children).pk for _ in range(200)]

    def open_record():
        response = client.get(reverse("register:child", kwargs={"child_id": picks.pop()}))
        assert response.status_code == 200, response.status_code

    results["open_record"] = timed(open_record, 199)
    searches = []
    for _ in range(201):
        child = rng.choice(children)
        if rng.random() < 0.5:
            searches.append({"name": child.family_name})
        else:
            searches.append({"name": "", "date_of_birth": child.date_of_birth.strftime("%d/%m/%Y")})

    def search():
        response = client.post(reverse("register:home"), searches.pop(), follow=True)
        assert response.status_code == 200 and "Search results" in response.content.decode()

    results["search"] = timed(search, 200)

    header = "child_reference,given_name,family_name,date_of_birth,sex,episode_type,start_date,reason\n"
    rows = "".join(
        f"I{n},Imp,Ortedchild{n % 97},2014-03-02,female,ehe,2025-09-01,religious\n" for n in range(IMPORT_ROWS)
    )
    data = (header + rows).encode()
    start = time.perf_counter()
    result = register_import(la=surrey, data=data, filename="bench.csv", by=officer)
    assert not result.errors, result.errors[:3]
    results["import_20000_rows"] = {"seconds": round(time.perf_counter() - start, 2)}
    return results


def run_backend(database_url: str) -> dict:
    """Migrate the scratch database and measure in a fresh process; the error if either fails."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "false"}
    for command in ([str(ROOT / "manage.py"), "migrate", "-v", "0"], [__file__, "--measure"]):
        done = subprocess.run([sys.executable, *command], env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
            return {"error": f"{Path(command[0]).name} {' '.join(command[1:])} failed: {last}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(backend: str, figures: dict) -> None:
    if "error" in figures:
        print(f"{backend}: not measured: {figures['error']}")
        return
    print(f"{backend}: {CHILDREN:,} children and {EPISODES:,} episodes built in {figures['build_register_s']} s")
    for task in ("generate_return", "open_record", "search"):
        f = figures[task]
        print(f"  {task}: median {f['median_ms']} ms, p95 {f['p95_ms']} ms (goal {GOALS_MS[task]} ms)")
    print(f"  import {IMPORT_ROWS:,} rows: {figures['import_20000_rows']['seconds']} s (goal 30 s)")


def postgres_scratch():
    """A scratch database beside BENCH_POSTGRES_URL, or None when PostgreSQL does not answer."""
    try:
        import psycopg

        connection = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except Exception:
        return None, None
    name = f"register_bench_{os.getpid()}"
    connection.execute(f'CREATE DATABASE "{name}"')
    return connection, name


def main() -> None:
    results = {"machine": platform.platform(), "python": platform.python_version(), "goals_ms": GOALS_MS}
    backends = os.environ.get("BENCH_BACKENDS", "sqlite,postgresql").split(",")
    if "sqlite" in backends:
        with tempfile.TemporaryDirectory() as folder:
            results["sqlite"] = run_backend(f"sqlite:///{folder}/bench.sqlite3")
        report("sqlite", results["sqlite"])
    connection, name = postgres_scratch() if "postgresql" in backends else (None, None)
    if connection is not None:
        try:
            results["postgresql"] = run_backend(POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}")
            report("postgresql", results["postgresql"])
        finally:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.close()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    if "--measure" in sys.argv:
        print(json.dumps(measure()))
    else:
        main()
