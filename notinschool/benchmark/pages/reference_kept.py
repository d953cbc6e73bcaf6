"""Work kept per reference version: parts of a page made only from what every network shares
(DfE's published figures, population estimates, LAs and regions) and the network's members.

A network's data version changes with every return approved, so its cached pages are made again
all through a collection (ADR 0611); DfE's part of a page does not change then, and at national
scale it was a quarter to two fifths of the work of a page. It is kept in this process under the
reference version (``places.ReferenceVersion``, changed in the same transaction as any of those
figures) and the network's members, so an import of DfE's figures or of population estimates,
or a change of members, is seen at once (ADR 0616). A release restarts the processes and
empties it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from notinschool.places.selectors import NetworkRef, Place

T = TypeVar("T")
# A trend page's DfE tables for a national network are about 0.5 MB of rows and markup.
KEEP_AT_MOST = 128
_kept: dict[tuple, object] = {}
_lock = threading.Lock()


def kept_for_reference(
    network: NetworkRef, members: Iterable[Place], what: tuple[Hashable, ...], make: Callable[[], T]
) -> T:
    """`make()`, or what it made before for the same reference version, members and `what`.

    What `make` returns is shared by every page that asks after it: callers must not change it."""
    key = (network.reference_version, tuple(members), what)
    with _lock:
        found = _kept.get(key)
    if found is None:
        found = make()
        with _lock:
            if len(_kept) >= KEEP_AT_MOST:
                _kept.pop(next(iter(_kept)))  # the oldest first
            _kept[key] = found
    return found  # type: ignore[return-value]


def forget_all() -> None:
    """Empty what this process keeps (for tests that compare made and kept parts)."""
    with _lock:
        _kept.clear()
