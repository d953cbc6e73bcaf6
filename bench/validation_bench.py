"""Benchmark: validating a complete filled XLSX return, and refusing hostile files.

Run with `.venv/bin/python bench/validation_bench.py`. Prints the figures and writes
bench/results/validation.json. Goals: a return validated in under 100 ms (median) and within 2x
of python-calamine reading the same file alone; a hostile file refused in under 1 s and under
200 MB peak memory. The paths are measured in turns, so they meet the same load. See
docs/adr/0105-parsing-in-a-child-process.md for the isolated path and its fallback.
"""

import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import python_calamine  # noqa: E402
from serverkit import percentile, results_path  # noqa: E402

from notinschool.intake import sandbox  # noqa: E402
from notinschool.intake.kinds import RETURN  # noqa: E402
from notinschool.periods.specs import load_spec  # noqa: E402
from notinschool.validation.engine import validate  # noqa: E402
from notinschool.validation.reading import read_return  # noqa: E402
from notinschool.validation.return_templates import build_xlsx_template  # noqa: E402
from notinschool.validation.samples import example_figures  # noqa: E402

PERIOD = "2025-26-autumn"
REPETITIONS = int(os.environ.get("BENCH_REPETITIONS", "300"))
ISOLATED_REPETITIONS = int(os.environ.get("BENCH_ISOLATED_REPETITIONS", "60"))  # the fallback
RESULTS = results_path("validation")


def timed_together(functions: dict, repetitions: int, *, pause: float = 0.0) -> dict:
    """Each function's figures (see summary), measured in turns (a, b, c, a, b, c, …) so that
    all of them meet the same load from whatever else the machine is doing. `pause` seconds
    pass (untimed) before each call, as between two uploads."""
    for function in functions.values():
        function()  # warm caches (spec loading, imports, the zygote) before measuring
    samples = {name: [] for name in functions}
    cpu = {name: [] for name in functions}
    for _ in range(repetitions):
        for name, function in functions.items():
            if pause:
                time.sleep(pause)
            start, start_cpu = time.perf_counter(), time.thread_time()
            function()
            samples[name].append((time.perf_counter() - start) * 1000)
            cpu[name].append((time.thread_time() - start_cpu) * 1000)
    # This thread's CPU time is unmoved by waiting for a busy CPU (it leaves out a child's work).
    return {
        name: {**summary(values), "this_thread_cpu_median_ms": round(statistics.median(cpu[name]), 3)}
        for name, values in samples.items()
    }


def summary(samples: list[float]) -> dict:
    """Median, 90th percentile and minimum wall time, in milliseconds."""
    repetitions = len(samples)
    samples = sorted(samples)
    return {
        "median_ms": round(statistics.median(samples), 3),
        "p90_ms": round(percentile(samples, 0.9), 3),
        "min_ms": round(samples[0], 3),
        "repetitions": repetitions,
    }


def calamine_alone(data: bytes) -> None:
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    for name in workbook.sheet_names:
        workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    workbook.close()


def read_in_new_interpreter(data: bytes):
    """The upload path as it is when no zygote can be had (ADR 0105's fallback)."""
    from notinschool.intake import sandbox

    def unavailable(_data, _kind=None):  # as `_Zygotes.start(data, kind)` is called
        raise sandbox.ZygoteUnavailable("measuring the fallback")

    zygotes = sandbox._ZYGOTES
    zygotes.start = unavailable
    try:
        return read_return(data, "r.xlsx")
    finally:
        del zygotes.start


def write_hostile_files(folder: Path, good: bytes) -> dict[str, Path]:
    """Hostile inputs, built here rather than committed, streamed to disk so this process never
    holds them (its memory would otherwise be inherited by the measuring processes)."""

    def with_part(name: str, write_content) -> Path:
        path = folder / f"{name.replace('/', '_')}-{len(list(folder.iterdir()))}.xlsx"
        with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                if item.filename != name:
                    target.writestr(item.filename, source.read(item.filename))
            with target.open(name, "w", force_zip64=True) as part:
                write_content(part)
        return path

    def zeros(size: int):
        def write(part) -> None:
            chunk = b"\0" * 2**20
            for _ in range(size // len(chunk)):
                part.write(chunk)

        return write

    def sheet(rows: int):
        def write(part) -> None:
            part.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for start in range(1, rows + 1, 10_000):
                part.write(
                    "".join(
                        f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>'
                        for n in range(start, min(start + 10_000, rows + 1))
                    ).encode()
                )
            part.write(b"</sheetData></worksheet>")

        return write

    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9))
        + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>&j;</t></si></sst>"
    )
    corner = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
        b"</sheetData></worksheet>"
    )
    ole = folder / "ole.xlsx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    return {
        "bomb_declared_size_1GB": with_part("xl/media/zeros.bin", zeros(2**30)),
        "bomb_ratio_4MB": with_part("xl/media/zeros.bin", zeros(4 * 2**20)),
        "million_rows": with_part("xl/worksheets/sheet2.xml", sheet(1_000_000)),
        "billion_laughs": with_part("xl/sharedStrings.xml", lambda part: part.write(laughs)),
        "macros": with_part("xl/vbaProject.bin", zeros(2**20)),
        "ole_password_protected": ole,
        "rows_over_limit_read_by_child": with_part("xl/worksheets/sheet2.xml", sheet(RETURN.max_rows + 1)),
        "sheet_to_row_1048576_memory_limit": with_part("xl/worksheets/sheet2.xml", lambda part: part.write(corner)),
    }


_REFUSE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from notinschool.intake import sandbox
from notinschool.validation.reading import UnreadableFile, read_return
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:
    read_return(data, "hostile.xlsx")
    refused, message = False, ""
except UnreadableFile as exc:
    refused, message = True, exc.message
seconds = time.perf_counter() - start  # includes starting the zygote, as a fresh worker would
sandbox.stop_zygote()  # reaped, so its peak counts in RUSAGE_CHILDREN; the forked reading child's
# own memory is capped by RLIMIT_AS (200 MB) and not counted here (the zygote does not wait for it)
# VmHWM is this process's own peak (it starts afresh at exec, unlike ru_maxrss). The reading
# child's peak comes from RUSAGE_CHILDREN, which Linux floors at this process's size when it
# spawned the child, so it is an upper bound.
status = open("/proc/self/status").read()
own = int(status.split("VmHWM:")[1].split()[0]) / 1024
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({{"refused": refused, "message": message, "seconds": seconds,
                  "peak_rss_mb": round(max(own, child), 1), "process_rss_mb": round(own, 1),
                  "child_rss_mb": round(child, 1)}}))
"""


def refuse_in_fresh_process(path: Path) -> dict:
    """Refuse one file in a fresh interpreter, so its peak memory is the refusal's own."""
    done = subprocess.run(
        [sys.executable, "-c", _REFUSE.format(root=str(ROOT)), str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def main() -> None:
    spec = load_spec(PERIOD)
    data = build_xlsx_template(spec, "886", figures=example_figures(spec))
    assert not validate(read_return(data, "r.xlsx"), spec).issues, "benchmark file must be valid"

    together = timed_together(
        {
            "calamine": lambda: calamine_alone(data),
            "in_process": lambda: validate(read_return(data, "r.xlsx", isolate=False), spec),
            "isolated": lambda: validate(read_return(data, "r.xlsx"), spec),
            "checks_only": lambda: read_return(data, "r.xlsx", isolate=False),
        },
        REPETITIONS,
    )
    # Uploads arrive seconds apart, to a process that has been idle: measured again with 50 ms
    # of idleness before each call, for calamine and the isolated path alike (ADR 0105).
    idle = timed_together(
        {
            "calamine": lambda: calamine_alone(data),
            "isolated": lambda: validate(read_return(data, "r.xlsx"), spec),
            "child_read_only": lambda: sandbox.read_sheets(data),
        },
        REPETITIONS // 3,
        pause=0.05,
    )
    calamine, in_process, isolated, checks_only = (
        together[name] for name in ("calamine", "in_process", "isolated", "checks_only")
    )
    fallback = timed_together({"fallback": lambda: validate(read_in_new_interpreter(data), spec)}, ISOLATED_REPETITIONS)

    hostile = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, path in write_hostile_files(Path(folder), data).items():
            outcome = refuse_in_fresh_process(path)
            outcome["file_bytes"] = path.stat().st_size
            hostile[name] = outcome

    results = {
        "period": PERIOD,
        "file_bytes": len(data),
        "figures": len(spec.item_keys()),
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs",
        "calamine_alone": calamine,
        "validate_in_process": in_process,
        "read_in_process_without_rules": checks_only,
        "after_idleness": {
            "calamine_alone": idle["calamine"],
            "validate_isolated_child": idle["isolated"],
            "child_read_only": idle["child_read_only"],
            "ratio_isolated_to_calamine": round(idle["isolated"]["median_ms"] / idle["calamine"]["median_ms"], 2),
            "ratio_child_read_only_to_calamine": round(
                idle["child_read_only"]["median_ms"] / idle["calamine"]["median_ms"], 2
            ),
        },
        "validate_isolated_child": isolated,
        "validate_isolated_new_interpreter_fallback": fallback["fallback"],
        "ratio_in_process_to_calamine": round(in_process["median_ms"] / calamine["median_ms"], 2),
        "ratio_isolated_to_calamine": round(isolated["median_ms"] / calamine["median_ms"], 2),
        "ratio_in_process_to_calamine_cpu": round(
            in_process["this_thread_cpu_median_ms"] / calamine["this_thread_cpu_median_ms"], 2
        ),
        "load_average_at_start": os.getloadavg()[0],
        "child_memory_limit_mb": RETURN.child_memory_bytes // 2**20,
        "hostile": hostile,
        "goals": {
            "median_under_100ms_isolated": isolated["median_ms"] < 100,
            "median_under_100ms_in_process": in_process["median_ms"] < 100,
            "within_2x_calamine_in_process": in_process["median_ms"] < 2 * calamine["median_ms"],
            "within_2x_calamine_isolated": isolated["median_ms"] < 2 * calamine["median_ms"],
            "hostile_refused_under_1s": all(h["refused"] and h["seconds"] < 1 for h in hostile.values()),
            "hostile_under_200MB": all(h["peak_rss_mb"] < 200 for h in hostile.values()),
        },
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    report(results)


def report(results: dict) -> None:
    print(
        f"Complete {results['period']} XLSX return: {results['file_bytes']:,} bytes, "
        f"{results['figures']} figures ({results['machine']}, Python {results['python']})"
    )
    for label, key in (
        ("python-calamine alone", "calamine_alone"),
        ("checks + read, in process", "read_in_process_without_rules"),
        ("checks + read + rules, in process", "validate_in_process"),
        ("checks + read in forked child + rules", "validate_isolated_child"),
        ("  same, fallback: new interpreter", "validate_isolated_new_interpreter_fallback"),
    ):
        figures = results[key]
        print(
            f"  {label:36} median {figures['median_ms']:8.2f} ms   p90 {figures['p90_ms']:8.2f}"
            f" ms   cpu {figures['this_thread_cpu_median_ms']:6.2f} ms  ({figures['repetitions']} runs)"
        )
    print(
        f"  ratio to calamine: in process {results['ratio_in_process_to_calamine']}x, "
        f"isolated {results['ratio_isolated_to_calamine']}x"
    )
    idle = results["after_idleness"]
    print("After 50 ms idle before each call:")
    for label, key in (
        ("python-calamine alone", "calamine_alone"),
        ("checks + read in forked child + rules", "validate_isolated_child"),
        ("the forked child's read alone", "child_read_only"),
    ):
        print(f"  {label:36} median {idle[key]['median_ms']:8.2f} ms   p90 {idle[key]['p90_ms']:8.2f} ms")
    print(
        f"  ratio to calamine: isolated {idle['ratio_isolated_to_calamine']}x, "
        f"child's read alone {idle['ratio_child_read_only_to_calamine']}x"
    )
    print("Hostile files (each in a fresh process):")
    for name, outcome in results["hostile"].items():
        verdict = "refused" if outcome["refused"] else "NOT REFUSED"
        print(
            f"  {name:32} {verdict:11} {outcome['seconds'] * 1000:8.1f} ms  "
            f"peak {outcome['peak_rss_mb']:6.1f} MB  ({outcome['file_bytes']:,} bytes)"
        )
    print("Goals:", json.dumps(results["goals"]))
    print(f"Written to {RESULTS}")


if __name__ == "__main__":
    main()
