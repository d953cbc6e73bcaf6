"""The engine itself: a rule with a bug never crashes a check, nor lets a return pass unchecked."""

import logging

from notinschool.intake.report import ERROR, QUERY, report_to_dict
from notinschool.validation.rules.registry import Finding, Rule
from notinschool.validation.tests.rule_helpers import check, codes, sample, with_extra_rule


def broken_check(ctx):
    """A rule with a bug: it finds one thing, then fails."""
    yield Finding("half-way", ctx.location("ehe_total"))
    raise ZeroDivisionError("a bug in the rule")


BROKEN_QUERY = Rule(
    code="TEST-BROKEN",
    severity=QUERY,
    title="A rule with a bug",
    message="m",
    explanation="e",
    check=broken_check,
    module=__name__,
)


def test_a_rule_that_raises_is_an_error_saying_the_check_could_not_run(monkeypatch, caplog):
    with_extra_rule(monkeypatch, BROKEN_QUERY)
    figures = sample()
    figures[("ehe_by_sex", "female")] += 1
    with caplog.at_level(logging.ERROR, logger="notinschool.validation.engine"):
        report = check(figures)
    assert sorted(codes(report)) == ["CHECK-FAILED", "EHE-SUM-SEX"]  # the other rules still ran
    failed = next(issue for issue in report.issues if issue.rule_code == "CHECK-FAILED")
    assert failed.severity == ERROR  # although the rule is a query: an unchecked return must not pass
    assert "TEST-BROKEN" in failed.message and "contact support" in failed.message
    assert failed.value == "TEST-BROKEN"
    assert not report.is_valid
    assert "half-way" not in [issue.message for issue in report.issues]  # no partial findings
    (record,) = [r for r in caplog.records if "TEST-BROKEN" in r.getMessage()]
    assert record.exc_info and record.exc_info[0] is ZeroDivisionError
    assert report_to_dict(report)["valid"] is False
