"""Addresses of named URLs, worked out once per process for each name and arguments (ADR 0622).

Django's `reverse` walks the URL patterns' converters and quotes every argument on each call,
about 15 microseconds; a dashboard page made afresh asks for some 60 addresses, and a cached
page's header and breadcrumbs for 15. An address depends only on the name, the arguments, the
URL configuration and the script prefix, so it is kept, keyed by all four.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

KEPT = 4096  # distinct addresses kept per process, the least recently used go first
LONGEST = 200  # arguments with more text than this go straight to `reverse`, never kept


@lru_cache(maxsize=KEPT)
def _kept(urlconf: str, prefix: str, name: str, args: tuple, kwargs: tuple) -> str:
    # The prefix is part of the key only: `reverse` reads the same one, the current thread's.
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


def _plain(values) -> bool:
    """True when every value is exactly a str or an int (not a bool, a lazy string or a model,
    whose text could change while its hash does not) and their text is short."""
    size = 0
    for value in values:
        kind = type(value)
        if kind is str:
            size += len(value)
        elif kind is not int:
            return False
    return size <= LONGEST


def _where() -> tuple:
    """The URL configuration and script prefix `reverse` would use now: each is a thread's (or
    task's) own, and reading them costs more than a kept address."""
    return (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def address(name: str, *args, **kwargs) -> str:
    """The path of a named URL, as `reverse(name, args=args, kwargs=kwargs)` gives it.

    Kept per process when every argument is a short str or int; otherwise worked out each time.
    Raises `NoReverseMatch` as `reverse` does (a failure is never kept)."""
    return address_in(None, name, *args, **kwargs)


def address_in(request, name: str, *args, **kwargs) -> str:
    """`address`, for code that has the request being answered (a page's templates, its header):
    the URL configuration and script prefix are read once for the request, not for every address.
    The script prefix is set before the request's middleware runs and never changes during it; so
    is the URL configuration, unless a middleware gives the request its own (`request.urlconf`,
    which Django applies only once the middleware has run): such a request reads both each time."""
    if not (_plain(args) and _plain(kwargs.values()) and type(name) is str):
        return reverse(name, args=args or None, kwargs=kwargs or None)
    if request is None or "urlconf" in request.__dict__:
        where = _where()
    else:
        where = request.__dict__.get("_addresses_from")
        if where is None:
            where = request._addresses_from = _where()
    return _kept(*where, name, args, tuple(sorted(kwargs.items())) if kwargs else ())


def forget() -> None:
    """Drop every kept address (for code that changes URL patterns in place)."""
    _kept.cache_clear()
