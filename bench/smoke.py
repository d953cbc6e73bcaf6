"""Every benchmark once at its smallest size, keeping nothing (`make bench-smoke`, run by CI).

The figures of so small a run mean nothing; what it shows is that each script still runs to the
end against the code as it now is (two had stopped running, unseen, when the code beside them
changed). Results go to a temporary folder (BENCH_RESULTS_DIR), never bench/results. A script
named bench/*_bench.py with no line below fails the run, so a new benchmark is smoked too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# A benchmark that has not ended by then is stopped, with everything it started.
TIMEOUT_SECONDS = 900

# The smallest size each benchmark takes, as its own variables say.
SMALLEST = {
    "benchmark_bench.py": {
        "BENCH_LAS": "19",
        "BENCH_CLIENTS": "2",
        "BENCH_REQUESTS": "6",
        "BENCH_ONE_CLIENT_REQUESTS": "2",
    },
    "intake_bench.py": {"BENCH_UPLOADS": "3"},
    "pack_bench.py": {},
    "published_bench.py": {"BENCH_SIZES": "rows_60k", "BENCH_RUNS": "1"},
    "register_bench.py": {"BENCH_SIZES": "2000"},
    "scale_bench.py": {"BENCH_READS_EACH": "2"},
    "sharing_bench.py": {"BENCH_RUNS": "1"},
    "submissions_bench.py": {"BENCH_ROUNDS": "1", "BENCH_SINGLE_UPLOADS": "2"},
    "validation_bench.py": {"BENCH_REPETITIONS": "3", "BENCH_ISOLATED_REPETITIONS": "3"},
}


def main() -> int:
    """Run each benchmark in turn; print each one's time, and the end of what a failing one said."""
    scripts = sorted(path.name for path in HERE.glob("*_bench.py"))
    unlisted = [name for name in scripts if name not in SMALLEST]
    failed = [f"{name} (no smallest size in bench/smoke.py)" for name in unlisted]
    with tempfile.TemporaryDirectory() as results, tempfile.TemporaryDirectory() as var_dir:
        for name in [s for s in scripts if s in SMALLEST]:
            # Uploads and other files go to a temporary folder too, never the project's var/.
            env = {**os.environ, **SMALLEST[name], "BENCH_RESULTS_DIR": results, "NOTINSCHOOL_VAR_DIR": var_dir}
            started = time.monotonic()
            returncode, said = _run(HERE / name, env)
            took = time.monotonic() - started
            print(f"{name:22} {took:6.0f} s  {'ran to the end' if returncode == 0 else 'FAILED'}", flush=True)
            if returncode:
                print(said[-3000:])
                failed.append(name)
    if failed:
        print("benchmarks that did not run to the end: " + ", ".join(failed))
        return 1
    return 0


def _run(script: Path, env: dict) -> tuple[int, str]:
    """Run a benchmark in a process group of its own, stopped whole (its gunicorn and workers
    too) when it outlasts TIMEOUT_SECONDS; its exit status and what it printed."""
    process = subprocess.Popen(
        [sys.executable, str(script)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        said, _ = process.communicate(timeout=TIMEOUT_SECONDS)
        return process.returncode, said
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        said, _ = process.communicate()
        return 1, f"{said}\nstopped after {TIMEOUT_SECONDS} s"


if __name__ == "__main__":
    raise SystemExit(main())
