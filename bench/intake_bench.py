"""Benchmark: the intake every file goes through.

Run with `.venv/bin/python bench/intake_bench.py` (or `make bench`). Prints the figures and writes
bench/results/intake.json. Each figure stands beside a baseline measured in the same run:

- a normal return through the whole upload path (the upload page's request to a stored version,
  in this process with SQLite): p95 server time, goal under 50 ms; baseline: python-calamine
  alone reading the same file;
- every hostile file of the test corpus, for every kind of file: time to refusal (goal under 1 s)
  and peak memory of the refusing process and its reading child (goal under 200 MB), each in a
  fresh process; baseline: the same fresh process refusing nothing;
- a 20,000-row register (CSV and XLSX) and a 60,000-row DfE file read through the intake;
  baselines: the readers they used before (csv.reader, or python-calamine in this process).

The machine is shared (2 cores, several developers' work): figures vary between runs.
"""

import atexit
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serverkit import percentile, results_path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = results_path("intake")
UPLOADS = int(os.environ.get("BENCH_UPLOADS", "60"))
PERIOD = "2025-26-autumn"

# One hostile file refused in a fresh process: prints seconds and peak memory (self + children).
REFUSE = """
import json, resource, sys, time
from notinschool.intake import KINDS, UnreadableFile, take
from notinschool.intake.tests.corpus import hostile_files
kind = KINDS[sys.argv[1]]
name = sys.argv[2]
files = hostile_files(kind, with_size_bomb=kind.max_bytes <= 20 * 2**20)
hostile = next(h for h in files if h.name == name) if name else None
started = time.perf_counter()
code = ""
if hostile is not None:
    try:
        take(hostile.data, hostile.filename, kind)
    except UnreadableFile as exc:
        code = exc.code
seconds = time.perf_counter() - started
from notinschool.intake import sandbox
sandbox.stop_zygote()
mine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "self_mb": mine / 1024, "child_mb": children / 1024, "code": code}))
"""


def refuse_in_fresh_process(kind: str, name: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", REFUSE, kind, name], capture_output=True, text=True, cwd=ROOT, check=True, timeout=120
    )
    return json.loads(done.stdout)


def hostile_figures() -> dict:
    from notinschool.intake import KINDS
    from notinschool.intake.tests.corpus import hostile_files

    results = {}
    for kind in KINDS.values():
        baseline = refuse_in_fresh_process(kind.name, "")
        files = hostile_files(kind, with_size_bomb=kind.max_bytes <= 20 * 2**20)
        rows = {}
        for hostile in files:
            figures = refuse_in_fresh_process(kind.name, hostile.name)
            peak = max(figures["self_mb"], figures["child_mb"])
            rows[hostile.name] = {
                "refused_with": figures["code"],
                "seconds": round(figures["seconds"], 4),
                "peak_mb": round(peak, 1),
                "peak_over_baseline_process": round(peak / baseline["self_mb"], 2),
                "meets_goal": figures["code"] != "" and figures["seconds"] < 1.0 and peak < 200,
            }
        results[kind.name] = {"baseline_process_mb": round(baseline["self_mb"], 1), "files": rows}
    return results


def set_up_django() -> None:
    """Django with a fresh SQLite database of its own."""
    folder = tempfile.mkdtemp(prefix="intake-bench-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # the database goes with the run
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notinschool.config.settings")
    import django

    django.setup()


def upload_figures() -> dict:
    """The upload page, request to stored version."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    import python_calamine

    from notinschool.accounts.demo import load as load_users
    from notinschool.places.demo import load as load_places
    from notinschool.returns.models import Return
    from notinschool.returns.tests.factories import filled_xlsx, open_collection
    from notinschool.returns.tests.test_pages import sign_in

    load_places()
    load_users()
    open_collection()
    client = Client()
    sign_in(client, "contributor@kent.example")
    url = f"/returns/886/{PERIOD}/upload/"
    files = [filled_xlsx(seed=100 + n) for n in range(UPLOADS + 5)]
    from notinschool.validation.reading import read_return

    timings, bare, intake = [], [], []
    for n, data in enumerate(files):
        started = time.perf_counter()
        response = client.post(url, {"file": SimpleUploadedFile("kent.xlsx", data)})
        elapsed = time.perf_counter() - started
        assert response.status_code == 302, response.content[:300]
        started = time.perf_counter()
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()
        bare_elapsed = time.perf_counter() - started
        started = time.perf_counter()
        read_return(data, "kent.xlsx")
        intake_elapsed = time.perf_counter() - started
        if n >= 5:  # the first few warm the zygote and the caches
            timings.append(elapsed * 1000)
            bare.append(bare_elapsed * 1000)
            intake.append(intake_elapsed * 1000)
    stored = Return.objects.get().versions.count()
    p95 = percentile(timings, 0.95)
    return {
        "uploads": len(timings),
        "versions_stored": stored,
        "file_bytes": len(files[0]),
        "upload_ms_median": round(statistics.median(timings), 2),
        "upload_ms_p95": round(p95, 2),
        "bare_calamine_ms_median": round(statistics.median(bare), 2),
        "intake_read_ms_median": round(statistics.median(intake), 2),
        "intake_read_ms_p95": round(percentile(intake, 0.95), 2),
        "p95_over_bare_median": round(p95 / statistics.median(bare), 1),
        "goal_p95_ms": 50,
        "meets_goal": p95 < 50,
    }


def large_file_figures() -> dict:
    import csv

    import openpyxl
    import python_calamine

    from notinschool.intake import PUBLISHED, REGISTER, take
    from notinschool.published.reading import csv_reader, inspect_file

    heading = ["child_reference", "given_name", "family_name", "date_of_birth", "sex", "upn", "town", "postcode"]
    heading += ["episode_type", "start_date", "end_date", "outcome", "reason", "previous_school"]
    episode = ["ehe", "2025-09-01", "", "", "religious", "Oak School"]
    rows = [
        [f"K{n}", "Amy", "Example", "2014-03-02", "female", "", "Maidstone", "ME14 1XX", *episode]
        for n in range(20_000)
    ]
    text = io.StringIO()
    csv.writer(text).writerows([heading, *rows])
    register_csv = text.getvalue().encode()
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in [heading, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    register_xlsx = out.getvalue()

    def best(function, repeat=3) -> float:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
        return min(times)

    def old_csv():
        list(csv.reader(io.StringIO(register_csv.decode("utf-8-sig"))))

    def old_xlsx():
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(register_xlsx))
        book.get_sheet_by_index(0).to_python(skip_empty_area=False)

    published_lines = ["time_period,time_identifier,geographic_level,country_code,country_name,old_la_code,child_count"]
    published_lines += [
        f"202425,Autumn term,Local authority,E92000001,England,{800 + n % 150},{n}" for n in range(60_000)
    ]
    published = ("\n".join(published_lines) + "\n").encode()

    def old_published():
        source = io.BytesIO(published)
        for _ in csv.reader(io.TextIOWrapper(source, encoding="utf-8-sig", newline=""), strict=True):
            pass

    def new_published():
        source = io.BytesIO(published)
        facts = inspect_file(source)
        for _ in csv_reader(source, facts):
            pass

    figures = {
        "register_20000_rows_csv": (lambda: take(register_csv, "r.csv", REGISTER), old_csv, len(register_csv)),
        "register_20000_rows_xlsx": (lambda: take(register_xlsx, "r.xlsx", REGISTER), old_xlsx, len(register_xlsx)),
        "published_60000_rows_csv": (new_published, old_published, len(published)),
    }
    assert PUBLISHED.max_rows >= 60_000
    results = {}
    for name, (new, old, size) in figures.items():
        new_seconds, old_seconds = best(new), best(old)
        results[name] = {
            "bytes": size,
            "intake_seconds": round(new_seconds, 3),
            "before_seconds": round(old_seconds, 3),
            "ratio": round(new_seconds / old_seconds, 2),
        }
    return results


def main() -> None:
    print("Intake bench (shared, loaded 2-core machine: figures vary between runs)")
    hostile = hostile_figures()
    for kind, found in hostile.items():
        print(f"== {kind}: baseline fresh process {found['baseline_process_mb']} MB")
        for name, row in found["files"].items():
            mark = "ok" if row["meets_goal"] else "MISSED"
            print(
                f"  {name:22} {row['refused_with']:26} {row['seconds'] * 1000:8.1f} ms "
                f"{row['peak_mb']:7.1f} MB ({row['peak_over_baseline_process']}x baseline) {mark}"
            )
    set_up_django()
    large = large_file_figures()
    for name, row in large.items():
        print(f"{name}: intake {row['intake_seconds']} s, before {row['before_seconds']} s, ratio {row['ratio']}")
    uploads = upload_figures()
    print(
        f"return upload, request to stored version: median {uploads['upload_ms_median']} ms, "
        f"p95 {uploads['upload_ms_p95']} ms (goal < 50 ms: {'met' if uploads['meets_goal'] else 'MISSED'}); "
        f"bare calamine read {uploads['bare_calamine_ms_median']} ms, p95/bare {uploads['p95_over_bare_median']}x; "
        f"of which the intake's reading {uploads['intake_read_ms_median']} ms median, "
        f"{uploads['intake_read_ms_p95']} ms p95"
    )
    RESULTS.write_text(
        json.dumps(
            {
                "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "note": "shared, loaded"},
                "hostile": hostile,
                "large_files": large,
                "return_upload": uploads,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Wrote {RESULTS}")


if __name__ == "__main__":
    main()
