"""Several app servers share one cache: two gunicorn servers and a job worker on one PostgreSQL
and one Redis. A dashboard download cached through one server is served to the other from
Redis, and an approval made through one shows on the other at once."""

import csv
import http.cookiejar
import io
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.test_production_server import free_port, production_database  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("NOTINSCHOOL_TEST_REDIS", "redis://127.0.0.1:6379/4")
PERIOD = "2026-27-autumn"
OVERVIEW_CSV = f"/dashboard/south-east/{PERIOD}/overview.csv"
HAMPSHIRE = f"/returns/850/{PERIOD}/"
PASSWORD = "demo-not-in-school-2026"
PREPARE = f"""
from notinschool.accounts.models import Role, RoleAssignment, User
from notinschool.places.selectors import la_by_code
hampshire = la_by_code("850")
people = [("approver@hampshire.example", Role.LA_APPROVER), ("contributor@hampshire.example", Role.LA_CONTRIBUTOR)]
for email, role in people:
    person = User.objects.create_user(username=email, email=email, password="{PASSWORD}", local_authority=hampshire)
    RoleAssignment.objects.create(user=person, role=role)
"""


def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    return client


class Browser:
    """A person's browser: cookies, and CSRF tokens read from the forms it is shown."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, port: int, path: str) -> str:
        with self.opener.open(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            return response.read().decode("utf-8-sig")

    def post(self, port: int, path: str, form_page: str, data: dict) -> str:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(port, form_page)).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        with self.opener.open(f"http://127.0.0.1:{port}{path}", data=body, timeout=30) as response:
            return response.read().decode()

    def sign_in(self, port: int, email: str) -> None:
        page = self.post(port, "/accounts/sign-in/", "/accounts/sign-in/", {"email": email, "password": PASSWORD})
        assert "Sign out" in page, f"{email} could not sign in"


def counts(csv_text: str) -> dict[str, int]:
    """'LAs with a count' for each measure of the overview download."""
    rows = list(csv.reader(io.StringIO(csv_text)))
    return {row[0]: int(row[2]) for row in rows[1:6]}


def wait_until_serving(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 240  # a shared, busy machine can take minutes to start gunicorn
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.3)


def test_two_app_servers_and_a_worker_share_one_cache(production_database, tmp_path):  # noqa: F811
    redis = redis_client()
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "NOTINSCHOOL_"))}
    env.update(
        {
            "DATABASE_URL": production_database,
            "REDIS_URL": REDIS_URL,
            "NOTINSCHOOL_CACHE_PREFIX": prefix,
            "NOTINSCHOOL_VAR_DIR": str(tmp_path),
            "WEB_CONCURRENCY": "1",
            "NOTINSCHOOL_JOB_POLL_SECONDS": "0.2",
        }
    )
    python = sys.executable
    for command in (["migrate", "--no-input"], ["demo"], ["shell", "-c", PREPARE]):
        result = subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    gunicorn = str(Path(python).with_name("gunicorn"))
    first_port, second_port = free_port(), free_port()
    logs = {name: (tmp_path / f"{name}.log").open("wb") for name in ("first", "second", "worker")}
    processes = {
        "first": subprocess.Popen(
            [gunicorn, "notinschool.config.wsgi"], cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{first_port}"},
            stdout=logs["first"], stderr=subprocess.STDOUT,
        ),
        "second": subprocess.Popen(
            [gunicorn, "notinschool.config.wsgi"], cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{second_port}"},
            stdout=logs["second"], stderr=subprocess.STDOUT,
        ),
        "worker": subprocess.Popen(
            [python, "manage.py", "worker", "--no-startup-delay"], cwd=ROOT, env=env,
            stdout=logs["worker"], stderr=subprocess.STDOUT,
        ),
    }  # fmt: skip
    try:
        wait_until_serving(first_port, processes["first"])
        wait_until_serving(second_port, processes["second"])
        viewer = Browser()
        viewer.sign_in(first_port, "viewer@surrey.example")
        before = viewer.get(first_port, OVERVIEW_CSV)
        keys = {key for key in redis.scan_iter(f"{prefix}:*") if b":data-version:" not in key}
        assert keys, "the first server wrote its cache entries to Redis"
        # The second server serves the same download from the shared cache: it adds no entry
        # (but the network's data version, kept a few seconds for pages seen again: ADR 0617).
        assert viewer.get(second_port, OVERVIEW_CSV) == before
        assert {key for key in redis.scan_iter(f"{prefix}:*") if b":data-version:" not in key} == keys
        # Hampshire's submitted return is approved through the first server...
        approver = Browser()
        approver.sign_in(first_port, "approver@hampshire.example")
        approver.post(first_port, HAMPSHIRE + "approve/", HAMPSHIRE, {})
        # ...and the second server shows it at once: one more LA counted.
        after = counts(viewer.get(second_port, OVERVIEW_CSV))
        assert {measure: after[measure] - n for measure, n in counts(before).items()} == dict.fromkeys(after, 1)
        assert counts(viewer.get(first_port, OVERVIEW_CSV)) == after
        # The worker told Hampshire's contributor, after the approval committed.
        deadline = time.monotonic() + 60
        while b"has been approved" not in (tmp_path / "worker.log").read_bytes():
            assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()
            time.sleep(0.5)
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=30)
        for log in logs.values():
            log.close()
        for key in redis.scan_iter(f"{prefix}:*"):
            redis.delete(key)
        redis.close()
    for name in ("first", "second", "worker"):
        assert "Traceback" not in (tmp_path / f"{name}.log").read_text(), name
