"""What a rule can see: the parsed return, its spec, and optionally the previous term."""

from collections.abc import Callable
from dataclasses import dataclass

from notinschool.validation.specs.model import Key, Measure, ReturnSpec
from notinschool.validation.values import Entry, Location, ParsedReturn


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

    def entry(self, measure: str, category: str | None = None) -> Entry | None:
        return self.parsed.entries.get((measure, category))

    def value(self, measure: str, category: str | None = None) -> int | None:
        """A usable count, or None if blank, unusable, absent, or not in this period's return."""
        if not self.spec.has_measure(measure):
            return None
        return self.parsed.get(measure, category)

    def location(self, measure: str, category: str | None = None) -> Location | None:
        entry = self.entry(measure, category)
        return entry.location if entry else None

    def previous_value(self, measure: str, category: str | None = None) -> int | None:
        if self.previous is None:
            return None
        return self.previous.get((measure, category))

    def breakdown(self, measure: Measure) -> dict[str, int] | None:
        """Category → count, or None unless every category holds a usable count."""
        counts = {}
        for _, category in measure.item_keys():
            value = self.value(measure.code, category)
            if value is None:
                return None
            counts[category] = value
        return counts

    def label(self, measure: str, category: str | None = None) -> str:
        return self.spec.label_for((measure, category))
