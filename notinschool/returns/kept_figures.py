"""The figures of return versions, kept in this process once read (ADR 0624).

A version's figures never change: versions and figures are immutable (no update, no delete; a
return's versions are protected from deletion), and the id of a committed version never names
another: PostgreSQL's identity and SQLite's AUTOINCREMENT do not give an id again. The one
exception is a version whose inserting transaction rolled back, whose id the next version may
take; only that transaction's own connection ever read it. So figures read outside any
transaction (autocommit: the connection holds nothing uncommitted, everything it reads is
committed) are kept by version and measure, and a page made after a return is approved reads
only the figures of the versions this process has not seen. Figures read inside a transaction
(tests, jobs, services) are read every time and never kept.

The figures kept are bounded by ``NOTINSCHOOL_FIGURES_KEPT`` (the least recently used version goes
first); 0 keeps none. The database refuses to change a figure (migration 0003). A database
restored to an earlier state, or emptied and loaded again, gives ids again: the processes must be
restarted then, as a release restarts them.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Sequence

from cachetools import LRUCache
from django.conf import settings
from django.db import connections

from notinschool.core.compiled_rows import CompiledRows
from notinschool.periods.specs import Key
from notinschool.returns.models import ReturnFigure

# measure -> ((category or None, value), ...): every figure of the measure in the version.
Entry = dict[str, tuple[tuple[str | None, int | None], ...]]

_FIGURES_OF_VERSIONS = CompiledRows(
    lambda *, version_ids, measures: (
        ReturnFigure.objects.filter(version_id__in=version_ids, measure__in=measures)
        .order_by()
        .values_list("version_id", "measure", "category", "value")
    )
)


def _size(entry: Entry) -> int:
    """An entry's weight: its figures, and one for each measure (a measure may have none)."""
    return sum(len(figures) + 1 for figures in entry.values())


class _Kept:
    """The process's kept figures: one LRU map of version id to Entry, under a lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.capacity = -1
        self.versions: LRUCache = LRUCache(maxsize=1)

    def map(self) -> LRUCache | None:
        """The map, made again when the setting has changed (tests change it); None keeps none."""
        capacity = settings.NOTINSCHOOL_FIGURES_KEPT
        if capacity != self.capacity:
            self.capacity = capacity
            self.versions = LRUCache(maxsize=max(capacity, 1), getsizeof=_size)
        return self.versions if capacity > 0 else None


_kept = _Kept()


def forget_all() -> None:
    """Empty what this process keeps (each test starts with nothing kept)."""
    with _kept.lock:
        _kept.versions.clear()


def _padded(ids: list[int]) -> list[int]:
    """The ids, repeated at the end up to a power of two: a query is compiled once for each
    length of its lists (``CompiledRows``), and `IN` does not mind a repeat."""
    length = 1 << (len(ids) - 1).bit_length()
    return ids + [ids[-1]] * (length - len(ids))


# Up to this many versions not kept (or up to half of those asked for) are read by their ids;
# more, through the caller's query.
FEW = 64
Rows = Iterable[tuple[int, str, str, int | None]]


def _entries(rows: Rows, version_ids: Iterable[int], measures: list[str]) -> dict[int, Entry]:
    found: dict[int, dict[str, list]] = {v: {m: [] for m in measures} for v in version_ids}
    for version_id, measure, category, value in rows:
        if version_id in found:
            found[version_id][measure].append((category or None, value))
    return {v: {m: tuple(figures) for m, figures in entry.items()} for v, entry in found.items()}


def _read(version_ids: list[int], measures: list[str]) -> dict[int, Entry]:
    """Every figure of ``measures`` in these versions, by version (each asked for is present)."""
    rows = _FIGURES_OF_VERSIONS.rows(version_ids=_padded(version_ids), measures=measures)
    return _entries(rows, version_ids, measures)


def _read_many(version_ids: list[int], measures: list[str], read_every: Callable[[], Rows]) -> dict[int, Entry]:
    """As `_read`, through ``read_every()``: the figures of ``measures`` in the versions its query
    chooses (a page's 2,000 versions cost more to send as ids than to choose again). A version it
    gave no figure of is read by id: it may have none of these measures, or have stopped counting
    between the caller's reads, and only a read by id tells which."""
    rows = list(read_every())
    seen = {row[0] for row in rows}
    entries = _entries(rows, [v for v in version_ids if v in seen], measures)
    unseen = [v for v in version_ids if v not in seen]
    return entries | (_read(unseen, measures) if unseen else {})


def _reads_only_committed() -> bool:
    """True when the connection holds nothing uncommitted of its own: autocommit, outside any
    transaction (a page as served). Anything it reads is then committed."""
    here = connections[_FIGURES_OF_VERSIONS.using]
    return here.get_autocommit() and not here.in_atomic_block


def figures_of_versions(
    version_ids: Iterable[int], measures: Iterable[str], *, read_every: Callable[[], Rows] | None = None
) -> dict[int, dict[Key, int | None]]:
    """{version id: {(measure, category or None): value}} for the figures of ``measures`` in these
    versions; a version with none of them maps to {}. Reads only what this process has not kept;
    keeps what it reads when outside a transaction (see the module). The ids must come from a read
    of committed rows (as `figures_that_count` reads the returns): an id read inside a transaction
    that then rolls back may be given again. ``read_every()``, when given, reads (version id,
    measure, category, value) rows of ``measures`` for at least these versions in one query, used
    when most of them, and more than a few, are not kept."""
    wanted = sorted(set(measures))
    ids = list(dict.fromkeys(version_ids))
    if not ids or not wanted:
        return {v: {} for v in ids}
    kept = _kept.map() if _reads_only_committed() else None
    entries: dict[int, Entry] = {}
    missing: list[int] = ids
    if kept is not None:
        missing = []
        with _kept.lock:
            for version_id in ids:
                entry = kept.get(version_id)
                if entry is not None and all(m in entry for m in wanted):
                    entries[version_id] = entry
                else:
                    missing.append(version_id)
    if missing:
        if read_every is not None and len(missing) > max(FEW, len(ids) // 2):
            read = _read_many(missing, wanted, read_every)
        else:
            read = _read(missing, wanted)
        entries |= read
        if kept is not None:
            with _kept.lock:
                for version_id, entry in read.items():
                    before = kept.get(version_id)
                    # One version's figures may outweigh the setting: then they are not kept.
                    with contextlib.suppress(ValueError):
                        kept[version_id] = {**before, **entry} if before else entry
    return {version_id: _values(entries[version_id], wanted) for version_id in ids}


def _values(entry: Entry, measures: Sequence[str]) -> dict[Key, int | None]:
    return {(measure, category): value for measure in measures for category, value in entry[measure]}
