"""Work kept per reference version: what is made only from what every network shares (DfE's
published figures, ONS's population estimates, LAs and regions), with whatever else it depends on
(the network's members, the LAs asked about) named in its key.

A network's data version changes with every return approved, so its cached pages are made again
all through a collection (ADR 0611); DfE's figures and the populations do not change then, and
at national scale reading and arranging them was a quarter to two fifths of the work of a page.
They are kept in this process under the reference version (``places.ReferenceVersion``, changed
in the same transaction as any of those figures), so an import of DfE's figures or of population
estimates is seen at once (ADR 0616). A release restarts the processes and empties them. A
network's LAs are kept the same way under the network's data version, which every change of its
members or of LAs' names renews (ADR 0617).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from cachetools import LRUCache

from notinschool.places.reference import normalise_code
from notinschool.places.selectors import (
    NetworkRef,
    Place,
    neighbour_codes,
    network_places,
    place_in_network,
    places_by_every_code,
)

T = TypeVar("T")
# A trend page's DfE tables for a national network are about 0.5 MB of rows and markup; most
# other parts are a few kilobytes.
KEEP_AT_MOST = 256
_kept: LRUCache = LRUCache(maxsize=KEEP_AT_MOST)  # the least recently used part goes first
_lock = threading.Lock()
_NOTHING = object()  # None is a result worth keeping (DfE published no figure)


def kept_for_reference(reference_version: str | None, what: tuple[Hashable, ...], make: Callable[[], T]) -> T:
    """`make()`, or what it made before for the same reference version and `what` (which must
    name everything else the result depends on). Without a reference version (a caller with no
    network: tests, commands), `make()` afresh.

    What `make` returns is shared by every page that asks after it: callers must not change it."""
    if reference_version is None:
        return make()
    key = (reference_version, what)
    with _lock:
        found = _kept.get(key, _NOTHING)
    if found is _NOTHING:
        found = make()
        with _lock:
            _kept[key] = found
    return found  # type: ignore[return-value]


def forget_all() -> None:
    """Empty what this process keeps (tests start with nothing kept)."""
    with _lock:
        _kept.clear()


def network_places_kept(network: NetworkRef) -> list[Place]:
    """The network's LAs in name order (``places.selectors.network_places``), read once per data
    version of the network: its members, and LAs' names, change only with a new one. A page made
    afresh asks for them three or four times (the chooser, the figures, DfE's part). Each caller
    gets its own list."""
    kept = kept_for_reference(
        network.data_version, ("network_places", network.id), lambda: tuple(network_places(network.id))
    )
    return list(kept)


def place_in_network_kept(network: NetworkRef, code: str) -> Place | None:
    """The network's LA known by ``code`` (``places.selectors.place_in_network``): found among
    the network's kept LAs by its old or current code, as a profile's address names it, without
    a query; an earlier code, or one that is not the network's, is looked up as before."""
    wanted = normalise_code(code)
    for place in network_places_kept(network):
        if wanted in (place.code, place.new_code):
            return place
    return place_in_network(network.id, code)


def neighbour_codes_kept(network: NetworkRef, la_code: str) -> list[str]:
    """The LA's statistical neighbours, closest first (``places.selectors.neighbour_codes``),
    read once per reference version: loading a neighbour file renews it. Each caller gets its
    own list."""
    kept = kept_for_reference(
        network.reference_version, ("neighbour_codes", la_code), lambda: tuple(neighbour_codes([la_code])[la_code])
    )
    return list(kept)


def places_by_old_codes_kept(network: NetworkRef, codes: Iterable[str]) -> dict[str, Place]:
    """``places.selectors.places_by_old_codes`` without a query: {old code: Place} for the LAs
    with these old codes, in name order, from every LA's codes kept per reference version."""
    every, wanted = _every_code(network), set(codes)
    found = (every.get(code) for code in wanted)  # a new or earlier code names the LA by another
    return {p.code: p for p in sorted((p for p in found if p is not None and p.code in wanted), key=_name)}


def places_by_codes_kept(network: NetworkRef, codes: Iterable[str]) -> list[Place]:
    """``places.selectors.places_by_codes`` without a query: the LAs known by any of ``codes``,
    in name order, unknown codes dropped, from every LA's codes kept per reference version (LAs
    and their codes change only with a new one). Kept as one map, not by the codes asked for,
    so a reader's choices cannot fill the process with entries."""
    every = _every_code(network)
    found = {place.code: place for place in (every.get(normalise_code(code)) for code in codes) if place}
    return sorted(found.values(), key=_name)


def _every_code(network: NetworkRef) -> dict[str, Place]:
    """{code: Place} for every code of every LA, kept per reference version (callers must not
    change it)."""
    return kept_for_reference(network.reference_version, ("places_by_every_code",), places_by_every_code)


def _name(place: Place) -> str:
    return place.name
