"""WSGI entry point for gunicorn: `gunicorn notinschool.config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notinschool.config.settings")

application = get_wsgi_application()

# Import every view (and the libraries behind them) now: with gunicorn's preload_app this runs
# once in the master, so no worker's first request waits seconds for imports.
get_resolver().url_patterns  # noqa: B018
