"""Caching the dashboard's pages: the expensive part of a page (its content block) is kept per
*data version*, so a page is computed once after the figures change and then served from the
cache until they change again. Content is kept compressed (a national measure page's 250 KB becomes
about 20 KB), so a process's memory cache holds thousands of pages and Redis sends less.

The data version is the network's (``places.selectors``), read with the network at the start of
the request, before any figure. Every service that writes what the dashboard shows (a return's
versions and statuses, collections, members, DfE's figures, population estimates, statistical
neighbours) gives it a new value in the same transaction (ADR 0007), and the person's comparison
groups join it in the key: nothing is ever served from before a change. So does the build
(``core.release``): a deployment never serves a page its predecessor rendered. The header, with the
person's name and their security token, is rendered for each request the ordinary way and never
kept in a shared entry: only the session's own copy, for a minute (``repeat_views``).
"""

import zlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from markupsafe import Markup

from notinschool.benchmark.page_keys import CACHE_SECONDS, groups_fingerprint, key_for
from notinschool.benchmark.repeat_views import mark_repeatable
from notinschool.places.selectors import NetworkRef

# Context a cached page still needs around its content block (title, breadcrumbs).
OUTER_KEYS = ("network", "period", "page_title", "breadcrumbs")


def page_key(request: HttpRequest, network: NetworkRef, groups) -> str:
    """The cache key for one page or download: the build, the view the address resolves to, the
    path, query, data version and the person's groups."""
    return key_for(request, request.resolver_match.view_name, network.data_version, groups_fingerprint(groups))


START, END = "<!--content:start-->", "<!--content:end-->"
# Stands for the cached content block while the page around it is rendered.
PLACEHOLDER = "<!--content:cached-->"


def cached_page(
    request: HttpRequest, template_name: str, *, network: NetworkRef, groups, build: Callable[[], dict]
) -> HttpResponse:
    """Render `template_name`, computing its context with `build()` only when the cache has no
    content block for this page at this data version.

    On a miss the page is rendered whole, with markers around the content block, and the part
    between them is kept; the content block of a dashboard page holds no per-person data (no
    form tokens, no names), which the tests check. The page around the block is rendered for each
    request; the session may keep it for a repeat view, and when the answer shows nothing but the
    page (no message), ``repeat_views`` keeps its *frame* beside the content (the page around it
    without the person's header), from which a session shown another page of the network may be
    answered this one.
    """
    fingerprint = groups_fingerprint(groups)
    key = page_key(request, network, groups)
    hit = cache.get(key)
    if hit is None:
        context = build()
        response = render(request, template_name, {**context, "mark_content": True})
        html = response.content.decode()
        start, end = html.find(START), html.find(END)
        if start != -1 and end > start:
            body = html[start + len(START) : end].encode()
            outer = {k: context[k] for k in OUTER_KEYS if k in context}
            around = html[:start].encode(), html[end + len(END) :].encode()
            cache.set(key, {"html": zlib.compress(body, 1), **outer}, CACHE_SECONDS)
            response.content = around[0] + body + around[1]
            mark_repeatable(
                request, network=network, content_key=key, groups=fingerprint, around=around, content_length=len(body)
            )
        return response
    outer = {k: v for k, v in hit.items() if k != "html"}
    body = zlib.decompress(hit["html"])
    response = render(request, template_name, {**outer, "cached_content": Markup(PLACEHOLDER)})  # noqa: S704 - a constant
    parts = response.content.split(PLACEHOLDER.encode())
    if len(parts) != 2:  # a template that shows the content block other than once
        # The cached HTML was rendered (and escaped) by this service's own templates.
        return render(request, template_name, {**outer, "cached_content": Markup(body.decode())})  # noqa: S704
    response.content = parts[0] + body + parts[1]
    mark_repeatable(
        request, network=network, content_key=key, groups=fingerprint, around=(parts[0], parts[1]),
        content_length=len(body),
    )  # fmt: skip
    return response


def cached_download(
    request: HttpRequest, *, network: NetworkRef, groups, build: Callable[[], HttpResponse]
) -> HttpResponse:
    """A download (table or chart) kept per data version like the pages; `build()` makes it."""
    fingerprint = groups_fingerprint(groups)
    key = page_key(request, network, groups)
    hit = cache.get(key)
    if hit is None:
        response = build()
        if response.status_code == 200:
            cache.set(
                key,
                {
                    "body": response.content,
                    "type": response["Content-Type"],
                    "disposition": response["Content-Disposition"],
                },
                CACHE_SECONDS,
            )
            mark_repeatable(request, network=network, content_key=key, groups=fingerprint)
        return response
    response = HttpResponse(hit["body"], content_type=hit["type"])
    response["Content-Disposition"] = hit["disposition"]
    mark_repeatable(request, network=network, content_key=key, groups=fingerprint)
    return response
