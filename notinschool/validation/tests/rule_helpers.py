"""Validate figures through a real CSV file, so locations are real line numbers."""

from notinschool.periods.specs import load_spec
from notinschool.validation.engine import validate
from notinschool.validation.reading import read_return
from notinschool.validation.return_templates import build_csv_template
from notinschool.validation.samples import example_figures
from notinschool.validation.tests.builders import csv_text


def sample(period="2025-26-autumn") -> dict:
    return example_figures(load_spec(period))


def check(
    figures=None,
    period="2025-26-autumn",
    *,
    la="886",
    file_la=None,
    file_period=None,
    extra_rows=(),
    **options,
):
    """The report for a CSV return holding `figures` (default: a valid sample). `file_la` and
    `file_period` overwrite what every line states (for codes the template would refuse)."""
    spec = load_spec(period)
    figures = sample(period) if figures is None else figures
    data = build_csv_template(spec, la, figures=figures)
    if file_la is not None or file_period is not None:
        lines = data.decode("utf-8-sig").split("\r\n")
        for index in range(1, len(lines)):
            if lines[index]:
                _, _, rest = lines[index].split(",", 2)
                lines[index] = f"{file_la or la},{file_period or period},{rest}"
        data = "\r\n".join(lines).encode()
    if extra_rows:
        data += csv_text([list(row) for row in extra_rows]).encode()
    return validate(read_return(data, "return.csv"), spec, **options)


def codes(report) -> list[str]:
    return [issue.rule_code for issue in report.issues]


def only(report, code):
    """The issues with `code`, asserting there are no others."""
    assert set(codes(report)) == {code}, [(i.rule_code, i.message) for i in report.issues]
    return [issue for issue in report.issues if issue.rule_code == code]


def with_extra_rule(monkeypatch, extra, year: str = "2025-26") -> None:
    """Add the rule `extra` to a year's rule set for one test, as if declared in that year."""
    from dataclasses import replace

    from notinschool.validation import rules

    sets = dict(rules.rule_sets())
    base = sets[year]
    sets[year] = replace(base, rules=(*base.rules, extra), added=(*base.added, extra.code))
    monkeypatch.setattr(rules, "rule_sets", lambda: sets)
