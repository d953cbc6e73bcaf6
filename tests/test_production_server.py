"""The production set-up for real: gunicorn, production settings, PostgreSQL, WhiteNoise."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_URL = os.environ.get("NOTINSCHOOL_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
HOST = "notinschool.example.gov.uk"
REDIS_URL = os.environ.get("NOTINSCHOOL_TEST_REDIS", "redis://127.0.0.1:6379/4")


def postgres_admin_connection():
    import psycopg

    try:
        return psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL}: {exc}")
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_URL}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": HOST, "X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read(), dict(response.headers)


@pytest.fixture
def production_database():
    name = f"notinschool_prod_{uuid.uuid4().hex[:8]}"
    admin = postgres_admin_connection()
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_gunicorn_serves_the_start_page_on_postgresql(production_database, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        {
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": production_database,
            "NOTINSCHOOL_VAR_DIR": str(tmp_path),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
            # Production refuses an email backend that sends nothing, and two processes each
            # with a cache of its own (nothing here connects to either until used).
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "REDIS_URL": REDIS_URL,
        }
    )
    python = sys.executable
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"], ["load_places"]):
        result = subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    gunicorn = Path(python).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "notinschool.config.wsgi"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        # Waiting for the server to start, not timing it: on a busy machine with the other test
        # workers beside it, gunicorn's two workers can take well over 30 s to import the service.
        deadline = time.monotonic() + 120
        while True:
            try:
                status, body, headers = fetch(port, "/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert status == 200
        assert b"Children not in school" in body
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        stylesheet = re.search(rb'href="(/static/app\.[0-9a-f]+\.css)"', body)
        assert stylesheet, "production pages link the hashed, compressed stylesheet"
        status, css, headers = fetch(port, stylesheet.group(1).decode())
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
        assert b".govuk-button" in css
        status, body, _ = fetch(port, "/places/local-authorities/E10000002/")
        assert b"Buckinghamshire" in body
    finally:
        server.terminate()
        try:
            # A graceful stop; on a busy machine gunicorn's workers took more than 20 s to exit.
            output = server.communicate(timeout=60)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
            raise
    assert "Traceback" not in output, output
