"""Meeting packs kept per data version: built once by a job, then served from file storage.

A pack is named by what it holds: the network, its data version, the term and the LAs it covers
(a filter or a comparison group). Any change to the figures gives the network a new data
version (ADR 0007), so a kept pack is never served after its figures changed, and asking again
for the same pack at the same data version is a file read (ADR 0630).
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from notinschool.benchmark.pages.selection import Selection
from notinschool.core.release import code_fingerprint
from notinschool.places.selectors import NetworkRef

FOLDER = "meeting-packs"
KEEP_OLD_FOR = datetime.timedelta(days=1)  # a pack someone is downloading right now stays


def pack_key(network: NetworkRef, period: str, selection: Selection) -> str:
    """The name of the pack for these figures and these LAs, as this release of the service lays
    it out (a new release makes new packs, as it makes new dashboard pages)."""
    material = [
        code_fingerprint(),
        network.id,
        network.data_version,
        period,
        sorted(selection.codes),
        selection.group_name,
    ]
    return hashlib.sha256(json.dumps(material).encode()).hexdigest()[:40]


def _path(network: NetworkRef, key: str) -> str:
    return f"{FOLDER}/{network.slug}/{key}.pdf"


def kept_pack(network: NetworkRef, key: str) -> bytes | None:
    """The pack's PDF if it has been built at this data version, else None."""
    path = _path(network, key)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as kept:
        return kept.read()


def kept_pack_size(network: NetworkRef, key: str) -> int | None:
    """The kept pack's size in bytes, or None when it has not been built at this data version."""
    path = _path(network, key)
    return default_storage.size(path) if default_storage.exists(path) else None


def keep_pack(network: NetworkRef, key: str, pdf: bytes) -> None:
    """Keep a built pack (a pack built twice at once is the same file: the second replaces the first)."""
    path = _path(network, key)
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(pdf))
    _old_packs_delete(network, keep=path)


def _old_packs_delete(network: NetworkRef, *, keep: str) -> None:
    """Delete the network's packs made more than a day ago: their figures have most likely
    changed since, and a pack for the same figures is built again in seconds."""
    folder = f"{FOLDER}/{network.slug}"
    cutoff = timezone.now() - KEEP_OLD_FOR
    _, names = default_storage.listdir(folder)
    for name in names:
        path = f"{folder}/{name}"
        if path != keep and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
