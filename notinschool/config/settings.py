"""Settings, from environment variables only. Defaults are safe: debug is off unless asked for.

DJANGO_ENV=production demands a real secret key, allowed hosts and PostgreSQL, and turns on
secure cookies and HSTS. See README.md for every variable.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

from notinschool.config.env import env_bool, env_int, env_json, env_list, env_required, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("NOTINSCHOOL_VAR_DIR", str(PROJECT_DIR / "var")))

DJANGO_ENV = env_str("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"
DEBUG = env_bool("DJANGO_DEBUG", False) and not PRODUCTION


def _development_secret_key() -> str:
    """A per-checkout key kept under var/, so sessions survive restarts without a shared secret."""
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


if PRODUCTION:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        env_required("DJANGO_ALLOWED_HOSTS")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY") or _development_secret_key()
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "notinschool.core",
    "notinschool.places",
    "notinschool.accounts",
    "notinschool.audit",
    "notinschool.intake",
    "notinschool.validation",
    "notinschool.returns",
    "notinschool.published",
    "notinschool.benchmark",
    "notinschool.register",
    "notinschool.sharing",
    "notinschool.demo",
]

# The security headers' middleware comes first, so that every response gets the headers, even
# an error page for a request a later middleware refused (a bad Host header, say).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "notinschool.core.middleware.PermissionsPolicyMiddleware",
    # Before anything reads the address or the form: a NUL in either is a 400, never a failed
    # query (a 500).
    "notinschool.core.middleware.NoNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions: a dashboard page seen again within the minute is answered here (ADR 0615).
    "notinschool.benchmark.repeat_views.RepeatViewMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "notinschool.core.middleware.SignedInNoStoreMiddleware",  # needs the user: after authentication
    "notinschool.core.middleware.APIMethodNotAllowedMiddleware",
]

# No inline script or style anywhere: every asset is a file this service serves itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

ROOT_URLCONF = "notinschool.config.urls"
WSGI_APPLICATION = "notinschool.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "notinschool.config.jinja2.environment",
            "autoescape": True,
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "notinschool.core.context_processors.service",
                "notinschool.config.navigation.navigation",
            ],
        },
    },
    {
        # Django's own templates (admin-free, but some contrib views need the engine).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": []},
    },
]

_sqlite_path = VAR_DIR / "notinschool.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{_sqlite_path}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Waiting on a lock beats failing with "database is locked" when two requests write.
    # IMMEDIATE: a writing transaction takes the write lock at its start, so two concurrent
    # submissions queue for it instead of one failing on a lock upgrade.
    # WAL lets pages read while a return is being stored.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # One test database per test process, so parallel runs never share a file.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    VAR_DIR.mkdir(parents=True, exist_ok=True)

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compiling: the register's row-level checks make the planner overestimate a
    # whole-register read, and compiling it took longer than running it (ADR 0515).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

# On PostgreSQL the service works as this role, which owns no table, so row-level security
# applies to every query it makes (ADR 0508). Empty: work as the connecting role (SQLite, or a
# deployment that connects as the application role already).
DATABASE_APP_ROLE = (
    env_str("DATABASE_APP_ROLE", "notinschool_app")
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    else ""
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "notinschool.accounts.backends.AccountBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# Front-end assets built by npm (make assets); not committed.
STATICFILES_DIRS = [PROJECT_DIR / "build" / "static"]
STORAGES = {
    # Uploaded returns and papers: a folder by default; any Django storage backend by setting
    # NOTINSCHOOL_FILE_STORAGE and its options as JSON in NOTINSCHOOL_FILE_STORAGE_OPTIONS.
    "default": {
        "BACKEND": env_str("NOTINSCHOOL_FILE_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env_json("NOTINSCHOOL_FILE_STORAGE_OPTIONS", {"location": str(VAR_DIR / "uploads")}),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Sessions are stored in the database and read through the shared cache (ADR 0617): every
# signed-in request loads one, and a page seen again is otherwise answered without the database.
# Sessions are ended only through the session store, which removes both (accounts.services).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "notinschool.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("NOTINSCHOOL_MAX_REQUEST_BYTES", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are sent only over HTTPS, for this host, for every path.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "not-in-school@localhost")

SERVICE_NAME = env_str("NOTINSCHOOL_SERVICE_NAME", "Not in School")
# Headless Chromium prints the meeting pack to PDF in seconds; without it WeasyPrint is used.
NOTINSCHOOL_CHROMIUM = env_str("NOTINSCHOOL_CHROMIUM", "/usr/bin/chromium")
# DfE divides by an ONS estimate one or two years behind the academic year.
NOTINSCHOOL_POPULATION_LAG_YEARS = env_int("NOTINSCHOOL_POPULATION_LAG_YEARS", 1)
# How many returns' figures each process keeps once read (ADR 0624; each measure of a version
# counts one more): 250,000 take about 27 MB, nearly a national network's 12 terms of every
# measure (254,000); 0 keeps none, and every page reads every figure it shows.
NOTINSCHOOL_FIGURES_KEPT = env_int("NOTINSCHOOL_FIGURES_KEPT", 250_000, minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# Sign-in, two-factor, lock-out and session rules live beside these settings, in their own file.
from notinschool.config import security_settings  # noqa: E402

security_settings.apply(globals())

# Jobs, the shared cache, trusted proxies and links in emails, in their own file too.
from notinschool.config import service_settings  # noqa: E402

service_settings.apply(globals())
