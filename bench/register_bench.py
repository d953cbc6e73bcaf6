"""Benchmark: the register at the size of a large LA (20,000 children, 60,000 episodes) and at
national scale (200,000 children, 600,000 episodes: one LA's worst case).

Run with `.venv/bin/python bench/register_bench.py`. Prints the figures and appends them to
bench/results/register.json (earlier runs are kept, so a slowdown shows). Each database is a
scratch one: a temporary SQLite file, and (when PostgreSQL answers at BENCH_POSTGRES,
default postgres://postgres@127.0.0.1:5432/postgres) a scratch database created beside it and
dropped afterwards. On PostgreSQL everything runs as the service does: as the application role,
under row-level security.

Goals (issues 16 and 19): generate the return in under 1 s at 20,000 children and under 10 s at
200,000, within 2x of a hand-written SQL aggregate of the same counts measured in the same run
(bench/register_sql_baseline.py), growing no faster than the register; open a child's record
(with its audit write) in under 100 ms p95; search in under 200 ms p95; import 20,000 rows in
under 30 s. BENCH_SIZES (e.g. "20000") runs fewer sizes.
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

from serverkit import percentile, postgres_scratch, results_path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = results_path("register")
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "20000,200000").split(",")]
EPISODES_PER_CHILD, IMPORT_ROWS = 3, 20_000
GOALS_MS = {
    "generate_return_20000": 1000, "generate_return_200000": 10000, "open_record": 100, "search": 200,
    "import_20000_rows": 30000,
}  # fmt: skip
GOAL_RATIO_TO_SQL = 2.0


def summary(samples: list[float]) -> dict:
    """Median and 95th percentile of wall times in milliseconds."""
    samples = sorted(samples)
    return {
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
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


def build_register(la, rng, children_wanted: int) -> list[tuple[str, str, object]]:
    """`children_wanted` children and three times as many episodes over three years, loaded in
    bulk (COPY on PostgreSQL); the children as (id, family name, date of birth)."""
    import datetime

    from notinschool.register.bulk import insert_rows
    from notinschool.register.models import Child, Episode, SAOEvent, new_token, normalise_name
    from notinschool.register.services.episodes import DEFAULT_GROUND

    given = ["Alex", "Bea", "Cal", "Dee", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jas", "Kit", "Lou"]
    family = [
        f"{a}{b}"
        for a in ("Mad", "Not", "Sam", "Tes", "Dem", "Pre", "Fic", "Dum")
        for b in ("eup", "real", "ple", "ton", "son", "ford")
    ]
    grounds = {str(kind): str(ground) for kind, ground in DEFAULT_GROUND.items()}
    children = []
    for number in range(children_wanted):
        g, f = rng.choice(given), rng.choice(family) + str(number % 50)
        born = datetime.date(2009, 9, 1) + datetime.timedelta(days=rng.randint(0, 4400))
        children.append({
            "id": new_token(), "local_authority_id": la.pk, "given_name": g, "family_name": f,
            "given_name_normalised": normalise_name(g), "family_name_normalised": normalise_name(f),
            "date_of_birth": born, "sex": rng.choice(["female", "male"]), "ehcp": rng.random() < 0.1,
            "local_reference": f"B{number}",
        })  # fmt: skip
    insert_rows(Child, children)
    events = []

    def episodes():
        start_day = datetime.date(2023, 1, 1)
        for number in range(children_wanted * EPISODES_PER_CHILD):
            child_id = children[number % children_wanted]["id"]
            kind = rng.choices(["ehe", "cme", "s19", "flexi"], weights=[55, 30, 10, 5])[0]
            start = start_day + datetime.timedelta(days=rng.randint(0, 1000))
            end = start + datetime.timedelta(days=rng.randint(1, 400)) if rng.random() < 0.6 else None
            episode = {"child_id": child_id, "kind": kind, "eligibility_ground": grounds.get(kind, ""),
                       "start_date": start, "end_date": end,
                       "outcome": rng.choice(["returned_to_school", "moved_away"]) if end else "",
                       "reason": rng.choice(["religious", "lifestyle", "unknown"]) if kind == "ehe" else "other",
                       "missing_since": start if kind == "cme" else None}  # fmt: skip
            if kind == "s19":
                seen_on = start + datetime.timedelta(days=7)
                episode.update(referral_on=start, decision="accepted", decision_on=start,
                               provision_started_on=seen_on, provision_type="online")  # fmt: skip
            if number % 20 == 0:
                events.append({"child_id": child_id, "kind": "s437_notice", "happened_on": start})
            yield episode

    insert_rows(Episode, episodes())
    insert_rows(SAOEvent, events)
    return [(child["id"], child["family_name"], child["date_of_birth"]) for child in children]


def measure() -> dict:
    """Runs inside a child process whose DATABASE_URL points at a migrated scratch database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notinschool.config.settings")
    import django

    django.setup()
    import datetime

    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from notinschool.accounts.backends import SIGN_IN_BACKEND
    from notinschool.accounts.models import Role, RoleAssignment, User
    from notinschool.core.actor import Actor
    from notinschool.core.dbrole import owner_session
    from notinschool.places.selectors import la_by_code
    from notinschool.places.services import load_reference_data
    from notinschool.register.services import ReturnDates, return_generate
    from notinschool.register.services.importing import register_import
    from notinschool.register.tenancy import scoped

    rng = random.Random(2026)  # noqa: S311
    load_reference_data()
    kent, surrey = la_by_code("886"), la_by_code("936")
    dates = ReturnDates(census_date=datetime.date(2025, 10, 2), term_start=datetime.date(2025, 5, 16))
    # The machine is shared: the load average says how far the figures are the code's own.
    results = {"database_role": None, "row_level_security": connection.vendor == "postgresql",
               "load_average_start": [round(n, 2) for n in os.getloadavg()]}  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT current_user")
            results["database_role"] = cursor.fetchone()[0]
    kent_children = []
    for size, la in zip(SIZES, (kent, la_by_code("887")), strict=False):
        start = time.perf_counter()
        # COPY, as the tables' owner (register.bulk): the bench times the return, not the load.
        with scoped(la):
            made = build_register(la, rng, size)
        if connection.vendor == "postgresql":
            # As autovacuum would have after a bulk load; ANALYZE needs the tables' owner.
            with owner_session(), connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        kent_children = kent_children or made
        figures = {"build_register_s": round(time.perf_counter() - start, 1)}
        runs = 5 if size <= 20_000 else 3
        figures["generate_return"] = timed(lambda la=la: return_generate(la, "2025-26-autumn", dates), runs)
        if connection.vendor == "postgresql":
            figures["sql_aggregate"] = timed(lambda la=la: _sql(la, dates), runs)
            figures["ratio_to_sql"] = round(
                figures["generate_return"]["median_ms"] / figures["sql_aggregate"]["median_ms"], 2
            )
            figures["same_counts"] = _same_counts(la, dates)
        results[f"children_{size}"] = figures
    children = kent_children

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

    picks = [rng.choice(children)[0] for _ in range(200)]

    def open_record():
        response = client.get(reverse("register:child", kwargs={"child_id": picks.pop()}))
        assert response.status_code == 200, response.status_code

    results["open_record"] = timed(open_record, 199)
    searches = []
    for _ in range(201):
        _, family_name, born = rng.choice(children)
        if rng.random() < 0.5:
            searches.append({"name": family_name})
        else:
            searches.append({"name": "", "date_of_birth": born.strftime("%d/%m/%Y")})

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
    result = register_import(la=surrey, data=data, filename="bench.csv", actor=Actor.of(officer))
    assert not result.errors, result.errors[:3]
    results["import_20000_rows"] = {"seconds": round(time.perf_counter() - start, 2)}
    results["load_average_end"] = [round(n, 2) for n in os.getloadavg()]
    return results


def _sql(la, dates):
    """The hand-written aggregate, in the LA's scope as the service's own queries are."""
    from django.db import connection

    from notinschool.register.tenancy import scoped

    sys.path.insert(0, str(ROOT / "bench"))
    from register_sql_baseline import sql_figures

    with scoped(la), connection.cursor() as cursor:
        census = dates.census_date
        year = census.year if census.month >= 9 else census.year - 1
        return sql_figures(cursor, la_id=la.pk, census=census, term_start=dates.term_start, year=year)


def _same_counts(la, dates) -> bool:
    """The aggregate and the product agree on every compared figure (else the baseline is not
    the same work, and the ratio means nothing)."""
    from register_sql_baseline import COMPARED

    from notinschool.register.services import return_generate

    product = return_generate(la, "2025-26-autumn", dates).figures
    baseline = _sql(la, dates)
    for (measure, category), value in product.items():
        if measure in COMPARED and baseline.get((measure, category), 0) != (value or 0):
            raise AssertionError(f"{measure} {category}: product {value}, SQL {baseline.get((measure, category))}")
    return True


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
    print(f"{backend} (working as {figures.get('database_role') or 'the file owner'}"
          f"{', row-level security on' if figures.get('row_level_security') else ''}):")  # fmt: skip
    sizes = [size for size in SIZES if f"children_{size}" in figures]
    for size in sizes:
        f = figures[f"children_{size}"]
        goal = GOALS_MS.get(f"generate_return_{size}")
        line = (f"  {size:,} children ({size * EPISODES_PER_CHILD:,} episodes, built in {f['build_register_s']} s): "
                f"return median {f['generate_return']['median_ms']} ms (goal {goal} ms)")  # fmt: skip
        if "sql_aggregate" in f:
            line += (f"; hand-written SQL aggregate median {f['sql_aggregate']['median_ms']} ms; ratio "
                     f"{f['ratio_to_sql']}x (goal {GOAL_RATIO_TO_SQL}x); same counts: {f['same_counts']}")  # fmt: skip
        print(line)
    if len(sizes) == 2:
        small, large = (figures[f"children_{size}"] for size in sizes)
        growth = round(large["generate_return"]["median_ms"] / small["generate_return"]["median_ms"], 1)
        line = f"  growth {sizes[0]:,} -> {sizes[1]:,} children ({sizes[1] // sizes[0]}x): return {growth}x"
        if "sql_aggregate" in small:
            sql_growth = round(large["sql_aggregate"]["median_ms"] / small["sql_aggregate"]["median_ms"], 1)
            line += f", SQL aggregate {sql_growth}x"
        print(line)
    for task in ("open_record", "search"):
        f = figures[task]
        print(f"  {task}: median {f['median_ms']} ms, p95 {f['p95_ms']} ms (goal {GOALS_MS[task]} ms)")
    print(f"  import {IMPORT_ROWS:,} rows: {figures['import_20000_rows']['seconds']} s (goal 30 s)")
    if "load_average_start" in figures:
        print(f"  load average (1, 5, 15 min) at the start {figures['load_average_start']}, "
              f"at the end {figures['load_average_end']}")  # fmt: skip


def main() -> None:
    results = {"machine": platform.platform(), "python": platform.python_version(), "goals_ms": GOALS_MS}
    backends = os.environ.get("BENCH_BACKENDS", "sqlite,postgresql").split(",")
    if "sqlite" in backends:
        with tempfile.TemporaryDirectory() as folder:
            results["sqlite"] = run_backend(f"sqlite:///{folder}/bench.sqlite3")
        report("sqlite", results["sqlite"])
    if "postgresql" in backends:
        with postgres_scratch("register_bench") as url:
            if url is not None:
                results["postgresql"] = run_backend(url)
                report("postgresql", results["postgresql"])
    earlier = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    runs = earlier.get("runs", [earlier] if earlier else [])
    results["when"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    RESULTS.write_text(json.dumps({"runs": [*runs, results]}, indent=2) + "\n")
    print(f"Wrote {RESULTS}")
    failed = [name for name in ("sqlite", "postgresql") if "error" in results.get(name, {})]
    if failed:  # kept in the results above, and said by the exit status too
        raise SystemExit(f"the register benchmark failed on {', '.join(failed)}")


if __name__ == "__main__":
    if "--measure" in sys.argv:
        print(json.dumps(measure()))
    else:
        main()
