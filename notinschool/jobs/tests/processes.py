"""Helpers for tests that run real worker (and app server) processes against the test database."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    """The test database, as a DATABASE_URL another process can open."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def process_env(**extra: str) -> dict[str, str]:
    """This environment, pointed at the test database, with short heartbeats for quick tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "PYTEST"))}
    storage = settings.STORAGES["default"]
    env.update(
        {
            "DATABASE_URL": database_url(),
            # The same file storage as this test process, where the job's files were kept.
            "NOTINSCHOOL_FILE_STORAGE": storage["BACKEND"],
            "NOTINSCHOOL_FILE_STORAGE_OPTIONS": json.dumps(storage.get("OPTIONS", {})),
            "NOTINSCHOOL_JOB_HEARTBEAT_SECONDS": "1",
            "NOTINSCHOOL_JOB_STALE_SECONDS": "3",
            "NOTINSCHOOL_JOB_POLL_SECONDS": "0.2",
            "DJANGO_LOG_LEVEL": "INFO",
        }
    )
    env.update(extra)
    return env


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    """A real `notinschool worker` process, its output in `log`."""
    with log.open("ab") as output:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--no-startup-delay", "--no-reload"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def wait_for(condition, *, timeout: float, what: str, every: float = 0.2):
    """Poll `condition()` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}")


def stop(process: subprocess.Popen) -> int:
    """Ask a process to stop (SIGTERM) and wait for it."""
    if process.poll() is None:
        process.terminate()
        try:
            return process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()
    return process.returncode
