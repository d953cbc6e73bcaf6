"""The keys under which the dashboard's cache keeps a page or download (``caching``), made in one
place: the ordinary way makes them with the network and the person loaded, and a session's first
view of a page someone else made (``repeat_views``) from what the session was shown before.
"""

import hashlib
import json

from django.http import HttpRequest

from notinschool.core.release import code_fingerprint

# How long the dashboard's cache keeps a page or download (and a page's frame) after it is made.
CACHE_SECONDS = 15 * 60


def groups_fingerprint(groups) -> list:
    """The person's comparison groups as a page's key names them (ids, names and members)."""
    return [[g.id, g.name, list(g.la_codes)] for g in groups]


def key_for(request: HttpRequest, view_name: str, data_version: str, groups: list) -> str:
    """The key of the page or download at this address: the build, the view the address resolves
    to, the path, the query, the network's data version and the person's groups' fingerprint."""
    query = sorted(request.GET.lists())
    material = [code_fingerprint(), view_name, request.path, query, data_version, groups]
    return "dashboard:" + hashlib.sha256(json.dumps(material, default=str).encode()).hexdigest()


def frame_key(content_key: str) -> str:
    """Where a page's frame (the page around its content, without the person's part) is kept."""
    return f"frame:{content_key}"
