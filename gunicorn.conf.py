"""gunicorn settings for production: `gunicorn notinschool.config.wsgi` reads this file."""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Uploads are read into memory and checked before anything is stored; keep requests bounded.
limit_request_line = 8190
accesslog = "-"
errorlog = "-"
# The proxies trusted for X-Forwarded-Proto: the service's trusted proxies (docs/deploy.md).
forwarded_allow_ips = (
    os.environ.get("FORWARDED_ALLOW_IPS") or os.environ.get("NOTINSCHOOL_TRUSTED_PROXIES") or "127.0.0.1"
)
# Load the application once in the master and fork workers from it: faster first requests and
# shared memory. Nothing connects to the database or starts a process at import time.
preload_app = True


def pre_fork(server, worker):
    """Move everything loaded so far out of the collector's way (gc.freeze): the application's
    modules (Django, scipy, altair) are some 200,000 objects that every full collection in a worker
    walked again, about 100 ms each, landing on whichever request was running; frozen, they are
    also not written to by collections, so the forked workers keep sharing their memory."""
    gc.freeze()
