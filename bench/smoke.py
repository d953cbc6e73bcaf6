"""Every benchmark once at its smallest size, keeping nothing (`make bench-smoke`, run by CI).

The figures of so small a run mean nothing; what it shows is that each script still runs to the
end against the code as it now is (two had stopped running, unseen, when the code beside them
changed). Results go to a temporary folder (BENCH_RESULTS_DIR), never bench/results. A script
named bench/*_bench.py with no line below fails the run, so a new benchmark is smoked too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

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
    with tempfile.TemporaryDirectory() as results:
        for name in [s for s in scripts if s in SMALLEST]:
            env = {**os.environ, **SMALLEST[name], "BENCH_RESULTS_DIR": results}
            started = time.monotonic()
            ran = subprocess.run(
                [sys.executable, str(HERE / name)], env=env, capture_output=True, text=True, check=False
            )
            took = time.monotonic() - started
            print(f"{name:22} {took:6.0f} s  {'ran to the end' if ran.returncode == 0 else 'FAILED'}", flush=True)
            if ran.returncode:
                print((ran.stdout + ran.stderr)[-3000:])
                failed.append(name)
    if failed:
        print("benchmarks that did not run to the end: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
