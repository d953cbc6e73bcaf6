"""Rendering an email's subject and body: plain text, nothing escaped, nothing left blank."""

from functools import cache

import jinja2
from django.apps import apps
from django.conf import settings

from notinschool.core.presenters import long_date, whole_number
from notinschool.notifications.kinds import NotificationKind


@cache
def _environment() -> jinja2.Environment:
    folders = [str(app.path) + "/jinja2" for app in apps.get_app_configs()]
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=False,  # plain-text email: an apostrophe stays an apostrophe  # noqa: S701
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update({"long_date": long_date, "whole_number": whole_number})
    return environment


def base_context() -> dict:
    """What every email may use: the service's name and its address."""
    return {"service_name": settings.SERVICE_NAME, "base_url": settings.NOTINSCHOOL_BASE_URL}


def render_email(kind: NotificationKind, context: dict) -> tuple[str, str]:
    """The subject (one line) and the body of an email of this kind."""
    environment = _environment()
    full = {**base_context(), **context}
    subject = " ".join(environment.from_string(kind.subject).render(full).split())
    body = environment.get_template(kind.body).render(full)
    return subject[:250], body


def absolute_url(path: str) -> str:
    """A link for an email: the service's address and the path."""
    return settings.NOTINSCHOOL_BASE_URL + path
