"""What a rule can see: the parsed return, its spec, and optionally the previous term."""

from collections.abc import Callable
from dataclasses import dataclass, field

from notinschool.periods.specs.model import Key, Measure, ReturnSpec
from notinschool.validation.values import MISSING, Entry, Location, ParsedReturn


@dataclass
class RuleContext:
    """The inputs every rule receives. `previous` holds the LA's previous-term figures when the
    caller has them (the offline command usually does not)."""

    parsed: ParsedReturn
    spec: ReturnSpec
    previous: dict[Key, int] | None
    expected_la: str | None
    expected_period: str | None
    find_la: Callable[[str], object | None]
    population: int | None = None  # the LA's children aged 5 to 16, when the caller knows it
    # Rules ask for the same figures many times over: look up once per context.
    _measures: frozenset[str] = field(init=False, repr=False, compare=False)
    _keys: dict[str, list[Key]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._measures = frozenset(measure.code for measure in self.spec.measures)
        self._keys = {}

    def entry(self, measure: str, category: str | None = None) -> Entry | None:
        return self.parsed.entries.get((measure, category))

    def value(self, measure: str, category: str | None = None) -> int | None:
        """A usable count, or None if blank, unusable, absent, or not in this period's return."""
        if measure not in self._measures:
            return None
        entry = self.parsed.entries.get((measure, category))
        if entry is None or entry.value is MISSING:
            return None
        return entry.value  # type: ignore[return-value]

    def location(self, measure: str, category: str | None = None) -> Location | None:
        entry = self.entry(measure, category)
        return entry.location if entry else None

    def previous_value(self, measure: str, category: str | None = None) -> int | None:
        if self.previous is None:
            return None
        return self.previous.get((measure, category))

    def breakdown(self, measure: Measure) -> dict[str | None, int] | None:
        """Category → count, or None unless every category holds a usable count."""
        counts: dict[str | None, int] = {}
        keys = self._keys.get(measure.code)
        if keys is None:
            keys = self._keys[measure.code] = measure.item_keys()
        for _, category in keys:
            value = self.value(measure.code, category)
            if value is None:
                return None
            counts[category] = value
        return counts

    def label(self, measure: str, category: str | None = None) -> str:
        return self.spec.label_for((measure, category))
