"""Shared pieces for benchmarks that run the real server: a scratch database, gunicorn, timing.

Loopback only; every request loop is bounded.
"""

import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_ADMIN = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
HOST = "bench.notinschool.example"


def postgres_available() -> bool:
    """True when the local PostgreSQL answers."""
    try:
        import psycopg

        psycopg.connect(POSTGRES_ADMIN, connect_timeout=3).close()
        return True
    except Exception:
        return False


@contextlib.contextmanager
def scratch_database():
    """A fresh PostgreSQL database when one is reachable, else a temporary SQLite file."""
    if postgres_available():
        import psycopg

        name = f"nis_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield "postgresql", POSTGRES_ADMIN.rsplit("/", 1)[0] + "/" + name
        finally:
            with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        with tempfile.TemporaryDirectory() as folder:
            yield "sqlite", f"sqlite:///{folder}/bench.sqlite3"


def environment(database_url: str, var_dir: str, **extra: str) -> dict:
    """Production settings over the scratch database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        {
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
            "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "DATABASE_URL": database_url,
            "NOTINSCHOOL_VAR_DIR": var_dir,
            "PYTHONPATH": str(ROOT),
            **extra,
        }
    )
    return env


def manage(env: dict, *args: str) -> None:
    """Run a management command in a child process; stop the benchmark if it fails."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int = 4, threads: int = 1):
    """gunicorn with production settings on a free loopback port; yields the base URL."""
    port = free_port()
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "notinschool.config.wsgi", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                request(base + "/", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start: " + server.stderr.read().decode()[-2000:]) from None
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def request(url: str, *, data: bytes | None = None, headers: dict | None = None, timeout: float = 60):
    """One HTTP request with the service's host and HTTPS headers; returns (status, body, seconds)."""
    all_headers = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=all_headers), timeout=timeout) as r:  # noqa: S310
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    return status, body, time.perf_counter() - started


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def summary(seconds: list[float]) -> dict:
    """Median, p95 and max in milliseconds."""
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "count": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def write_results(name: str, results: dict) -> Path:
    """Write bench/results/<name>.json and print it."""
    path = ROOT / "bench" / "results" / f"{name}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return path
