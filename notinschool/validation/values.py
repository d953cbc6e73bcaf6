"""A parsed return: each figure with where it came from, and missing kept apart from zero."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from notinschool.intake.report import Location, column_letter  # noqa: F401 (readers take both from here too)
from notinschool.periods.specs.model import Key


class _Missing:
    """The marker for a figure left blank: never equal to 0, never summed."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING = _Missing()
_new = object.__new__

# Why a cell's content cannot be used as a count. The rule engine turns each into an error.
FORMULA = "formula"
TEXT = "text"
FRACTION = "fraction"
NEGATIVE = "negative"
TOO_LARGE = "too_large"

# The largest count any figure of a return may be. The largest LA has about 250,000 children
# aged 5 to 16, so no count of children (or of days) can come near this; it also fits a 32-bit
# database integer on SQLite and PostgreSQL alike with room to spare. Stated once, here.
MAX_COUNT = 1_000_000


@dataclass(frozen=True)
class Entry:
    """One figure as read: an int, or MISSING. When the content is unusable (a formula, text, a
    fraction or a negative number) `value` is MISSING and `problem` says why; `raw` keeps what
    the file held, for the report."""

    value: "int | _Missing"
    location: Location
    raw: str = ""
    problem: str | None = None


def new_entry(value: "int | _Missing", location: Location, raw: str = "", problem: str | None = None) -> Entry:
    """The same as Entry(value, location, raw, problem), at a third of the cost (readers make
    one per figure)."""
    entry = _new(Entry)
    fields = entry.__dict__
    fields["value"] = value
    fields["location"] = location
    fields["raw"] = raw
    fields["problem"] = problem
    return entry


@dataclass(frozen=True)
class Stated:
    """The LA code or period as the file states it, and where."""

    value: str
    location: Location


@dataclass
class ParsedReturn:
    """Everything read from one return file, before any rule has looked at it."""

    filename: str
    file_format: str  # "xlsx" or "csv"
    la_codes: list[Stated] = field(default_factory=list)  # each distinct code, where first seen
    periods: list[Stated] = field(default_factory=list)  # each distinct period, where first seen
    entries: dict[Key, Entry] = field(default_factory=dict)
    duplicates: list[tuple[Key, Location]] = field(default_factory=list)  # second and later

    @property
    def la_code(self) -> str | None:
        """The first LA code the file states, or None."""
        return self.la_codes[0].value if self.la_codes else None

    @property
    def period(self) -> str | None:
        """The first period the file states, or None."""
        return self.periods[0].value if self.periods else None

    def state_la_code(self, value: str, location: Location) -> None:
        """Note an LA code the file states, once per distinct code."""
        if value and all(s.value != value for s in self.la_codes):
            self.la_codes.append(Stated(value, location))

    def state_period(self, value: str, location: Location) -> None:
        """Note a period the file states, once per distinct period."""
        if value and all(s.value != value for s in self.periods):
            self.periods.append(Stated(value, location))

    def add_entry(self, key: Key, entry: Entry) -> None:
        """Keep the first figure for each key; later ones are duplicates for a rule to report."""
        if key in self.entries:
            self.duplicates.append((key, entry.location))
        else:
            self.entries[key] = entry

    @property
    def values(self) -> dict[Key, "int | _Missing"]:
        """(measure, category) → int or MISSING."""
        return {key: entry.value for key, entry in self.entries.items()}

    def get(self, measure: str, category: str | None = None) -> int | None:
        """A usable count, or None when it is missing, unusable or absent."""
        entry = self.entries.get((measure, category))
        if entry is None or entry.value is MISSING:
            return None
        return entry.value  # type: ignore[return-value]


def figures_of(source: "ParsedReturn | Mapping[Key, object] | None") -> dict[Key, int]:
    """Usable counts from a parsed return or a plain mapping (e.g. the previous term's stored
    figures); missing and unusable figures are left out."""
    if source is None:
        return {}
    values = source.values if isinstance(source, ParsedReturn) else source
    return {key: value for key, value in values.items() if isinstance(value, int) and not isinstance(value, bool)}
