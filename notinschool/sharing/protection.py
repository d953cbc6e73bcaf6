"""Suppression that holds across everything an audience has received (ADR 0705).

An audience (DfE, another network, the public) can hold several releases of the same figures:
extracts, share links and the public page, which every audience can see. A new release is
checked together with them as a determined reader would: every figure held is a sum of atoms
(``sharing.released``) known to lie in a range (ADR 0205: a shown 10 is 5 to 14, ``low`` 1 to
4, a hidden cell at least 5, a hidden total at least 1, 0 is 0), every breakdown adds up to its
total, and integer programming (scipy's HiGHS MILP) finds how far each hidden figure can move.
A hidden figure whose range is narrower than ``PROTECTION_INTERVAL`` is exposed. The earlier
releases are out and cannot change, so the new release hides more until nothing is exposed:

1. a figure hidden (``c``) in an earlier release is hidden wherever the same figure appears;
2. for an exposed figure, the new release hides its smallest shown figure that protects it,
   preferring figures of the same LA and cells to totals, as ``disclosure`` does in one table;
3. when hiding every shown figure of the new release would not protect it (lows and zeros can
   pin a figure on their own), the LAs it belongs to are withheld (``x``) from the new
   release's tables of that quantity.

Each step is noted with the earlier releases that made it necessary. Pure: no database.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from notinschool.benchmark.statistics.disclosure import LA_ROUNDING, largest_low
from notinschool.benchmark.statistics.figures import Figure, Symbol
from notinschool.periods import period_label
from notinschool.sharing.recipients import PUBLIC
from notinschool.sharing.released import (
    CONFIDENTIAL,
    Cell,
    Link,
    cells_of,
    describe,
    links_of,
    put,
    shown_at,
)
from notinschool.sharing.tables import MeasureTable

# ADR 0205's test, kept: a hidden figure must keep at least two possible values, so the range a
# reader can narrow it to (largest minus smallest possible value) must be at least 1.
PROTECTION_INTERVAL = 1
LOW_MAX = largest_low(LA_ROUNDING)
UPPER = 10**7  # more children than any count holds; keeps every program bounded
TRIES_PER_FIGURE = 5  # candidates tried one by one before hiding the best-placed one anyway
HIDDEN_BEFORE, PROTECTS, WITHHELD = "hidden-before", "protects", "withheld"

Rebuild = Callable[[MeasureTable, frozenset[str]], MeasureTable]


@dataclass(frozen=True)
class Held:
    """A table an audience already holds, and the release (its id) it came in."""

    release: int
    table: MeasureTable

    @functools.cached_property
    def cells(self) -> list[Cell]:
        return cells_of(self.table)


@dataclass(frozen=True)
class Note:
    """Why a figure of the new release is hidden or withheld because of what is already out."""

    table: int  # the table's index among the new release's tables
    where: str  # the figure (or, withheld, the LA's figures) in words
    how: str  # HIDDEN_BEFORE, PROTECTS or WITHHELD
    releases: tuple[int, ...]  # the earlier releases that made it necessary
    protects: str = ""  # for PROTECTS: the figure kept from being worked out, in words
    protects_release: int | None = None  # ... and the release it is in (None: the new one)


def reading(shown: Figure, *, is_total: bool) -> tuple[float, float] | None:
    """What a reader knows of a figure from how it is shown (None for ``x``: nothing)."""
    if shown.symbol == Symbol.NOT_AVAILABLE:
        return None
    if shown.symbol == Symbol.LOW:
        return (1, LOW_MAX)
    if shown.symbol == Symbol.CONFIDENTIAL:
        return (1 if is_total else LOW_MAX + 1, np.inf)
    if shown.value == 0:
        return (0, 0)
    return (max(LOW_MAX + 1, shown.value - LA_ROUNDING // 2), shown.value + (LA_ROUNDING - 1) // 2)


@dataclass(eq=False)
class _Entry:
    """A figure in the reader's hands: its cell, the table it is in, and whose release that is."""

    cell: Cell
    table: MeasureTable
    release: int | None  # None: the release being made
    index: int = -1  # for the new release: the table's index
    row: int = -1  # its row in the reader's program
    columns: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))

    @property
    def shown(self) -> Figure:
        return shown_at(self.table, self.cell.position)

    @property
    def hidden(self) -> bool:
        return self.shown.symbol in (Symbol.LOW, Symbol.CONFIDENTIAL)

    @property
    def las(self) -> set[str]:
        return {atom[1] for atom in self.cell.atoms}

    @property
    def where(self) -> str:
        return describe(self.table, self.cell.position)


class _Reader:
    """Everything one audience holds as one integer program over the atoms."""

    def __init__(self, entries: list[_Entry], links: list[Link]):
        # scipy's solver is imported where it is used: it takes over a second to import, and most
        # processes that load this module (every web worker, commands) never build an extract.
        from scipy.sparse import csr_array

        index: dict = {}
        for atoms in [e.cell.atoms for e in entries] + [(*link.parts, link.whole) for link in links]:
            for atom in sorted(atoms, key=repr):
                index.setdefault(atom, len(index))
        self.truth = np.array([atom[4] for atom in index], dtype=float)
        rows, columns, values = [], [], []
        for row, entry in enumerate(entries):
            entry.row = row
            entry.columns = np.array(sorted(index[a] for a in entry.cell.atoms), dtype=int)
            rows += [row] * len(entry.columns)
            columns += list(entry.columns)
            values += [1.0] * len(entry.columns)
        self.link_bounds = []
        for offset, link in enumerate(links, start=len(entries)):
            for atom in link.parts:
                rows.append(offset), columns.append(index[atom]), values.append(1.0)
            rows.append(offset), columns.append(index[link.whole]), values.append(-1.0)
            self.link_bounds.append((0.0 if link.equal else -np.inf, 0.0))
        self.entries = entries
        self.matrix = csr_array((values, (rows, columns)), shape=(len(entries) + len(links), len(index)))
        self.figures = self.matrix[: len(entries)]  # one row per figure held
        self.refresh()

    def refresh(self) -> None:
        """Read the figures' ranges again from how they are shown now (after hiding some)."""
        readings = [reading(e.shown, is_total=e.cell.is_total) or (-np.inf, np.inf) for e in self.entries]
        self.lower = np.array([r[0] for r in readings] + [b[0] for b in self.link_bounds], dtype=float)
        self.upper = np.array([r[1] for r in readings] + [b[1] for b in self.link_bounds], dtype=float)

    def value(self, entry: _Entry, x: np.ndarray) -> float:
        return float(x[entry.columns].sum())

    def objective(self, weighted: list[tuple[_Entry, float]]) -> np.ndarray:
        vector = np.zeros(len(self.truth))
        for entry, weight in weighted:
            vector[entry.columns] += weight
        return vector

    def solve(self, objective: np.ndarray) -> np.ndarray:
        """A point the reader cannot rule out that makes ``objective`` smallest."""
        from scipy.optimize import Bounds, LinearConstraint, milp

        result = milp(
            objective,
            constraints=LinearConstraint(self.matrix, self.lower, self.upper),
            integrality=np.ones(len(self.truth)),
            bounds=Bounds(0, UPPER),
        )
        if result.status != 0:
            # The true figures always fit what was shown, so this is a fault in how releases are read.
            raise RuntimeError(f"The reader's program could not be solved: {result.message}")
        return np.round(result.x)


class _Spans:
    """For each hidden figure, the smallest and largest values seen at points the reader cannot
    rule out (the true figures are one), and the points seen so far (still possible after more
    is hidden, since hiding only widens what a reader must allow)."""

    def __init__(self, reader: _Reader):
        self.reader = reader  # what it has seen holds while figures are only ever hidden further
        self.smallest = reader.figures @ reader.truth
        self.largest = self.smallest.copy()

    def span(self, entry: _Entry) -> float:
        return self.largest[entry.row] - self.smallest[entry.row]

    def add(self, x: np.ndarray) -> None:
        values = self.reader.figures @ x
        np.minimum(self.smallest, values, out=self.smallest)
        np.maximum(self.largest, values, out=self.largest)

    def exposed(self, hidden: list[_Entry]) -> list[_Entry]:
        """The hidden figures whose exact range is narrower than the protection interval."""
        pending = [e for e in hidden if self.span(e) < PROTECTION_INTERVAL]
        # A few points that push every unsettled figure at once settle most of them cheaply:
        # first each towards the far end of what its symbol allows, then the other way, then at random.
        random = np.random.default_rng(0)
        for attempt in range(4):
            if len(pending) <= 2:
                break
            if attempt < 2:
                signs = [self._away_from_truth(e) * (1 if attempt == 0 else -1) for e in pending]
            else:
                signs = random.choice([-1.0, 1.0], size=len(pending))
            self.add(self.reader.solve(self.reader.objective(list(zip(pending, signs, strict=True)))))
            pending = [e for e in pending if self.span(e) < PROTECTION_INTERVAL]
        found = []
        for entry in pending:
            away = self._away_from_truth(entry)
            for sign in (away, -away):  # its value furthest from the truth, then the other way
                if self.span(entry) >= PROTECTION_INTERVAL:
                    break
                self.add(self.reader.solve(self.reader.objective([(entry, sign)])))
            if self.span(entry) < PROTECTION_INTERVAL:
                found.append(entry)
        return found

    def _away_from_truth(self, entry: _Entry) -> float:
        """-1 (make it larger) when the true value sits in the lower half of what its symbol allows."""
        low, high = reading(entry.shown, is_total=entry.cell.is_total) or (0, np.inf)
        truth = self.reader.value(entry, self.reader.truth)
        return -1.0 if high - truth >= truth - low else 1.0


class _Withhold(Exception):
    """The new release cannot protect a figure by hiding: withhold these LAs' figures."""

    def __init__(self, las: set[str], releases: tuple[int, ...]):
        super().__init__(las)
        self.las, self.releases = las, releases


def _entries(tables: list[MeasureTable], release: int | None) -> list[_Entry]:
    return [_Entry(cell, table, release, i) for i, table in enumerate(tables) for cell in cells_of(table)]


def _reader(new: list[MeasureTable], held: list[Held]) -> tuple[_Reader, list[_Entry], list[_Entry]]:
    old = [_Entry(cell, h.table, h.release) for h in held for cell in h.cells]
    fresh = _entries(new, None)
    links = [link for table in [*(h.table for h in held), *new] for link in links_of(table)]
    return _Reader(old + fresh, links), old, fresh


def _protected(reader: _Reader, target: _Entry, hiding: list[_Entry]) -> bool:
    """Would hiding ``hiding`` give ``target`` at least the protection interval? (Exact.)"""
    before = [(e, e.shown) for e in hiding]
    for entry in hiding:
        put(entry.table, entry.cell.position, CONFIDENTIAL)
    reader.refresh()
    try:
        return not _Spans(reader).exposed([target])
    finally:
        for entry, figure in reversed(before):
            put(entry.table, entry.cell.position, figure)
        reader.refresh()


def _blame(target: _Entry, new: list[MeasureTable], held: list[Held]) -> tuple[int, ...]:
    """The earlier releases that expose ``target``: none when the new release alone would."""
    if target.release is not None:
        return (target.release,)
    alone, _old, fresh = _reader(new, [])
    twin = next(e for e in fresh if e.index == target.index and e.cell.position == target.cell.position)
    if _Spans(alone).exposed([twin]):
        return ()
    sharing = [h.release for h in held if target.las & set(h.table.figures)]
    return tuple(dict.fromkeys(sharing or [h.release for h in held]))


def _out_already(target: _Entry, held: list[Held]) -> bool:
    """Could the earlier releases alone give ``target`` (one of theirs) away? Then nothing the new
    release hides can help, and it is no reason to hide more."""
    alone, earlier, _fresh = _reader([], held)
    twin = next(e for e in earlier if e.release == target.release and e.cell == target.cell)
    return bool(_Spans(alone).exposed([twin]))


def _settle_view(new: list[MeasureTable], held: list[Held], notes: list[Note]) -> bool:
    """Hide more in ``new`` until nothing this audience holds is exposed; True if anything was hidden."""
    reader, old, fresh = _reader(new, held)
    spans = _Spans(reader)
    known = {e.cell.atoms for e in old if not e.hidden}
    ignored: set[int] = set()
    hid = False
    while True:
        exposed = [e for e in spans.exposed([e for e in old + fresh if e.hidden]) if id(e) not in ignored]
        if not exposed:
            return hid
        target = exposed[0]
        if target.release is not None and _out_already(target, held):
            ignored.add(id(target))
            continue
        candidates = sorted(
            (e for e in fresh if e.shown.value and e.cell.atoms not in known),
            key=lambda e: (not (e.las & target.las), e.cell.is_total, reader.truth[e.columns].sum(), e.index),
        )
        releases = _blame(target, new, held)
        if not candidates or not _protected(reader, target, candidates):
            las = {la for t in new for la in t.figures} & target.las or {la for t in new for la in t.figures}
            raise _Withhold(las, releases)
        choice = next((c for c in candidates[:TRIES_PER_FIGURE] if _protected(reader, target, [c])), candidates[0])
        put(choice.table, choice.cell.position, CONFIDENTIAL)
        reader.refresh()
        hid = True
        if releases:
            notes.append(Note(choice.index, choice.where, PROTECTS, releases, target.where, target.release))


def _hidden_before(new: list[MeasureTable], views: list[list[Held]], notes: list[Note]) -> None:
    """Rule 1: a figure hidden as ``c`` before stays hidden (a shown number here is at least 5)."""
    hidden = {}
    for held in (h for view in views for h in view):
        for cell in held.cells:
            if cell.shown.symbol == Symbol.CONFIDENTIAL:
                hidden.setdefault(cell.atoms, held.release)
    for entry in _entries(new, None):
        if entry.shown.value and entry.cell.atoms in hidden:
            put(entry.table, entry.cell.position, CONFIDENTIAL)
            notes.append(Note(entry.index, entry.where, HIDDEN_BEFORE, (hidden[entry.cell.atoms],)))


def _protect_group(originals: list[MeasureTable], views: list[list[Held]], rebuild: Rebuild):
    withheld: dict[str, tuple[int, ...]] = {}
    while True:
        if withheld:
            new = [rebuild(t, t.withheld | frozenset(withheld)) for t in originals]
        else:
            new = [copy.deepcopy(t) for t in originals]
        notes = [
            Note(i, f"{place.name}, {t.label}, {period_label(t.period)}", WITHHELD, withheld[place.old_code])
            for i, t in enumerate(new)
            for place, _cells, _total in t.rows
            if place.old_code in withheld
        ]
        _hidden_before(new, views, notes)
        try:
            while any([_settle_view(new, view, notes) for view in views]) and len(views) > 1:
                pass  # another audience's check hid more: check the others again
        except _Withhold as needed:
            fresh = needed.las - set(withheld)
            if not fresh:
                raise RuntimeError("Withholding every LA did not protect an earlier release.") from needed
            withheld.update(dict.fromkeys(fresh, needed.releases))
            continue
        return new, notes


def protect(tables: list[MeasureTable], views: list[list[Held]], rebuild: Rebuild):
    """The new release's tables, hidden further where any audience that will hold them could
    otherwise work out a hidden figure from them and what it holds (each of ``views``), and the
    notes saying why. ``tables`` are not changed. A quantity with one table and nothing held
    before is left as one-table suppression made it."""
    result, notes = list(tables), []
    keys = list(dict.fromkeys((t.period, t.group) for t in tables))
    for key in keys:
        positions = [i for i, t in enumerate(tables) if (t.period, t.group) == key]
        held = [[h for h in view if (h.table.period, h.table.group) == key] for view in views]
        if len(positions) == 1 and not any(held):
            continue
        new, group_notes = _protect_group([tables[i] for i in positions], [v for v in held if v] or [[]], rebuild)
        for i, table in zip(positions, new, strict=True):
            result[i] = table
        notes += [replace(note, table=positions[note.table]) for note in group_notes]
    return result, notes


def exposures(tables: list[MeasureTable], held: list[Held]) -> list[tuple[str, tuple[int, ...]]]:
    """For tables that cannot change (an extract about to be shared further): each hidden figure
    that the audience, holding ``held`` too, could work out, in words, with the releases involved."""
    found = []
    for key in dict.fromkeys((t.period, t.group) for t in tables):
        new = [t for t in tables if (t.period, t.group) == key]
        group = [h for h in held if (h.table.period, h.table.group) == key]
        if not group:
            continue
        reader, old, fresh = _reader(new, group)
        for entry in _Spans(reader).exposed([e for e in old + fresh if e.hidden]):
            if entry.release is None or not _out_already(entry, group):
                found.append((entry.where, _blame(entry, new, group)))
    return found


def views_for(audience: str, held: dict[str, list[Held]]) -> list[list[Held]]:
    """What will be in the hands of each audience that gets a release for ``audience``: its own
    earlier releases and the public ones; for a public release, each audience's in turn."""
    public = held.get(PUBLIC, [])
    if audience != PUBLIC:
        return [held.get(audience, []) + public]
    return [public + tables for key, tables in held.items() if key != PUBLIC] or [public]
