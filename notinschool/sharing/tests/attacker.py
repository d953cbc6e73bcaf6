"""The tests' attacker: exact integer programming (scipy's MILP) over everything an audience holds.

Independent of the service's own checks (``disclosure``'s interval audit, ``protection``): it
reads only what a reader gets, each release's CSV rows, plus the return's rules (which
breakdowns add up to which total, which count sits within which). Per ADR 0205 the reader knows
a shown count lies within 5 below and 4 above it (and is at least 5), ``low`` is 1 to 4, a hidden
cell is at least 5, a hidden total at least 1, and 0 is 0. The figures are taken to be the same
in every release (no return corrected in between), as in the tests that use it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from notinschool.periods.specs import ReturnSpec

BIG = 10_000
TOTAL = "Total"


def interval(text: str, *, cell: bool) -> tuple[int, int] | None:
    """What a reader knows of a figure as written in the CSV (None for x)."""
    if text == "x":
        return None
    if text == "low":
        return (1, 4)
    if text == "c":
        return (5 if cell else 1, BIG)
    value = int(text)
    return (0, 0) if value == 0 else (max(5, value - 5), value + 4)


@dataclass(frozen=True)
class Figure:
    """One figure as released: the variables it adds up, how it is shown, and its name."""

    terms: tuple
    text: str
    cell: bool
    name: str
    identity: tuple  # the same figure in any release has the same identity


class Attacker:
    """Everything one audience holds; ``ranges()`` gives each hidden figure's exact range."""

    def __init__(self, spec: ReturnSpec):
        self.spec = spec
        self.figures: list[Figure] = []
        self.variables: dict = {}

    def _variable(self, key) -> int:
        return self.variables.setdefault(key, len(self.variables))

    def _group(self, measure: str) -> str:
        found = self.spec.measure(measure)
        return found.sums_to or found.within or measure

    def read(self, rows: list[list[str]], release: str) -> None:
        """Take in one release's CSV rows (header first)."""
        by_table: dict[tuple, list[list[str]]] = defaultdict(list)
        for row in rows[1:]:
            by_table[(f"{row[0]}:{row[1]}", row[6])].append(row)
        for (period, code), table_rows in by_table.items():
            self._read_table(period, self.spec.measure(code), table_rows, release)

    @staticmethod
    def _total_terms(period: str, la: str, measure) -> tuple:
        """An LA's total: its total measure, or (for a breakdown of no total) its categories."""
        if measure.breakdown and not measure.sums_to:
            return tuple((period, la, measure.code, c) for c in measure.breakdown.category_codes())
        return ((period, la, measure.sums_to or measure.code, None),)

    def _read_table(self, period: str, measure, table_rows: list[list[str]], release: str) -> None:
        code, total_code = measure.code, measure.sums_to or measure.code
        las_with_figures = sorted({r[3] for r in table_rows if r[2] == "Local authority" and r[-1] != "x"})
        for row in table_rows:
            level, la, category, text = row[2], row[3], row[8], row[-1]
            if level == "Local authority":
                if category == TOTAL:
                    terms = self._total_terms(period, la, measure)
                    name, identity, cell = f"{la} {total_code}", (period, la, total_code), not measure.breakdown
                else:
                    terms = ((period, la, code, category),)
                    name, identity, cell = f"{la} {code}:{category}", (period, la, code, category), True
            else:
                if category == TOTAL:
                    terms = tuple(t for la in las_with_figures for t in self._total_terms(period, la, measure))
                else:
                    terms = tuple((period, la, code, category) for la in las_with_figures)
                name = f"{release} total of {code}:{category}"
                identity, cell = (period, "LAs", total_code, category, tuple(las_with_figures)), False
            if terms:
                self.figures.append(Figure(terms, text, cell, f"{release}: {name}", identity))

    def _links(self) -> list[tuple[np.ndarray, float, float]]:
        """Each LA's breakdowns add up to their totals; a count within a total is at most it."""
        links = []
        keys = list(self.variables)
        for period, la, code, category in keys:
            measure = self.spec.measure(code)
            if category is not None or measure.breakdown is not None:
                continue
            for breakdown in (m for m in self.spec.measures if m.sums_to == code):
                parts = [(period, la, breakdown.code, c) for c in breakdown.breakdown.category_codes()]
                if all(p in self.variables for p in parts):
                    vector = np.zeros(len(keys))
                    vector[[self.variables[p] for p in parts]] = 1
                    vector[self.variables[(period, la, code, None)]] = -1
                    links.append((vector, 0, 0))
            if measure.within and (period, la, measure.within, None) in self.variables:
                vector = np.zeros(len(keys))
                vector[self.variables[(period, la, code, None)]] = 1
                vector[self.variables[(period, la, measure.within, None)]] = -1
                links.append((vector, -BIG, 0))
        return links

    def ranges(self) -> dict[str, tuple[int, int]]:
        """Each hidden figure (low or c) and the smallest and largest values it can take."""
        for figure in self.figures:
            for term in figure.terms:
                self._variable(term)
        if not any(f.text in ("low", "c") for f in self.figures):
            return {}
        rows = []
        for figure in self.figures:
            vector = np.zeros(len(self.variables))
            vector[[self.variables[t] for t in figure.terms]] = 1
            rows.append(vector)
        known = [(v, *interval(f.text, cell=f.cell)) for v, f in zip(rows, self.figures, strict=True) if f.text != "x"]
        known += self._links()
        constraint = LinearConstraint(np.array([k[0] for k in known]), [k[1] for k in known], [k[2] for k in known])
        found = {}
        for vector, figure in zip(rows, self.figures, strict=True):
            if figure.text not in ("low", "c") or figure.name in found:
                continue
            ends = []
            for sign in (1, -1):
                result = milp(
                    sign * vector,
                    constraints=constraint,
                    integrality=np.ones(len(self.variables)),
                    bounds=Bounds(0, BIG),
                )
                assert result.success, "the true figures always fit what was released"
                ends.append(round(sign * result.fun))
            found[figure.name] = (ends[0], ends[1])
        return found

    def hidden_then_shown(self) -> list[str]:
        """Figures hidden as c in one release and shown as a number in a later one (releases are
        read in the order they were made)."""
        hidden, found = set(), []
        for figure in self.figures:
            if figure.text == "c":
                hidden.add(figure.identity)
            elif figure.text not in ("low", "x") and figure.identity in hidden:
                found.append(figure.name)
        return found


def narrowed(ranges: dict[str, tuple[int, int]], protection: int) -> dict[str, tuple[int, int]]:
    """The hidden figures whose range is narrower than the protection interval."""
    return {name: ends for name, ends in ranges.items() if ends[1] - ends[0] < protection}
