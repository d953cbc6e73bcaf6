"""Settings for work beyond one request and one process: the job runner, the shared cache, the
proxies in front of the service and the address its emails link to (ADRs 0030-0034).

`apply(settings)` is called at the end of settings.py with its globals, like security_settings.
"""

import ipaddress

from django.core.exceptions import ImproperlyConfigured

from notinschool.config.env import env_int, env_list, env_str

JOB_APPS = ["django_tasks", "django_tasks_db", "notinschool.jobs", "notinschool.notifications"]


def trusted_proxies(name: str = "NOTINSCHOOL_TRUSTED_PROXIES") -> tuple:
    """The proxies whose X-Forwarded-For is believed: addresses or networks, comma-separated."""
    networks = []
    for item in env_list(name):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks (like 10.0.0.0/16), not {item!r}"
            ) from exc
    return tuple(networks)


def apply(settings: dict) -> None:
    """Add jobs, cache, proxy and link settings to the settings module's namespace."""
    apps = settings["INSTALLED_APPS"]
    for app in JOB_APPS:
        if app not in apps:
            apps.insert(apps.index("notinschool.demo"), app)

    # The job runner: django-tasks' database backend, on the service's own database (ADR 0030).
    settings["TASKS"] = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings["NOTINSCHOOL_JOB_HEARTBEAT_SECONDS"] = env_int("NOTINSCHOOL_JOB_HEARTBEAT_SECONDS", 5)
    # A running job whose heartbeat is older than this lost its worker, and is queued again.
    settings["NOTINSCHOOL_JOB_STALE_SECONDS"] = env_int("NOTINSCHOOL_JOB_STALE_SECONDS", 60)
    settings["NOTINSCHOOL_JOB_RESTARTS"] = env_int("NOTINSCHOOL_JOB_RESTARTS", 3)
    settings["NOTINSCHOOL_JOB_POLL_SECONDS"] = float(env_str("NOTINSCHOOL_JOB_POLL_SECONDS", "1") or 1)

    # The cache: Redis, shared by every process and host, when REDIS_URL is set; otherwise this
    # process's memory, which is right only when one process serves (ADR 0032).
    redis_url = env_str("REDIS_URL")
    settings["REDIS_URL"] = redis_url
    if redis_url:
        settings["CACHES"] = {
            "default": {
                "BACKEND": "notinschool.core.redis_cache.SharedRedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": env_str("NOTINSCHOOL_CACHE_PREFIX", "nis"),
                "TIMEOUT": 15 * 60,
                # A Redis that stops answering must not hold a page for long.
                "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
            }
        }
    else:
        # Room for the dashboard's pages as readers vary their choices (each kept compressed,
        # about 20 KB): Django's default of 300 entries evicted them while still wanted.
        settings["CACHES"] = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}
        }
    # How many gunicorn processes serve on this host (gunicorn.conf.py reads the same variable).
    settings["APP_SERVER_PROCESSES"] = env_int("WEB_CONCURRENCY", 3)

    # The proxies in front of the service (ADR 0033): only a request from one of them has its
    # X-Forwarded-For believed. gunicorn's forwarded_allow_ips defaults to the same list.
    settings["NOTINSCHOOL_TRUSTED_PROXIES"] = trusted_proxies()

    # An email server that stops answering must not hold a job for long (the job's own limit
    # is minutes; this is inside it).
    settings["EMAIL_TIMEOUT"] = env_int("DJANGO_EMAIL_TIMEOUT", 30)

    # Where emails link to: the service's address as people reach it.
    hosts = settings.get("ALLOWED_HOSTS") or ["127.0.0.1"]
    default_base = (
        f"https://{hosts[0]}" if settings.get("PRODUCTION") else f"http://127.0.0.1:{env_str('PORT', '8000')}"
    )
    settings["NOTINSCHOOL_BASE_URL"] = env_str("NOTINSCHOOL_BASE_URL", default_base).rstrip("/")
