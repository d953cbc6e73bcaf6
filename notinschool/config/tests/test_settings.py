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
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "REDIS_URL": "redis://cache.example:6379/0",
}


def manage_env() -> dict[str, str]:
    """This environment without any setting of the service's, so each test says its own."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY", "NOTINSCHOOL_"))
    }


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**manage_env(), **env},
        capture_output=True,
        text=True,
        # A guard against a hang, not a time limit: at a load average near 40, with the other test
        # workers beside it, one Django command took more than 120 s to start and finish.
        timeout=600,
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


def test_a_negative_number_of_figures_kept_is_a_clear_configuration_error():
    result = manage("check", env={"NOTINSCHOOL_FIGURES_KEPT": "-1"})
    assert result.returncode != 0
    assert "NOTINSCHOOL_FIGURES_KEPT must be 0 or more, not '-1'" in result.stderr


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


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DATABASE_URL": None}, "DJANGO_ENV=production will not run on SQLite."),
        (
            {"DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            "DJANGO_ENV=production will not run with the console email backend",
        ),
        (
            {"DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
            "DJANGO_ENV=production will not run with the in-memory email backend",
        ),
        (
            {"REDIS_URL": None, "WEB_CONCURRENCY": "3"},
            "DJANGO_ENV=production will not run 3 app server processes (WEB_CONCURRENCY=3) each with a cache",
        ),
    ],
)
def test_production_refuses_to_start_wrong_with_one_clear_message_each(change, message):
    env = {**PRODUCTION_ENV, **{k: v for k, v in change.items() if v is not None}}
    for name in [k for k, v in change.items() if v is None]:
        env.pop(name)
    deploy = manage("check", "--deploy", env=env)
    assert deploy.returncode != 0
    assert deploy.stderr.count("notinschool.E00") == 1, deploy.stderr
    assert message in deploy.stderr


def test_gunicorn_stops_at_the_wsgi_application_saying_the_same():
    """gunicorn loads the WSGI application first, which asks the same function as the checks
    above (core.checks), so one wrong setting shows it stops there with the same message."""
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}
    started = subprocess.run(
        [sys.executable, "-c", "import notinschool.config.wsgi"],
        cwd=ROOT,
        env={**manage_env(), **env},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert started.returncode != 0
    assert "The service will not start:" in started.stderr
    assert "DJANGO_ENV=production will not run on SQLite." in started.stderr


def test_a_single_process_may_keep_its_cache_in_memory():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "REDIS_URL"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**env, "WEB_CONCURRENCY": "1"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_problem_is_named_at_once():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_EMAIL_BACKEND"}}
    result = manage("check", env=env)
    assert result.returncode != 0
    for code in ("notinschool.E001", "notinschool.E002", "notinschool.E003"):
        assert result.stderr.count(code) == 1, result.stderr


def test_redis_is_the_cache_when_redis_url_is_set():
    code = (
        "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'])"
    )
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.split()[-2:] == [
        "notinschool.core.redis_cache.SharedRedisCache",
        "redis://cache.example:6379/0",
    ]
    result = manage("shell", "--no-imports", "-c", code.replace(", s.CACHES['default']['LOCATION']", ""), env={})
    assert result.stdout.split()[-1] == "django.core.cache.backends.locmem.LocMemCache"
