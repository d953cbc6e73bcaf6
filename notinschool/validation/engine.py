"""Run a period's rules over a parsed return and collect one report."""

import logging
from collections.abc import Callable, Mapping

from notinschool.intake.report import CHECK_FAILED_CODE, ERROR, Issue, ValidationReport
from notinschool.periods.specs.model import Key, ReturnSpec
from notinschool.validation.rules import rule_set
from notinschool.validation.rules.context import RuleContext
from notinschool.validation.rules.registry import Rule
from notinschool.validation.values import ParsedReturn, figures_of

logger = logging.getLogger(__name__)


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
    population: int | None = None,
) -> ValidationReport:
    """Check `parsed` against `spec`'s rule set. `expected_la` and `expected_period` are what
    the sender says they are sending; `previous` is the LA's previous-term return or figures,
    when known; `population` is the LA's children aged 5 to 16, when known. Returns a report;
    never raises for bad figures, and a rule that fails (a fault
    in the service) becomes an error in the report rather than a crash or a silent pass."""
    context = RuleContext(
        parsed=parsed,
        spec=spec,
        previous=figures_of(previous) if previous is not None else None,
        expected_la=expected_la,
        expected_period=expected_period,
        find_la=find_la or default_find_la,
        population=population,
    )
    issues: list[Issue] = []
    for checking in rule_set(spec.rule_set).rules:
        issues.extend(_run(checking, context))
    return ValidationReport(
        filename=parsed.filename,
        period=spec.period,
        la_code=parsed.la_code,
        issues=sorted(issues, key=_order(parsed)) if len(issues) > 1 else issues,
        rule_set=spec.rule_set,
    )


def _run(checking: Rule, context: RuleContext) -> list[Issue]:
    """One rule's issues. A rule that raises has a bug: the return must not pass unchecked, so
    the failure is an error (whatever the rule's severity) and is logged for support."""
    try:
        return [
            Issue(
                rule_code=checking.code,
                severity=checking.severity,
                message=finding.message,
                location=finding.location,
                value=finding.value,
                explanation_needed=checking.explanation,
                related=finding.related,
            )
            for finding in checking.check(context)
        ]
    except Exception:
        logger.exception("Validation rule %s failed on %s", checking.code, context.parsed.filename)
        return [
            Issue(
                rule_code=CHECK_FAILED_CODE,
                severity=ERROR,
                message=(
                    f"The check {checking.code} ({checking.title.rstrip('.')}) could not run because of a "
                    "fault in this service, not in your file. The return cannot be accepted until it "
                    "has been checked: contact support and quote the check's code."
                ),
                value=checking.code,
            )
        ]


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
