"""Benchmark: importing large DfE EES files (synthetic, tidy layout).

Run with `.venv/bin/python bench/published_bench.py`. Prints the figures and writes
bench/results/published.json. Goals: a 60,000-row file imported in under 10 s (median of several
runs) and a 1,000,000-row file in under 2 minutes with peak memory under 1 GiB.

Each import runs in a fresh child process with its own temporary SQLite database (DATABASE_URL
set, `migrate` run, reference data loaded before the clock starts), so the peak resident memory
that `resource.getrusage` reports is the import's own. PostgreSQL is measured too when it answers
at BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432/postgres), each run in a scratch
database.

Wall time depends on what else the machine is doing, so each run also records the CPU time of
the importing process (the database server's own work on PostgreSQL is not in it) and the load
average. Set BENCH_RUNS (default 5) and BENCH_LARGE_RUNS (default 1) to change the repetitions,
and BENCH_SIZES (e.g. "rows_60k") to measure fewer sizes.

Baseline (issue 16): on PostgreSQL, each size is also loaded by PostgreSQL's own `COPY ... FROM
STDIN (FORMAT csv, HEADER)` of the same file into a table of the file's columns as text, in the
same run; the import's median is printed beside the COPY median as a ratio (goal: within 4x).
The import's own floor is measured too: after each PostgreSQL import, the figures it stored are
COPYed out, the table emptied, and the same figures COPYed back into the figure table with its keys
and indexes, committed (`storage_floor_seconds`): what storing these figures costs the database
before any file is read (ADR 0407). A second floor, for a design that loads first and checks
after (a table per release, attached when loaded): the same figures COPYed into a bare copy of the
table, then its indexes built and its foreign keys checked, one statement each
(`loaded_floor_seconds`), beside the time the intake takes only to read the file
(`read_seconds`): reading can overlap that load, not what follows it, which gives the least such an
import could take. Each run is appended to the results file's `history`, so a slowdown
shows.
"""

import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from serverkit import postgres_available, postgres_scratch, results_path  # noqa: E402

from notinschool.places import reference  # noqa: E402
from notinschool.published.mapping import shipped_mapping  # noqa: E402

RESULTS = results_path("published")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
LARGE_RUNS = int(os.environ.get("BENCH_LARGE_RUNS", "1"))
SIZES = {"rows_60k": (60_000, RUNS, 10.0), "rows_1m": (1_000_000, LARGE_RUNS, 120.0)}
if os.environ.get("BENCH_SIZES"):
    SIZES = {name: SIZES[name] for name in os.environ["BENCH_SIZES"].split(",")}
COPY_GOAL_RATIO = 4.0
MEMORY_LIMIT_MB = 1024
HEADINGS = [
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
    "region_name", "old_la_code", "new_la_code", "la_name", "breakdown_topic", "breakdown", "child_count",
    "child_percent", "rate_per_100",
]  # fmt: skip


def write_tidy_file(path: Path, rows: int) -> None:
    """A tidy EHE census file with `rows` rows: every place and every breakdown DfE publishes,
    term after term, going back in time until the file is long enough. Values cycle through
    numbers and DfE's symbols."""
    breakdowns = [(topic, label) for topic, label in _breakdown_labels()]
    regions = [r for r in reference.regions() if r.kind != "country"]
    las = [la for la in reference.local_authorities() if la.is_current]
    places = [("National", "", "", "", "", "")]
    places += [("Regional", r.code, r.name, "", "", "") for r in regions]
    places += [("Local authority", la.region_code, "", la.old_code, la.new_code, la.name) for la in las]
    values = ["120", "35", "low", "x", "0", "2870", "z", "c"]
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADINGS)
        year = 2025
        while written < rows:
            for term in ("Autumn term", "Spring term", "Summer term"):
                period = f"{year}{(year + 1) % 100:02d}"
                for level, region_code, region_name, old, new, name in places:
                    for topic, label in breakdowns:
                        count = values[written % len(values)]
                        rate = "0.9" if topic == "Total" else "z"
                        writer.writerow(
                            [period, term, level, "E92000001", "England", region_code, region_name, old, new, name,
                             topic, label, count, "12", rate]
                        )  # fmt: skip
                        written += 1
                        if written == rows:
                            return
            year -= 1


def _breakdown_labels() -> list[tuple[str, str]]:
    """(topic, breakdown) pairs from the mapping, spelt as DfE would (title case): one label for
    each figure (the mapping knows some figures by an older label too, which one file never holds
    beside the newer one)."""
    with (ROOT / "notinschool" / "published" / "data" / "ees_mapping.csv").open(encoding="utf-8") as handle:
        labels = {}
        for row in csv.DictReader(handle):
            if row["publication"] == "ehe_census" and row["kind"] == "breakdown":
                labels.setdefault((row["measure"], row["category"]), (row["ees_name"], row["ees_breakdown"]))
        return list(labels.values())


CHILD = """
import json, os, re, resource, sys, time
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "notinschool.config.settings"
import django
django.setup()
from django.core.management import call_command
# Every app: reference data reads tables that published's own migrations do not depend on.
call_command("migrate", verbosity=0, interactive=False)
from notinschool.places.services import load_reference_data
load_reference_data()
from notinschool.published.services import import_ees_path
from pathlib import Path
usage = resource.getrusage(resource.RUSAGE_SELF)
before, cpu_before = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
start = time.perf_counter()
report = import_ees_path(Path(sys.argv[1]))
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime - cpu_before
floor = loaded_floor = loaded_copied = None
indexes = keys = ()
# The intake's checks of the bytes and its reading of the rows, with nothing done with them.
from notinschool.published.reading import csv_reader, inspect_file
read_start = time.perf_counter()
with open(sys.argv[1], "rb") as source:
    for _ in csv_reader(source, inspect_file(source)):
        pass
read_seconds = time.perf_counter() - read_start
from django.db import connection, transaction
if connection.vendor == "postgresql":
    # The storage floor: the same figures COPYed into the same table, with its keys and indexes.
    import io
    stored = io.BytesIO()
    with connection.cursor() as cursor, cursor.cursor.copy("COPY published_publishedfigure TO STDOUT") as copy:
        for data in copy:
            stored.write(data)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE published_publishedfigure")
    floor_start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy("COPY published_publishedfigure FROM STDIN") as copy:
            copy.write(stored.getvalue())
    floor = time.perf_counter() - floor_start
    # Loaded first, checked after (as a table of one release's figures attached once loaded would
    # be): the same figures COPYed into a bare copy of the table, then its indexes built and its
    # foreign keys checked, one statement each (ADR 0407).
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'published_publishedfigure'")
        indexes = [re.sub(r"INDEX \\S+ ON \\S+", "INDEX ON loaded", found) for (found,) in cursor.fetchall()]
        cursor.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = 'published_publishedfigure'::regclass AND contype = 'f'")
        keys = [found for (found,) in cursor.fetchall()]
    assert indexes and keys, "the figure table's indexes and foreign keys were not found"
    loaded_start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE loaded (LIKE published_publishedfigure INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        with cursor.cursor.copy("COPY loaded FROM STDIN") as copy:
            copy.write(stored.getvalue())
        loaded_copied = time.perf_counter() - loaded_start
        for statement in indexes:
            cursor.execute(statement)
        for key in keys:
            cursor.execute("ALTER TABLE loaded ADD " + key)
    loaded_floor = time.perf_counter() - loaded_start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE loaded")
print(json.dumps({{"seconds": seconds, "storage_floor_seconds": floor, "loaded_floor_seconds": loaded_floor,
                  "loaded_copied_seconds": loaded_copied, "read_seconds": read_seconds,
                  "index_count": len(indexes), "key_count": len(keys), "cpu_seconds": cpu,
                  "load_average": os.getloadavg()[0],
                  "peak_rss_mb": round(peak, 1), "rss_before_import_mb": round(before, 1),
                  "rows_read": report.rows_read, "figures_imported": report.figures_imported}}))
"""


def import_in_child(path: Path, database_url: str) -> dict:
    """Import one file in a fresh interpreter with its own database; return its measurements."""
    # The import runs as the connecting role, not the service's non-owning one (ADR 0508), as every
    # earlier run of this bench did: the figures' tables have no row-level security to apply.
    environment = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "false", "DATABASE_APP_ROLE": ""}
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT)), str(path)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=900,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the import child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def copy_baseline(path: Path, runs: int) -> list[float]:
    """Seconds for PostgreSQL's COPY of the same file (all columns as text) into a fresh table
    in a scratch database, committed: what the database alone can do with the file."""

    import psycopg

    columns = ", ".join(f'"{heading}" text' for heading in HEADINGS)
    samples = []
    for _ in range(runs):
        with postgres_scratch("published_bench") as url, psycopg.connect(url) as connection:
            connection.execute(f"CREATE TABLE copied ({columns})")
            connection.commit()
            start = time.perf_counter()
            with (
                connection.cursor() as cursor,
                path.open("rb") as source,
                cursor.copy("COPY copied FROM STDIN (FORMAT csv, HEADER)") as copy,
            ):
                while chunk := source.read(1 << 20):
                    copy.write(chunk)
            connection.commit()
            samples.append(time.perf_counter() - start)
        print(f"  postgresql COPY baseline: {samples[-1]:.3f} s", flush=True)
    return samples


def measure(path: Path, runs: int, backend: str, folder: Path) -> list[dict]:
    samples = []
    for run in range(runs):
        if backend == "sqlite":
            database = folder / f"bench-{uuid.uuid4().hex[:8]}.sqlite3"
            samples.append(import_in_child(path, f"sqlite:///{database}"))
            database.unlink(missing_ok=True)
        else:
            with postgres_scratch("published_bench") as url:
                samples.append(import_in_child(path, url))
        last = samples[-1]
        print(
            f"  {backend} run {run + 1}/{runs}: {last['seconds']:.2f} s ({last['cpu_seconds']:.2f} s CPU in this "
            f"process, load average {last['load_average']:.1f}), peak {last['peak_rss_mb']:.0f} MB",
            flush=True,
        )
    return samples


def summarise(samples: list[dict], goal_seconds: float) -> dict:
    seconds = sorted(sample["seconds"] for sample in samples)
    median = statistics.median(seconds)
    peak = max(sample["peak_rss_mb"] for sample in samples)
    floors = [sample["storage_floor_seconds"] for sample in samples if sample.get("storage_floor_seconds")]
    loaded = [sample["loaded_floor_seconds"] for sample in samples if sample.get("loaded_floor_seconds")]
    copied = [sample["loaded_copied_seconds"] for sample in samples if sample.get("loaded_copied_seconds")]
    return {
        "median_seconds": round(median, 2),
        "median_storage_floor_seconds": round(statistics.median(floors), 3) if floors else None,
        "median_loaded_floor_seconds": round(statistics.median(loaded), 3) if loaded else None,
        "median_loaded_copied_seconds": round(statistics.median(copied), 3) if copied else None,
        "median_read_seconds": round(statistics.median(sample["read_seconds"] for sample in samples), 3),
        "indexes_and_keys": [samples[0].get("index_count"), samples[0].get("key_count")],
        "median_cpu_seconds": round(statistics.median(sample["cpu_seconds"] for sample in samples), 2),
        "load_averages": [round(sample["load_average"], 1) for sample in samples],
        "min_seconds": round(seconds[0], 2),
        "max_seconds": round(seconds[-1], 2),
        "runs": len(samples),
        "rows_per_second": round(samples[0]["rows_read"] / median),
        "figures_imported": samples[0]["figures_imported"],
        "peak_rss_mb": peak,
        "rss_before_import_mb": max(sample["rss_before_import_mb"] for sample in samples),
        "goal_seconds": goal_seconds,
        "meets_time_goal": median < goal_seconds,
        "meets_memory_goal": peak < MEMORY_LIMIT_MB,
    }


def main() -> None:
    shipped_mapping()  # fail early if the mapping data is broken
    backends = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    results: dict = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs",
        "layout": "tidy (breakdown_topic, breakdown, child_count, child_percent, rate_per_100)",
        "backends": backends,
    }
    with tempfile.TemporaryDirectory(prefix="published-bench-") as temporary:
        folder = Path(temporary)
        for label, (rows, runs, goal) in SIZES.items():
            path = folder / f"ehe_census_{label}.csv"
            write_tidy_file(path, rows)
            results[label] = {"rows": rows, "file_mb": round(path.stat().st_size / 2**20, 1)}
            print(f"{label}: {rows:,} rows, {results[label]['file_mb']} MB", flush=True)
            for backend in backends:
                results[label][backend] = summarise(measure(path, runs, backend, folder), goal)
            if "postgresql" in backends:
                copy_median = statistics.median(copy_baseline(path, runs))
                imported = results[label]["postgresql"]["median_seconds"]
                floor = results[label]["postgresql"]["median_storage_floor_seconds"]
                measured = results[label]["postgresql"]
                loaded, copied = measured["median_loaded_floor_seconds"], measured["median_loaded_copied_seconds"]
                # Reading can overlap the load, not the indexes and keys made after it.
                least = max(measured["median_read_seconds"], copied) + loaded - copied
                ratio = imported / copy_median
                results[label]["copy_baseline"] = {
                    "median_seconds": round(copy_median, 3),
                    "import_over_copy": round(ratio, 1),
                    "goal_ratio": COPY_GOAL_RATIO,
                    "meets_goal": ratio <= COPY_GOAL_RATIO,
                    "storage_floor_seconds": floor,
                    "storage_floor_over_copy": round(floor / copy_median, 1),
                    "import_over_storage_floor": round(imported / floor, 2),
                    "loaded_floor_seconds": loaded,
                    "loaded_floor_over_copy": round(loaded / copy_median, 1),
                    "least_load_then_check_import_seconds": round(least, 3),
                    "least_load_then_check_import_over_copy": round(least / copy_median, 1),
                }
                print(
                    f"  {label}: PostgreSQL import {imported:.2f} s beside COPY {copy_median:.3f} s: "
                    f"{ratio:.1f}x (goal within {COPY_GOAL_RATIO:.0f}x); the same figures COPYed into the "
                    f"figure table with its keys and indexes {floor:.2f} s ({floor / copy_median:.1f}x COPY): "
                    f"the import is {imported / floor:.2f}x that floor",
                    flush=True,
                )
                print(
                    f"  {label}: the same figures loaded into a bare copy of the table, then its indexes built and "
                    f"its keys checked: {loaded:.2f} s ({loaded / copy_median:.1f}x COPY; the load {copied:.2f} s); "
                    f"the intake reading the file alone {measured['median_read_seconds']:.2f} s; so an import that "
                    f"loads first and checks after takes at least {least:.2f} s ({least / copy_median:.1f}x COPY) "
                    f"before it checks or maps a row, on this machine, one statement after another (ADR 0407)",
                    flush=True,
                )
            path.unlink()
    results["load_average_at_end"] = round(os.getloadavg()[0], 1)
    history = []
    if RESULTS.exists():
        earlier = json.loads(RESULTS.read_text(encoding="utf-8"))
        history = earlier.pop("history", [])
        history.append(earlier)
    results["history"] = history[-20:]
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({key: value for key, value in results.items() if key != "history"}, indent=2))


if __name__ == "__main__":
    main()
