"""A production that refuses to start wrong (ADR 0034).

Under DJANGO_ENV=production each setting that would quietly lose data or mislead is an error
with one clear message: SQLite, an email backend that sends nothing, and a per-process cache
when several processes serve. Django runs these checks before every management command
(`check --deploy` included, so it reports the same), and `config/wsgi.py` runs them before
gunicorn serves a request.
"""

from django.conf import settings
from django.core import checks

TAG = "notinschool-production"

EMAIL_BACKENDS_THAT_SEND_NOTHING = {
    "django.core.mail.backends.console.EmailBackend": "console email backend (it prints emails to the log)",
    "django.core.mail.backends.locmem.EmailBackend": "in-memory email backend (it keeps emails in memory)",
    "django.core.mail.backends.dummy.EmailBackend": "dummy email backend (it throws emails away)",
    "django.core.mail.backends.filebased.EmailBackend": "file email backend (it writes emails to files)",
}
IN_MEMORY_CACHES = {"django.core.cache.backends.locmem.LocMemCache"}


def production_problems() -> list[checks.CheckMessage]:
    """Every reason the production settings are wrong, one error each; none outside production."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    problems = []
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        problems.append(
            checks.Error(
                "DJANGO_ENV=production will not run on SQLite.",
                hint="Set DATABASE_URL to the PostgreSQL database, like postgres://user:password@host:5432/notinschool.",
                id="notinschool.E001",
            )
        )
    backend = settings.EMAIL_BACKEND
    if backend in EMAIL_BACKENDS_THAT_SEND_NOTHING:
        problems.append(
            checks.Error(
                f"DJANGO_ENV=production will not run with the {EMAIL_BACKENDS_THAT_SEND_NOTHING[backend]}: "
                "nobody would get an email.",
                hint="Set DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the DJANGO_EMAIL_* "
                "variables for your mail relay.",
                id="notinschool.E002",
            )
        )
    processes = settings.APP_SERVER_PROCESSES
    if settings.CACHES["default"]["BACKEND"] in IN_MEMORY_CACHES and processes > 1:
        problems.append(
            checks.Error(
                f"DJANGO_ENV=production will not run {processes} app server processes (WEB_CONCURRENCY={processes}) "
                "each with a cache of its own in memory: a change made through one would not show on the others.",
                hint="Set REDIS_URL (like redis://cache.internal:6379/0) so every process shares one cache, "
                "or WEB_CONCURRENCY=1 for a single process.",
                id="notinschool.E003",
            )
        )
    return problems


@checks.register(TAG)
def production_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Django system check: the production settings are ones the service can run on."""
    return production_problems()


def refuse_to_start_wrong() -> None:
    """Stop the app server, before it serves anything, when a production setting is wrong."""
    from django.core.exceptions import ImproperlyConfigured

    problems = production_problems()
    if problems:
        lines = [f"{problem.msg} {problem.hint}" for problem in problems]
        raise ImproperlyConfigured("The service will not start:\n- " + "\n- ".join(lines))
