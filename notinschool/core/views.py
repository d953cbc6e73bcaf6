"""Static pages and the error pages, all in the service's own layout."""

import logging

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from notinschool.core.access import public

logger = logging.getLogger(__name__)


@public
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The start page: what the service is for, who it is for, how to sign in."""
    return render(request, "core/home.html")


@public
@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement public bodies must publish."""
    return render(request, "core/accessibility.html")


@public
@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    """Which cookies the service sets, and why each is essential."""
    return render(request, "core/cookies.html")


@public
@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice for people who use the service."""
    return render(request, "core/privacy.html")


def _error_page(request: HttpRequest, status: int, template: str) -> HttpResponse:
    """An error page that renders whatever state the request is in: before authentication has
    run (a bad Host header is refused before it) there is no user, so the page is for a signed-out
    visitor; if the page itself cannot be rendered, a plain page in the same words is sent."""
    if not hasattr(request, "user"):
        request.user = AnonymousUser()
    try:
        return render(request, f"core/errors/{template}", status=status)
    except Exception:  # the error page must never fail: a broken one would hide the first error
        logger.exception("The %s error page could not be rendered", status)
        title = _PLAIN_TITLES.get(status, _PLAIN_TITLES[500])
        page = f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title></head>'
        page += f'<body><main><h1>{title}</h1><p><a href="/">Go to the start page</a></p></main></body></html>'
        return HttpResponse(page, status=status)


_PLAIN_TITLES = {
    400: "Sorry, there is a problem with what was sent",
    403: "You do not have permission to see this page",
    404: "Page not found",
    500: "Sorry, there is a problem with the service",
}


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: the request could not be understood (for example, it was too large)."""
    return _error_page(request, 400, "400.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: signed in, but not allowed to see this page."""
    return _error_page(request, 403, "403.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: no such page."""
    return _error_page(request, 404, "404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """500: something went wrong on our side. Rendered without the request context on purpose."""
    return _error_page(request, 500, "500.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a form sent without a valid security token; nothing was changed."""
    return _error_page(request, 403, "csrf.html")
