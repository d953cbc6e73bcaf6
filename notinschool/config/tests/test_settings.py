"""Settings come from the environment; production refuses unsafe ones."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789-abcdefghij",
    "DJANGO_ALLOWED_HOSTS": "notinschool.example.gov.uk",
    "DATABASE_URL": "postgres://notinschool@db.example/notinschool",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_settings(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set when DJANGO_ENV=production" in result.stderr


def test_a_bad_boolean_is_a_clear_configuration_error():
    result = manage("check", env={"DJANGO_DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_production_cookies_are_host_locked_and_secure():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.strip().splitlines()[-1].split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "False",
    ]


def test_debug_is_off_unless_asked_for(settings):
    assert settings.DEBUG is False


def test_migrations_are_complete():
    result = manage("makemigrations", "--check", "--dry-run", env={})
    assert result.returncode == 0, result.stdout + result.stderr
