"""Benchmark: accepting, validating and storing uploaded returns, alone and 19 at once.

Run with `.venv/bin/python bench/submissions_bench.py` (or `make bench`). Goals: one XLSX
accepted, validated and stored in under 1 s (median); 19 LAs uploading at the same moment
through the running server (gunicorn, PostgreSQL, 2 cores) with no error and p95 under 2 s.
Writes bench/results/submissions.json.
"""

import os
import platform
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import serverkit

PERIOD = "2025-26-autumn"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SINGLE_UPLOADS = int(os.environ.get("BENCH_SINGLE_UPLOADS", "15"))

SETUP = """
import json, sys
from django.test import RequestFactory
from notinschool.accounts.demo import load as load_users
from notinschool.accounts.models import User
from notinschool.accounts.services import api_token_create
from notinschool.core.actor import Actor
from notinschool.places.demo import load as load_places
from notinschool.places.models import Network
from notinschool.returns.tests.factories import open_collection
load_places(); load_users()
open_collection()
request = RequestFactory().post("/")
request.user = User.objects.get(email="admin@notinschool.example")
tokens = {}
for la in Network.objects.get(slug="south-east").local_authorities.order_by("old_code"):
    tokens[la.old_code] = api_token_create(actor=Actor.from_request(request), local_authority=la, name="bench",
                                           scopes=["returns:submit", "returns:read"]).secret
print(json.dumps(tokens))
"""

FILES = """
import base64, json, sys
from notinschool.returns.tests.factories import filled_xlsx
codes, rounds = json.loads(sys.argv[1]), int(sys.argv[2])
print(json.dumps({f"{code}-{r}": base64.b64encode(filled_xlsx(code, seed=1000 * r + int(code))).decode()
                  for code in codes for r in range(rounds + 1)}))
"""

SINGLES = """
import base64, json, sys
from notinschool.returns.tests.factories import filled_xlsx
print(json.dumps({n: base64.b64encode(filled_xlsx("886", seed=5000 + n)).decode() for n in range(int(sys.argv[1]))}))
"""


def upload(base: str, token: str, data: bytes, name: str) -> tuple[int, float]:
    body, content_type = serverkit.multipart({"period": PERIOD}, {"file": (name, data)})
    status, _, seconds = serverkit.request(
        base + "/api/v1/returns/",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
    )
    return status, seconds


def main() -> None:
    import base64
    import json

    with serverkit.scratch_database() as (engine, url), tempfile.TemporaryDirectory() as var_dir:
        env = serverkit.environment(url, var_dir)
        serverkit.manage(env, "migrate", "--no-input")
        serverkit.manage(env, "collectstatic", "--no-input")
        tokens = json.loads(serverkit.run_python(env, SETUP))
        codes = sorted(tokens)
        files = {
            k: base64.b64decode(v)
            for k, v in json.loads(serverkit.run_python(env, FILES, json.dumps(codes), str(ROUNDS))).items()
        }
        singles = [
            base64.b64decode(v) for v in json.loads(serverkit.run_python(env, SINGLES, str(SINGLE_UPLOADS))).values()
        ]
        results = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "database": engine}
        with serverkit.gunicorn(env, workers=4) as base:
            # One LA at a time: Kent sends a new file each time (a new version).
            single = []
            for index in range(SINGLE_UPLOADS):
                status, seconds = upload(base, tokens["886"], singles[index], "kent.xlsx")
                if status not in (200, 201):
                    raise SystemExit(f"single upload failed with {status}")
                single.append(seconds)
            results["single_upload"] = serverkit.summary(single)
            # 19 LAs at the same moment, several rounds.
            concurrent, errors = [], []
            for round_number in range(1, ROUNDS + 1):
                barrier = threading.Barrier(len(codes))
                lock = threading.Lock()

                def send(code: str, round_number: int = round_number, barrier=barrier, lock=lock) -> None:
                    barrier.wait(timeout=30)
                    status, seconds = upload(base, tokens[code], files[f"{code}-{round_number}"], f"{code}.xlsx")
                    with lock:
                        concurrent.append(seconds)
                        if status != 201:
                            errors.append((code, round_number, status))

                threads = [threading.Thread(target=send, args=(code,)) for code in codes]
                started = time.perf_counter()
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=120)
                print(f"round {round_number}: 19 uploads in {time.perf_counter() - started:.2f} s")
            results["nineteen_at_once"] = {**serverkit.summary(concurrent), "rounds": ROUNDS, "errors": errors}
        results["goals"] = {
            "single_upload_median_under_1s": results["single_upload"]["median_ms"] < 1000,
            "nineteen_at_once_p95_under_2s": results["nineteen_at_once"]["p95_ms"] < 2000,
            "nineteen_at_once_no_errors": not errors,
        }
        serverkit.write_results("submissions", results)


if __name__ == "__main__":
    main()
