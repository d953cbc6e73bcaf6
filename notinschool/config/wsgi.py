"""WSGI entry point for gunicorn: `gunicorn notinschool.config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notinschool.config.settings")

application = get_wsgi_application()

# Under DJANGO_ENV=production, wrong settings (SQLite, an email backend that sends nothing, a
# per-process cache with several processes) stop gunicorn here, each with its own message.
from notinschool.core.checks import refuse_to_start_wrong  # noqa: E402

refuse_to_start_wrong()

# Import every view (and the libraries behind them) now: with gunicorn's preload_app this runs
# once in the master, so no worker's first request waits seconds for imports.
get_resolver().url_patterns  # noqa: B018

# Libraries the dashboard loads only when it first draws a chart or a funnel (so commands and job
# workers never pay for them) are loaded here too, for the same reason.
import altair  # noqa: E402, F401
import scipy.stats  # noqa: E402, F401
