"""A dashboard page seen again in the same session is answered before the session, the person and
their permissions are loaded again (ADR 0615), and without the database (ADR 0617): one round trip
to the cache brings what was kept, the session (stored through the cache), the access epoch and
the network's data version; the content block answered is kept in the process, decompressed.

People go back and forth between dashboard pages, and signed-in pages are never kept by the
browser (``core.middleware.SignedInNoStoreMiddleware``), so "Back" asks the server again. What a
page served to a session had around its content block (the header with the person's name and
form token, the footer) is kept for that session alone and for a minute at most: the time after
which the session's last use is written down anyway (``accounts.middleware``). The content block
itself stays where the dashboard's cache keeps it (``benchmark.caching``), so keeping costs no
compression. The page is answered again only if all of these still hold, else the request takes
the ordinary way:

- the session is the same and still stored, unexpired, for the same person, with the same
  second factor and no message waiting to be shown;
- the session was used within the last minute and is within its 12 hours (so the idle and
  absolute limits are still decided by the ordinary way, which also writes the last use);
- the network's data version is the one the page was made from, the build is the same, and the
  dashboard's cache still holds the content;
- nothing that decides what a person may see (people, roles, networks and their members,
  comparison groups, authenticator devices) has changed since: any change to those gives a new
  ``access epoch`` (signals in ``benchmark.apps``), and a bulk write that sends no signal is
  covered by the minute's limit.

Only pages and downloads made by ``benchmark.caching`` are kept, only when the answer was 200 and
set no cookie but the form token's, unchanged (a response that changed the session or showed a
message is never replayed).

A session shown a page of a network that way also gets a *pass* for the network, for the same
minute (ADR 0620): another page or download of that network that someone with the same comparison
groups made, still in the cache at the current data version, is answered from it with this
session's own header put into the page's frame (the page around the content, the same for
everyone), under every check above, and only for a view that asks no more than to see the
network's dashboard.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from cachetools import LRUCache, TTLCache
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django_otp import DEVICE_ID_SESSION_KEY

from notinschool.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT, TOUCH_EVERY_SECONDS
from notinschool.accounts.permissions import Permission
from notinschool.benchmark.page_keys import CACHE_SECONDS, frame_key, key_for
from notinschool.core.access import ACCESS_ATTRIBUTE
from notinschool.core.release import code_fingerprint
from notinschool.places.selectors import NetworkRef, data_version_key, data_version_now

PREFIX = "/dashboard/"
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")
EPOCH_KEY = "dashboard-again:access-epoch"
MARK = "_dashboard_again"


def access_epoch(*, renew: bool = False) -> str:
    """The current access epoch, a new one when `renew` (or when the cache has lost it)."""
    if not renew:
        found = cache.get(EPOCH_KEY)
        if found:
            return found
    epoch = uuid.uuid4().hex
    cache.set(EPOCH_KEY, epoch, None)
    return epoch


def renew_access_epoch(**_signal_kwargs) -> None:
    """Signal receiver: something that decides what people may see has changed."""
    access_epoch(renew=True)


@dataclass(frozen=True)
class Repeatable:
    """What the dashboard's cache says of an answer it made: where its content is kept and, for a
    page, the bytes around the content block (the header and footer, this person's own)."""

    network_slug: str
    data_version: str
    content_key: str
    around: tuple[bytes, bytes] | None  # None: a download, kept whole under content_key
    content_length: int
    groups: list  # the person's comparison groups as the page's key names them


def mark_repeatable(
    request: HttpRequest,
    *,
    network: NetworkRef,
    content_key: str,
    groups: list,
    around: tuple[bytes, bytes] | None = None,
    content_length: int = 0,
) -> None:
    """Say that this request's answer may be kept for the session (called by the dashboard's
    cached pages and downloads): a page is its `around` with the content kept under `content_key`
    between them; a download is what is kept under `content_key`. ``groups`` is the person's
    comparison groups as ``caching.page_key`` takes them."""
    setattr(request, MARK, Repeatable(network.slug, network.data_version, content_key, around, content_length, groups))


# The person's part of a page (the header: their name, the places their roles let them go, the
# sign-out form with this browser's form token) is marked in the layout of the dashboard's pages;
# the rest of the page around the content is the same for everyone who sees that page.
PERSON_START, PERSON_END = b"<!--person:start-->", b"<!--person:end-->"


def split_person(before: bytes) -> tuple[bytes, bytes, bytes] | None:
    """The page before its content block as (what comes before the person's part, the person's
    part, what comes after it); None when the part is not marked exactly once."""
    start, end = before.find(PERSON_START), before.find(PERSON_END)
    if start == -1 or end < start or before.count(PERSON_START) != 1 or before.count(PERSON_END) != 1:
        return None
    return before[:start], before[start + len(PERSON_START) : end], before[end + len(PERSON_END) :]


# Content blocks and downloads answered again, as bytes ready to send, by their key in the page
# cache: the key names the build and the data version, so what is under it never changes, and a
# copy in the process spares the round trip and the decompression. At most this many bytes a process.
CONTENT_KEPT_BYTES = 16 * 1024 * 1024
_content_kept: LRUCache = LRUCache(maxsize=CONTENT_KEPT_BYTES, getsizeof=len)
_content_lock = threading.Lock()


def _content(content_key: str, *, page: bool) -> bytes | None:
    """A page's content block (decompressed) or a download's bytes, from this process's copy or
    the page cache; None when neither holds it."""
    with _content_lock:
        body = _content_kept.get(content_key)
    if body is not None:
        return body
    found = cache.get(content_key)
    if found is None:
        return None
    body = zlib.decompress(found["html"]) if page else found["body"]
    if len(body) <= CONTENT_KEPT_BYTES // 8:
        with _content_lock:
            _content_kept[content_key] = body
    return body


# What a session's first view of a page answers besides its content: for a page, its frame (the
# page around the content without the person's part), for a download its type and disposition.
# Kept in the process beside the content, by the same key, which never names other bytes.
# For as long as the page cache keeps them at most, so a frame never outlives its page there.
_answers_kept: TTLCache = TTLCache(
    maxsize=4 * 1024 * 1024, ttl=CACHE_SECONDS, getsizeof=lambda a: 64 + sum(map(len, a[0] or ()))
)


def _kept_answer(content_key: str) -> tuple[bytes, tuple | None, str, str] | None:
    """(content or download bytes, frame or None for a download, content type, disposition)
    of what the page cache keeps under ``content_key``; None when it keeps nothing to answer."""
    with _content_lock:
        body, about = _content_kept.get(content_key), _answers_kept.get(content_key)
    if body is None or about is None:
        found = cache.get_many([content_key, frame_key(content_key)])
        kept = found.get(content_key)
        if kept is None:
            return None
        page = "html" in kept
        frame = found.get(frame_key(content_key))
        if page and frame is None:
            return None  # no answer showing only the page has been kept yet
        body = zlib.decompress(kept["html"]) if page else kept["body"]
        about = (frame, "text/html; charset=utf-8", "") if page else (None, kept["type"], kept["disposition"])
        with _content_lock:
            if len(body) <= CONTENT_KEPT_BYTES // 8:
                _content_kept[content_key] = body
            _answers_kept[content_key] = about
    frame, content_type, disposition = about
    return body, frame, content_type, disposition


def _pass_key(session_key: str, network_slug: str) -> str:
    digest = hashlib.sha256(f"{session_key}\0pass\0{network_slug}".encode()).hexdigest()
    return f"dashboard-pass:{digest}"


def _key(session_key: str, full_path: str) -> str:
    digest = hashlib.sha256(f"{session_key}\0{full_path}".encode()).hexdigest()
    return f"dashboard-again:{digest}"


def _only_renews_csrf_cookie(request: HttpRequest, response: HttpResponse) -> bool:
    """True when the response sets no cookie but the form token's, unchanged (Django sends it
    again whenever a page has a form, to renew its expiry, which a year's life does not need)."""
    name = settings.CSRF_COOKIE_NAME
    set_now = set(response.cookies)
    return not set_now or (set_now == {name} and response.cookies[name].value == request.COOKIES.get(name))


class RepeatViewMiddleware:
    """Answer a dashboard page this session was just shown, or keep the one it is shown now.

    Sits after WhiteNoise and before the session middleware: the security headers are added
    around it, as for any page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.engine = import_module(settings.SESSION_ENGINE)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if request.method != "GET" or not session_key or not request.path.startswith(PREFIX):
            return self.get_response(request)
        request.get_host()  # refuses a host this service does not answer for, as CommonMiddleware would
        key = _key(session_key, request.get_full_path())
        # One round trip brings what was kept, the epoch, the session as its store keeps it in the
        # cache, and the data version of the network the path names.
        session_cache_key = self._session_cache_key(session_key)
        slug = request.path[len(PREFIX) :].partition("/")[0]
        # Only a network's short name (as the URLs accept it) names a key: never a hostile path.
        version_key = data_version_key(slug) if _SLUG.fullmatch(slug) else None
        pass_key = _pass_key(session_key, slug) if version_key else None
        asked = [key, EPOCH_KEY, *(k for k in (version_key, session_cache_key, pass_key) if k)]
        found = cache.get_many(asked)
        # The epoch as it was before anything of this request was read: a change made while the
        # page is made leaves the kept page with the old epoch, never to be answered again.
        epoch = found.get(EPOCH_KEY) or access_epoch()
        version = found.get(version_key) if version_key else None
        session = found.get(session_cache_key)
        if CookieStorage.cookie_name not in request.COOKIES:
            kept = found.get(key)
            if kept is not None and kept["epoch"] == epoch and kept["network"] == slug:
                again = self._again(session_key, kept, session, version)
                if again is not None:
                    return again
            passed = found.get(pass_key) if pass_key else None
            if passed is not None and passed["epoch"] == epoch and passed["network"] == slug:
                first = self._first_view(request, session_key, passed, session, version)
                if first is not None:
                    return first
        response = self.get_response(request)
        self._keep(request, session_key, key, epoch, response, found.get(pass_key) if pass_key else None)
        return response

    def _session_cache_key(self, session_key: str) -> str | None:
        """Where the session store keeps this session in the default cache, if it does."""
        prefix = getattr(self.engine.SessionStore, "cache_key_prefix", None)
        # Django's session keys are 32 letters and digits; a cookie that is not never names a key.
        if (
            prefix is None
            or settings.SESSION_CACHE_ALIAS != "default"
            or not (len(session_key) <= 64 and session_key.isascii() and session_key.isalnum())
        ):
            return None
        return prefix + session_key

    def _session_fits(self, session_key: str, kept: dict, session: dict | None) -> bool:
        """The build is the same, and the session is still stored, for the same person, password
        and second factor, with no message waiting, used within the minute and within its hours."""
        if kept["build"] != code_fingerprint():
            return False
        if session is None:  # not in the cache: the store reads it (and keeps it there again)
            session = self.engine.SessionStore(session_key).load()
        now = time.time()
        return not (
            str(session.get(SESSION_KEY)) != kept["user"]
            or session.get(HASH_SESSION_KEY) != kept["auth_hash"]
            or session.get(DEVICE_ID_SESSION_KEY) != kept["device"]
            or SessionStorage.session_key in session
            or now - session.get(LAST_SEEN_AT, 0) >= TOUCH_EVERY_SECONDS
            or now - session.get(SIGNED_IN_AT, 0) > settings.NOTINSCHOOL_SESSION_MAX_SECONDS
        )

    def _again(self, session_key: str, kept: dict, session: dict | None, version: str | None) -> HttpResponse | None:
        if not self._session_fits(session_key, kept, session):
            return None
        if (version or data_version_now(kept["network"])) != kept["data_version"]:
            return None
        body = _content(kept["content_key"], page=kept["around"] is not None)
        if body is None:  # the page cache has let the content go: make the page the ordinary way
            return None
        if kept["around"] is not None:
            before, after = kept["around"]
            body = before + body + after
        response = HttpResponse(body, status=200)
        for name, value in kept["headers"]:
            response[name] = value
        return response

    def _first_view(
        self, request: HttpRequest, session_key: str, passed: dict, session: dict | None, version: str | None
    ) -> HttpResponse | None:
        """A page or download of the network this session was shown another page of within the
        minute, answered from what the cache keeps of it (made for anyone with the same groups),
        or None: the ordinary way."""
        if not self._session_fits(session_key, passed, session):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        # Only what the pass vouches for: a dashboard view of this network that asks no more than
        # to see its dashboard (every view the dashboard's cache keeps does, on the network in its path).
        if (
            match.namespace != "benchmark"
            or getattr(match.func, ACCESS_ATTRIBUTE, None) != str(Permission.VIEW_DASHBOARD)
            or match.kwargs.get("network") != passed["network"]
        ):
            return None
        version = version or data_version_now(passed["network"])
        if version is None:
            return None
        answer = _kept_answer(key_for(request, match.view_name, version, passed["groups"]))
        if answer is None:
            return None
        body, frame, content_type, disposition = answer
        if frame is not None:
            if passed["person"] is None:
                return None
            head, middle, tail = frame
            body = head + PERSON_START + passed["person"] + PERSON_END + middle + body + tail
        response = HttpResponse(body, status=200, content_type=content_type)
        for name, value in passed["headers"]:
            response[name] = value
        if disposition:
            response["Content-Disposition"] = disposition
        response["Content-Length"] = str(len(body))  # as the ordinary way's CommonMiddleware gives
        return response

    def _keep(
        self,
        request: HttpRequest,
        session_key: str,
        key: str,
        epoch: str,
        response: HttpResponse,
        passed: dict | None,
    ) -> None:
        marked = getattr(request, MARK, None)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (
            marked is None
            or response.status_code != 200
            or response.streaming
            or not _only_renews_csrf_cookie(request, response)
            or session is None
            or session.session_key != session_key
            or user is None
            or not user.is_authenticated
        ):
            return
        if marked.around is not None:
            before, after = marked.around
            content = response.content
            if (
                len(content) != len(before) + marked.content_length + len(after)
                or not content.startswith(before)
                or not content.endswith(after)
            ):
                return  # something changed the page after it was made: keep nothing
        kept = {
            "user": str(user.pk),
            "auth_hash": session.get(HASH_SESSION_KEY),
            "device": session.get(DEVICE_ID_SESSION_KEY),
            "network": marked.network_slug,
            "data_version": marked.data_version,
            "epoch": epoch,
            "build": code_fingerprint(),
            "headers": [(k, v) for k, v in response.items() if k.lower() != "content-length"],
            "content_key": marked.content_key,
            "around": marked.around,
        }
        cache.set(key, kept, TOUCH_EVERY_SECONDS)
        # The session's pass for the network: this person was shown a page of it just now, the
        # ordinary way, so a page of it someone else made may be answered from the cache for a
        # minute (``_first_view``), with their own header: this page's, or the last page's when
        # this answer is a download.
        person = None
        if marked.around is not None:
            parts = split_person(marked.around[0])
            if parts is not None:
                person = parts[1]
                # The page around the content without this person's header: the same for everyone
                # who sees the page, since this answer showed no message (a message changes the
                # session or its cookie, and such an answer is never kept).
                cache.set(frame_key(marked.content_key), (parts[0], parts[2], marked.around[1]), CACHE_SECONDS)
        same = {name: kept[name] for name in ("user", "auth_hash", "device", "network", "epoch", "build")}
        if person is None and passed is not None and all(passed.get(n) == v for n, v in same.items()):
            person = passed["person"]
        left_out = {"content-length", "content-type", "content-disposition"}
        headers = [(k, v) for k, v in response.items() if k.lower() not in left_out]
        pass_entry = {**same, "groups": marked.groups, "person": person, "headers": headers}
        cache.set(_pass_key(session_key, marked.network_slug), pass_entry, TOUCH_EVERY_SECONDS)
