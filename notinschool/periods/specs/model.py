"""What a return asks for in one collection period: its parts, measures and breakdowns."""

import functools
from dataclasses import dataclass, field

STOCK = "stock"  # counted at the census date
FLOW = "flow"  # counted over the term, from the day after the previous census date
KIND_LABELS = {STOCK: "at the census date", FLOW: "during the term"}
SOURCES = ("DfE", "regional")

Key = tuple[str, str | None]
"""A figure's address in a return: (measure code, category code or None for an unbroken figure)."""


@dataclass(frozen=True)
class Category:
    """One group within a breakdown, such as `female` within sex."""

    code: str
    label: str


@dataclass(frozen=True)
class Breakdown:
    """A way of splitting a count, such as sex or year group, with its categories."""

    code: str
    label: str
    categories: tuple[Category, ...]

    def category_codes(self) -> tuple[str, ...]:
        return tuple(category.code for category in self.categories)

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)


@dataclass(frozen=True)
class Part:
    """A section of the return (one sheet of the template), such as EHE or s19 health."""

    code: str
    label: str
    source: str
    description: str


@dataclass(frozen=True)
class Measure:
    """One item the LA reports, either a single count or a count split by a breakdown."""

    code: str
    label: str
    definition: str
    part: str
    source: str
    kind: str
    breakdown: Breakdown | None = None
    unit: str = "children"
    required: bool = True
    sums_to: str | None = None  # the total this breakdown must add up to
    within: str | None = None  # a total this count may not exceed
    # A measure that has no value when nothing happened (a median of no waits): blank is
    # expected exactly when this count is 0.
    blank_allowed_when_zero: str | None = None

    def item_keys(self) -> list[Key]:
        """The figures this measure asks for, in template order."""
        return list(self._item_keys)

    @functools.cached_property
    def _item_keys(self) -> tuple[Key, ...]:
        # Rules ask for these hundreds of times per return; a spec never changes once loaded.
        if self.breakdown is None:
            return ((self.code, None),)
        return tuple((self.code, code) for code in self.breakdown.category_codes())

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class ReturnSpec:
    """The return for one collection period. Census and due dates are not here: an
    administrator sets them per period, as data, elsewhere."""

    period: str
    rule_set: str
    parts: tuple[Part, ...]
    measures: tuple[Measure, ...]
    changes: tuple[str, ...] = field(default=())  # what changed this period, in plain English
    notes: tuple[str, ...] = field(default=())  # the spec file's own remarks on this period

    @functools.cached_property
    def _by_code(self) -> dict[str, Measure]:
        return {m.code: m for m in self.measures}

    def measure(self, code: str) -> Measure | None:
        return self._by_code.get(code)

    def has_measure(self, code: str) -> bool:
        return self.measure(code) is not None

    def part(self, code: str) -> Part | None:
        return next((p for p in self.parts if p.code == code), None)

    def measures_in(self, part_code: str) -> list[Measure]:
        return [m for m in self.measures if m.part == part_code]

    def item_keys(self) -> list[Key]:
        """Every figure the return asks for, in template order."""
        return list(self._item_keys)

    @functools.cached_property
    def _item_keys(self) -> tuple[Key, ...]:
        return tuple(key for measure in self.measures for key in measure._item_keys)

    def label_for(self, key: Key) -> str:
        """A plain description of one figure, e.g. 'EHE children by sex: female'."""
        measure = self.measure(key[0])
        if measure is None:
            return key[0]
        if key[1] is None or measure.breakdown is None:
            return measure.label
        category = measure.breakdown.category(key[1])
        return f"{measure.label}: {category.label if category else key[1]}"
