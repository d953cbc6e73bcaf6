"""Return specifications as data: one TOML file per collection period in `data/`.

The first period lists everything; each later file states only what changed.
"""

from notinschool.periods import UnknownPeriod
from notinschool.periods.specs.history import (
    DefinitionChange,
    MeasureHistory,
    PeriodHistory,
    measure_history,
    period_history,
)
from notinschool.periods.specs.loading import all_periods, load_spec
from notinschool.periods.specs.model import (
    Breakdown,
    Category,
    Key,
    Measure,
    Part,
    ReturnSpec,
)

__all__ = [
    "Breakdown",
    "Category",
    "DefinitionChange",
    "Key",
    "Measure",
    "MeasureHistory",
    "Part",
    "PeriodHistory",
    "ReturnSpec",
    "UnknownPeriod",
    "all_periods",
    "load_spec",
    "measure_history",
    "period_history",
]
