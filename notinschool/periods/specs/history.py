"""Every measure and every period, with what changed when: the data for the definitions page."""

from dataclasses import dataclass, field

from notinschool.periods.specs.loading import all_periods, load_spec
from notinschool.periods.specs.model import Measure


@dataclass(frozen=True)
class DefinitionChange:
    """A measure's definition reworded: the wording before, and the wording from `period`."""

    period: str
    before: str
    after: str


@dataclass
class MeasureHistory:
    """One measure's story: its latest wording and each period in which something changed."""

    code: str
    label: str
    definition: str
    source: str
    part: str
    kind: str
    unit: str
    breakdown_label: str | None
    categories: list[tuple[str, str]]
    first_period: str
    last_period: str | None  # None while the measure is still collected
    changes: list[tuple[str, str]] = field(default_factory=list)  # (period, what changed)
    definition_changes: list[DefinitionChange] = field(default_factory=list)

    def rewording_in(self, period: str) -> DefinitionChange | None:
        """The change of wording that took effect in `period`, if there was one."""
        return next((change for change in self.definition_changes if change.period == period), None)


@dataclass(frozen=True)
class PeriodHistory:
    """One collection period: its spec file's notes (such as "reasons not yet confirmed by
    DfE") and what changed from the period before."""

    period: str
    rule_set: str
    notes: tuple[str, ...]
    changes: tuple[str, ...]


def measure_history() -> list[MeasureHistory]:
    """Every measure that any period has asked for, in the order the return lists them, each
    with its latest definition and categories and the history of additions, removals, new or
    dropped categories and changed definitions."""
    histories: dict[str, MeasureHistory] = {}
    previous: dict[str, Measure] = {}
    last_seen = ""
    for period in all_periods():
        spec = load_spec(period)
        current = {m.code: m for m in spec.measures}
        for code, measure in current.items():
            before = previous.get(code)
            if before is None:
                if code in histories:
                    history = histories[code]
                    history.last_period = None
                    history.changes.append((period, "Collected again."))
                    if history.definition != measure.definition:
                        history.changes.append((period, "Definition changed."))
                        history.definition_changes.append(
                            DefinitionChange(period, history.definition, measure.definition)
                        )
                else:
                    histories[code] = _start(measure, period)
                    continue
            else:
                for note in _differences(before, measure):
                    histories[code].changes.append((period, note))
                if before.definition != measure.definition:
                    histories[code].definition_changes.append(
                        DefinitionChange(period, before.definition, measure.definition)
                    )
            _refresh(histories[code], measure)
        for code in previous.keys() - current.keys():
            histories[code].last_period = last_seen
            histories[code].changes.append((period, "No longer collected."))
        previous, last_seen = current, period
    return list(histories.values())


def _start(measure: Measure, period: str) -> MeasureHistory:
    history = MeasureHistory(
        code=measure.code,
        label=measure.label,
        definition=measure.definition,
        source=measure.source,
        part=measure.part,
        kind=measure.kind,
        unit=measure.unit,
        breakdown_label=None,
        categories=[],
        first_period=period,
        last_period=None,
        changes=[(period, "First collected.")],
    )
    _refresh(history, measure)
    return history


def _refresh(history: MeasureHistory, measure: Measure) -> None:
    history.label = measure.label
    history.definition = measure.definition
    history.breakdown_label = measure.breakdown.label if measure.breakdown else None
    history.categories = [(c.code, c.label) for c in measure.breakdown.categories] if measure.breakdown else []


def _differences(before: Measure, after: Measure) -> list[str]:
    notes = []
    if before.definition != after.definition:
        notes.append("Definition changed.")
    old = {c.code: c.label for c in before.breakdown.categories} if before.breakdown else {}
    new = {c.code: c.label for c in after.breakdown.categories} if after.breakdown else {}
    added = [label for code, label in new.items() if code not in old]
    dropped = [label for code, label in old.items() if code not in new]
    if added:
        notes.append("New categories: " + "; ".join(added) + ".")
    if dropped:
        notes.append("Categories dropped: " + "; ".join(dropped) + ".")
    return notes


def period_history() -> list[PeriodHistory]:
    """Every period with a return specification, oldest first, with its notes and changes."""
    return [
        PeriodHistory(spec.period, spec.rule_set, spec.notes, spec.changes)
        for spec in (load_spec(period) for period in all_periods())
    ]
