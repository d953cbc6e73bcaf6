"""WSGI entry point for gunicorn: `gunicorn notinschool.config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notinschool.config.settings")

application = get_wsgi_application()
