"""Caching the dashboard's pages: the expensive part of a page (its content block) is kept per
*data version*, so a page is computed once after the figures change and then served from the
cache until they change again.

The data version is read on every request by one statement (membership, returns, collections,
published releases, population estimates, statistical neighbours), and the person's comparison groups join it in the
key; any approval, new version, import or group change gives a new version and so new cache
keys. Nothing is ever
served from before a change. The header, with the person's name and their security token, is
rendered for each request and never cached.
"""

import functools
import hashlib
import json
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from markupsafe import Markup

from notinschool.places.models import Network

CACHE_SECONDS = 15 * 60
# Context a cached page still needs around its content block (title, breadcrumbs).
OUTER_KEYS = ("network", "period", "page_title", "breadcrumbs")


def data_version(network: Network) -> str:
    """A fingerprint of everything the network's dashboard is computed from.

    One round trip to the database: it runs on every dashboard request, so it is written as a
    single statement of one-row aggregates rather than one ORM query per table."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), [network.pk] * 3)
        parts = cursor.fetchone()
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:20]


@functools.cache
def _version_sql() -> str:
    from notinschool.benchmark.models import PopulationEstimate
    from notinschool.places.models import StatisticalNeighbour
    from notinschool.published.models import PublishedRelease
    from notinschool.returns.models import Collection, Return

    members = Network.local_authorities.through._meta.db_table
    returns, collections = Return._meta.db_table, Collection._meta.db_table
    releases, population = PublishedRelease._meta.db_table, PopulationEstimate._meta.db_table
    neighbours = StatisticalNeighbour._meta.db_table
    # Membership (rows are only ever added, with a new id, or deleted: the count and the ids
    # move with every change), returns (a new one, or any status change), the network's
    # collections (dates, provisional setting), DfE releases (import or supersede), population
    # (add or replace) and statistical neighbours (a load deletes and recreates the rows, so new
    # ids). LA names change only with a release of the service, whose restart empties the
    # per-process cache. Each table is read once, all its aggregates together.
    # Table names come from the models, never from a request; the network is a parameter.
    return f"""SELECT * FROM
        (SELECT COUNT(*), SUM(id), MAX(id) FROM {members} WHERE network_id = %s) AS membership,
        (SELECT COUNT(*), MAX(r.status_changed_at) FROM {returns} r
            JOIN {members} m ON m.localauthority_id = r.local_authority_id
            WHERE m.network_id = %s) AS network_returns,
        (SELECT COUNT(*), MAX(changed_at) FROM {collections} WHERE network_id = %s) AS network_collections,
        (SELECT COUNT(*), COUNT(superseded_by_id), MAX(imported_at) FROM {releases}) AS releases,
        (SELECT COUNT(*), MAX(loaded_at) FROM {population}) AS population,
        (SELECT COUNT(*), SUM(id), MAX(id) FROM {neighbours}) AS neighbours"""  # noqa: S608


def _groups_fingerprint(groups) -> list:
    return [[g.id, g.name, sorted(la.old_code for la in g.local_authorities.all())] for g in groups]


def page_key(request: HttpRequest, network: Network, view: str, groups) -> str:
    """The cache key for one view of one page: data version, path, query and the person's groups."""
    query = sorted(request.GET.lists())
    material = [view, request.path, query, data_version(network), _groups_fingerprint(groups)]
    return "dashboard:" + hashlib.sha256(json.dumps(material, default=str).encode()).hexdigest()


START, END = "<!--content:start-->", "<!--content:end-->"


def cached_page(
    request: HttpRequest, template_name: str, *, network: Network, view: str, groups, build: Callable[[], dict]
) -> HttpResponse:
    """Render `template_name`, computing its context with `build()` only when the cache has no
    content block for this page at this data version.

    On a miss the page is rendered whole, with markers around the content block, and the part
    between them is kept; the content block of a dashboard page holds no per-person data (no
    form tokens, no names), which the tests check.
    """
    key = page_key(request, network, view, groups)
    hit = cache.get(key)
    if hit is None:
        context = build()
        response = render(request, template_name, {**context, "mark_content": True})
        html = response.content.decode()
        start, end = html.find(START), html.find(END)
        if start != -1 and end > start:
            body = html[start + len(START) : end]
            outer = {k: context[k] for k in OUTER_KEYS if k in context}
            cache.set(key, {"html": body, **outer}, CACHE_SECONDS)
            response.content = html.replace(START, "").replace(END, "")
        return response
    outer = {k: v for k, v in hit.items() if k != "html"}
    # The cached HTML was rendered (and escaped) by this service's own templates.
    return render(request, template_name, {**outer, "cached_content": Markup(hit["html"])})  # noqa: S704


def cached_download(
    request: HttpRequest, *, network: Network, view: str, groups, build: Callable[[], HttpResponse]
) -> HttpResponse:
    """A download (table or chart) kept per data version like the pages; `build()` makes it."""
    key = page_key(request, network, "download:" + view, groups)
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
        return response
    response = HttpResponse(hit["body"], content_type=hit["type"])
    response["Content-Disposition"] = hit["disposition"]
    return response
