"""DfE-style rounding and suppression for figures that leave the network (ADR 0205).

- Counts round to the nearest 10 (LA and regional) or 100 (national), halves away from zero.
- A count that would round to 0 but is not 0 is shown as ``low``; 0 stays 0; missing is ``x``.
- Percentages come from the unrounded figures and are shown as whole numbers.
- Secondary suppression: where a cell is hidden in a line (a row, a column or a breakdown) whose
  total is shown, more cells are hidden (``c``), smallest first, until no hidden cell can be
  narrowed to a single value from the shown figures, their rounding and the totals.

Pure Python; no Django, no database.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from notinschool.benchmark.statistics.figures import Figure, Symbol

LA_ROUNDING = 10
NATIONAL_ROUNDING = 100
NO_ROUNDING = 1

Count = int | Figure | None
Bounds = tuple[float, float]


class SuppressionReason(StrEnum):
    """Why a figure is not shown."""

    LOW = "low"  # primary: rounds to 0 but is not 0
    SECONDARY = "secondary"  # hidden so a low figure cannot be recovered by subtraction


@dataclass(frozen=True)
class Suppression:
    """One hidden figure: why, and which hidden figure it protects (for secondaries)."""

    reason: SuppressionReason
    protects: Hashable | None = None


def round_half_up(value: int, base: int = LA_ROUNDING) -> int:
    """Round a whole number to the nearest ``base``, halves away from zero (5 -> 10, 25 -> 30)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"Counts must be whole numbers, not {value!r}.")
    if isinstance(base, bool) or not isinstance(base, int) or base < 1:
        raise ValueError("The rounding base must be a positive whole number.")
    magnitude = (2 * abs(value) + base) // (2 * base) * base
    return magnitude if value >= 0 else -magnitude


def largest_low(rounding_base: int = LA_ROUNDING, low_max: int | None = None) -> int:
    """The largest count shown as ``low``: 4 for rounding to 10, 49 for 100.

    Without rounding (base 1) it is ``low_max``, 4 unless given."""
    rounds_to_zero = (rounding_base - 1) // 2
    if low_max is None:
        low_max = rounds_to_zero if rounding_base > 1 else 4
    if low_max < max(2, rounds_to_zero):
        raise ValueError("low_max must be at least 2 and cover every count that rounds to 0.")
    return low_max


def _raw_count(value: Count) -> int | None:
    if isinstance(value, Figure):
        if value.symbol is not None:
            return None
        value = value.value
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"Counts must be whole numbers of 0 or more, not {value!r}.")
    return value


def disclose_count(value: Count, *, rounding_base: int = LA_ROUNDING, low_max: int | None = None) -> Figure:
    """A count as it may be published: rounded, ``low``, ``0``, or the symbol it already had."""
    if isinstance(value, Figure) and value.symbol is not None:
        return value
    count = _raw_count(value)
    if count is None:
        return Figure(symbol=Symbol.NOT_AVAILABLE)
    if count == 0:
        return Figure(value=0)
    if count <= largest_low(rounding_base, low_max):
        return Figure(symbol=Symbol.LOW)
    return Figure(value=round_half_up(count, rounding_base))


def disclose_percent(
    count: Count, total: Count, *, rounding_base: int = LA_ROUNDING, low_max: int | None = None
) -> Figure:
    """``count`` as a whole-number percentage of ``total``, from the unrounded figures.

    ``x`` when either is missing, ``z`` when the total is 0, ``low`` when the count itself is
    ``low`` (a percentage would give it away), ``<0.5`` for a shown count under half a percent.
    A percentage of a cell hidden by secondary suppression must be hidden too (caller's job).
    """
    numerator, denominator = _raw_count(count), _raw_count(total)
    if numerator is None or denominator is None:
        return Figure(symbol=Symbol.NOT_AVAILABLE)
    if denominator == 0:
        return Figure(symbol=Symbol.NOT_APPLICABLE)
    shown = disclose_count(numerator, rounding_base=rounding_base, low_max=low_max)
    if shown.symbol is not None:
        return shown
    percent = Fraction(100 * numerator, denominator)
    if 0 < percent < Fraction(1, 2):
        return Figure(symbol=Symbol.LESS_THAN_HALF)
    return Figure(value=math.floor(percent + Fraction(1, 2)))


# --- Secondary suppression -------------------------------------------------------------------


@dataclass
class _Grid:
    """Figures (by id) and the lines ``sum(members) == total`` that link them."""

    values: dict[Hashable, int]
    lines: list[tuple[tuple[Hashable, ...], Hashable]]
    rounding_base: int
    low_max: int
    hide_in_pairs: bool
    secondary: dict[Hashable, Hashable] = field(default_factory=dict)

    def is_hidden(self, key: Hashable) -> bool:
        return key in self.secondary or 1 <= self.values[key] <= self.low_max

    def initial_bounds(self, key: Hashable) -> Bounds:
        """What a reader knows of a figure from how it is shown."""
        value = self.values[key]
        if key in self.secondary:  # a low total hidden as a last resort may be as small as 1
            return (1 if value <= self.low_max else self.low_max + 1, math.inf)
        if value == 0:
            return (0, 0)
        if value <= self.low_max:
            return (1, self.low_max)
        shown = round_half_up(value, self.rounding_base)
        low_end = max(self.low_max + 1, shown - self.rounding_base // 2)
        return (low_end, shown + (self.rounding_base - 1) // 2)

    def audit(self) -> dict[Hashable, Bounds]:
        """Narrow every figure's bounds through the lines until nothing changes.

        Sound because the true figures always satisfy every line, so bounds only shrink."""
        bounds = {key: self.initial_bounds(key) for key in self.values}
        changed = True
        while changed:
            changed = False
            for members, total in self.lines:
                for key in (*members, total):
                    if key == total:
                        low_end = sum(bounds[m][0] for m in members)
                        high_end = sum(bounds[m][1] for m in members)
                    else:
                        others = [bounds[m] for m in members if m != key]
                        low_end = bounds[total][0] - sum(b[1] for b in others)
                        high_end = bounds[total][1] - sum(b[0] for b in others)
                    old = bounds[key]
                    new = (max(old[0], low_end), min(old[1], high_end))
                    if new[0] > new[1]:
                        raise ValueError("The totals do not match their cells.")
                    if new != old:
                        bounds[key] = new
                        changed = True
        return bounds

    def exposed(self) -> list[Hashable]:
        """Hidden figures a reader could pin to a single value, and (the pairs rule) figures
        hidden alone in a line whose total is shown."""
        bounds = self.audit()
        found = [k for k in self.values if self.is_hidden(k) and bounds[k][0] == bounds[k][1]]
        if self.hide_in_pairs:
            for members, total in self.lines:
                hidden = [m for m in members if self.is_hidden(m)]
                if not self.is_hidden(total) and len(hidden) == 1 and hidden[0] not in found:
                    found.append(hidden[0])
        return found

    def protect(self) -> None:
        """Hide more figures until none is exposed: for an exposed figure, the smallest shown
        cell in its lines whose hiding protects it, else the smallest; totals only when no
        exposed figure has a shown cell left in its lines."""
        order = {key: position for position, key in enumerate(self.values)}
        totals = {total for _, total in self.lines}
        while exposed := self.exposed():
            choice = None
            for allow_totals in (False, True):
                for target in exposed:
                    ranked = sorted(
                        (k for k in self._neighbours(target, totals) if allow_totals or k not in totals),
                        key=lambda k: (k in totals, self.values[k], order[k]),
                    )
                    if ranked:
                        choice = (self._first_that_protects(ranked, target), target)
                        break
                if choice:
                    break
            if choice is None:
                raise RuntimeError(f"Cannot protect {exposed[0]!r}: nothing left to hide.")
            self.secondary[choice[0]] = choice[1]

    def _neighbours(self, target: Hashable, totals: set[Hashable]) -> set[Hashable]:
        """Shown, non-zero figures in the lines through ``target``, and totals shown as low
        (when every figure in a line is low, only hiding the total as ``c`` protects them)."""
        found = set()
        for members, total in self.lines:
            if target in members or target == total:
                found.update(k for k in (*members, total) if k != target)
        return {
            k
            for k in found
            if self.values[k] > 0 and (not self.is_hidden(k) or (k in totals and k not in self.secondary))
        }

    def _first_that_protects(self, ranked: list[Hashable], target: Hashable) -> Hashable:
        """The first candidate whose hiding alone protects ``target``; else the first."""
        for candidate in ranked:
            self.secondary[candidate] = target
            protected = target not in self.exposed()
            del self.secondary[candidate]
            if protected:
                return candidate
        return ranked[0]


def _lines_and_values(
    cells: Mapping[Hashable, Count],
) -> tuple[dict[Hashable, int], dict[Hashable, int | None]]:
    raw = {key: _raw_count(value) for key, value in cells.items()}
    return {key: value for key, value in raw.items() if value is not None}, raw


def _shown(grid: _Grid, key: Hashable, value: int | None) -> Figure:
    if value is None:
        return Figure(symbol=Symbol.NOT_AVAILABLE)
    if key in grid.secondary:
        return Figure(symbol=Symbol.CONFIDENTIAL)
    return disclose_count(value, rounding_base=grid.rounding_base, low_max=grid.low_max)


def _suppressions(grid: _Grid, label) -> dict:
    found = {}
    for key, value in grid.values.items():
        if key in grid.secondary:
            found[label(key)] = Suppression(SuppressionReason.SECONDARY, label(grid.secondary[key]))
        elif 1 <= value <= grid.low_max:
            found[label(key)] = Suppression(SuppressionReason.LOW)
    return found


@dataclass(frozen=True)
class DisclosedBreakdown:
    """A breakdown (or a list of LAs) and its total as they may be published.

    ``suppressed`` is keyed by the cell's key, or ``None`` for the total."""

    cells: dict
    total: Figure
    suppressed: dict


def suppress_breakdown(
    cells: Mapping[Hashable, Count],
    *,
    rounding_base: int = LA_ROUNDING,
    low_max: int | None = None,
    hide_in_pairs: bool = True,
) -> DisclosedBreakdown:
    """Round and suppress cells whose total (the sum of the non-missing cells) is shown.

    ``hide_in_pairs`` (the default) never leaves one hidden cell alone beside a shown total,
    even where rounding alone would protect it; the audit then hides more where needed."""
    present, raw = _lines_and_values(cells)
    values: dict[Hashable, int] = {("cell", key): value for key, value in present.items()}
    values[("total",)] = sum(present.values())
    lines = [(tuple(k for k in values if k[0] == "cell"), ("total",))]
    grid = _Grid(values, lines, rounding_base, largest_low(rounding_base, low_max), hide_in_pairs)
    grid.protect()

    def label(key):
        return key[1] if key[0] == "cell" else None

    shown = {key: _shown(grid, ("cell", key), value) for key, value in raw.items()}
    total = _shown(grid, ("total",), values[("total",)])
    return DisclosedBreakdown(shown, total, _suppressions(grid, label))


@dataclass(frozen=True)
class DisclosedTable:
    """A table of rows (e.g. LAs) by columns (e.g. reasons) with row, column and grand totals.

    ``suppressed`` is keyed ``(row, column)``; a row total is ``(row, None)``, a column total
    ``(None, column)`` and the grand total ``(None, None)``."""

    cells: dict
    row_totals: dict
    column_totals: dict
    grand_total: Figure
    suppressed: dict


def suppress_table(
    rows: Mapping[Hashable, Mapping[Hashable, Count]],
    *,
    rounding_base: int = LA_ROUNDING,
    low_max: int | None = None,
    hide_in_pairs: bool = True,
) -> DisclosedTable:
    """Round and suppress a two-way table whose row, column and grand totals are all shown.

    Totals are the sums of the non-missing cells; a row or column with no figures is ``x``."""
    columns = list(dict.fromkeys(c for row in rows.values() for c in row))
    raw = {(r, c): _raw_count(rows[r].get(c)) for r in rows for c in columns}
    values: dict[Hashable, int] = {key: v for key, v in raw.items() if v is not None}
    lines: list[tuple[tuple[Hashable, ...], Hashable]] = []
    for axis, heads in ((0, list(rows)), (1, columns)):
        for head in heads:
            members = tuple(k for k in values if k[axis] == head)
            if members:
                total_key = (head, None) if axis == 0 else (None, head)
                values[total_key] = sum(values[m] for m in members)
                lines.append((members, total_key))
    values[(None, None)] = sum(raw_value for raw_value in raw.values() if raw_value is not None)
    margins = [tuple(total for _, total in lines if total[1 - axis] is None) for axis in (0, 1)]
    lines.extend((margin, (None, None)) for margin in margins if margin)
    grid = _Grid(values, lines, rounding_base, largest_low(rounding_base, low_max), hide_in_pairs)
    grid.protect()

    def shown(key):
        return _shown(grid, key, values.get(key))

    return DisclosedTable(
        cells={r: {c: shown((r, c)) for c in columns} for r in rows},
        row_totals={r: shown((r, None)) for r in rows},
        column_totals={c: shown((None, c)) for c in columns},
        grand_total=shown((None, None)),
        suppressed=_suppressions(grid, lambda key: key),
    )
