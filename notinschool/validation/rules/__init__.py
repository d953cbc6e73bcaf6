"""Validation rules, one per file, grouped by academic year (`y2022_23`, `y2023_24`, …).

Each year's package inherits the previous year's set and lists deletions explicitly. A period's
spec names its rule set (`rule_set = "2025-26"`).
"""

import csv
import functools
import importlib
import io

from notinschool.core.spreadsheet_safety import neutralise_row
from notinschool.validation.rules.registry import Finding, Rule, RuleSet, rule

__all__ = ["Finding", "Rule", "RuleSet", "rule", "rule_set", "rule_sets", "rules_csv"]

YEARS = ("2022-23", "2023-24", "2024-25", "2025-26", "2026-27")


def _package(year: str) -> str:
    return f"{__name__}.y{year.replace('-', '_')}"


@functools.cache
def rule_sets() -> dict[str, RuleSet]:
    """Every rule set by academic year, oldest first."""
    return {year: importlib.import_module(_package(year)).RULE_SET for year in YEARS}


def rule_set(name: str) -> RuleSet:
    """The rule set named in a spec, e.g. '2025-26'."""
    try:
        return rule_sets()[name]
    except KeyError:
        raise LookupError(f"No rule set called {name!r}; there are {', '.join(YEARS)}") from None


def rules_csv(period: str) -> bytes:
    """Every rule that applies in `period`, as CSV (UTF-8 with BOM so Excel shows it right).
    Raises UnknownPeriod for a period with no return specification."""
    from notinschool.periods.specs import load_spec

    spec = load_spec(period)
    period = spec.period  # as written in the specs, whatever the caller's capitals
    chosen = rule_set(spec.rule_set)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "period",
            "rule",
            "severity",
            "title",
            "what to fix",
            "an acceptable explanation says",
            "since",
        ]
    )
    for r in sorted(chosen.rules, key=lambda r: r.code):
        since = _first_set_with(r.code)
        # The text is ours, not a user's, but every download is neutralised all the same (ADR 0206).
        writer.writerow(neutralise_row([period, r.code, r.severity, r.title, r.message, r.explanation, since]))
    return out.getvalue().encode("utf-8-sig")


def _first_set_with(code: str) -> str:
    return next(name for name, s in rule_sets().items() if code in s.codes())
