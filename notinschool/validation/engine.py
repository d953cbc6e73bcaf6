"""Run a period's rules over a parsed return and collect one report."""

from collections.abc import Callable, Mapping

from notinschool.validation.issues import ERROR, Issue, ValidationReport
from notinschool.validation.rules import rule_set
from notinschool.validation.rules.context import RuleContext
from notinschool.validation.specs.model import Key, ReturnSpec
from notinschool.validation.values import ParsedReturn, figures_of


def default_find_la(code: str):
    """LA lookup from the shipped reference file (pure Python, no database)."""
    from notinschool.places.reference import find_la

    return find_la(code)


def validate(
    parsed: ParsedReturn,
    spec: ReturnSpec,
    *,
    expected_la: str | None = None,
    expected_period: str | None = None,
    previous: ParsedReturn | Mapping[Key, object] | None = None,
    find_la: Callable[[str], object | None] | None = None,
) -> ValidationReport:
    """Check `parsed` against `spec`'s rule set. `expected_la` and `expected_period` are what
    the sender says they are sending; `previous` is the LA's previous-term return or figures,
    when known. Returns a report; never raises for bad figures."""
    context = RuleContext(
        parsed=parsed,
        spec=spec,
        previous=figures_of(previous) if previous is not None else None,
        expected_la=expected_la,
        expected_period=expected_period,
        find_la=find_la or default_find_la,
    )
    rules = rule_set(spec.rule_set).rules
    issues = [
        Issue(
            rule_code=r.code,
            severity=r.severity,
            message=finding.message,
            location=finding.location,
            value=finding.value,
            explanation_needed=r.explanation,
            related=finding.related,
        )
        for r in rules
        for finding in r.check(context)
    ]
    return ValidationReport(
        filename=parsed.filename,
        period=spec.period,
        la_code=parsed.la_code,
        issues=sorted(issues, key=_order(parsed)) if len(issues) > 1 else issues,
        rule_set=spec.rule_set,
    )


def _order(parsed: ParsedReturn):
    """Errors before queries; file-wide issues first; then sheet by sheet, row by row."""
    sheets: dict[str | None, int] = {}
    for entry in parsed.entries.values():
        sheets.setdefault(entry.location.sheet, len(sheets))

    def key(issue: Issue):
        location = issue.location
        if location is None:
            return (issue.severity != ERROR, 0, 0, 0)
        return (issue.severity != ERROR, 1, sheets.get(location.sheet, -1), location.row or 0)

    return key
