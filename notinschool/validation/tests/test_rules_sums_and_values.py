import pytest

from notinschool.intake.report import ERROR, QUERY
from notinschool.periods.specs import all_periods, load_spec
from notinschool.validation.engine import validate
from notinschool.validation.reading import read_return
from notinschool.validation.return_templates import build_csv_template
from notinschool.validation.tests.builders import edit_cell, good_xlsx
from notinschool.validation.tests.rule_helpers import check, only, sample


@pytest.mark.parametrize("period", all_periods())
def test_a_consistent_return_has_no_issues_in_any_period(period):
    assert check(period=period).issues == []


SUM_RULES = [
    ("EHE-SUM-SEX", "ehe_by_sex", "female", "ehe_total"),
    ("EHE-SUM-YEAR", "ehe_by_year_group", "year_7", "ehe_total"),
    ("EHE-SUM-REASON", "ehe_by_reason", "did_not_apply", "ehe_total"),
    ("EHE-SUM-PREV-SCHOOL", "ehe_starts_by_previous_school", "academy", "ehe_starts"),
    ("CME-SUM-SEX", "cme_by_sex", "male", "cme_total"),
    ("CME-SUM-YEAR", "cme_by_year_group", "reception", "cme_total"),
    ("CME-SUM-DURATION", "cme_by_duration", "weeks_2_to_4", "cme_total"),
    ("CME-SUM-REASON", "cme_by_reason", "challenging_sao", "cme_total"),
    ("EHE-RETURNS-SUM-SCHOOL", "ehe_returns_by_school_type", "academy", "ehe_returns_to_school"),
    ("S19-SUM-TYPE", "s19_by_provision_type", "online", "s19_total"),
    ("S19-SUM-HOURS", "s19_by_hours", "part_time", "s19_total"),
]


@pytest.mark.parametrize(("code", "measure", "category", "total"), SUM_RULES)
def test_breakdowns_must_add_up_to_their_totals(code, measure, category, total):
    figures = sample()
    figures[(measure, category)] += 3
    (issue,) = only(check(figures), code)
    assert issue.severity == ERROR
    assert issue.value == str(figures[(total, None)])
    assert f"add up to {sum(v for (m, _), v in figures.items() if m == measure):,}" in issue.message
    assert issue.row is not None and issue.related


def test_a_broken_breakdown_in_xlsx_names_the_cell():
    data = edit_cell(good_xlsx(), "EHE", "D3", 10_000)  # female
    spec = load_spec("2025-26-autumn")
    (issue,) = only(validate(read_return(data, "r.xlsx"), spec), "EHE-SUM-SEX")
    assert issue.where == "EHE!D2"
    assert (issue.sheet, issue.cell, issue.row, issue.column) == ("EHE", "D2", 2, "D")
    assert issue.related[0].describe() == "EHE!D3"
    assert "(EHE!D3 to EHE!D5)" in issue.message


@pytest.mark.parametrize(
    ("raw", "code", "hint"),
    [
        ("ten", "VALUE-NOT-NUMBER", "whole number"),
        ("x", "VALUE-NOT-NUMBER", "exact count"),
        ("-4", "VALUE-NEGATIVE", "cannot be negative"),
        ("3.5", "VALUE-NOT-WHOLE", "not a whole"),
    ],
)
def test_unusable_counts(raw, code, hint):
    figures = sample()
    figures[("ehe_left_other", None)] = raw
    (issue,) = only(check(figures), code)
    assert issue.value == raw and hint in issue.message and issue.severity == ERROR


def test_formula_in_a_count_cell_is_an_error():
    data = edit_cell(good_xlsx(), "EHE", "D2", "=SUM(D3:D5)")
    spec = load_spec("2025-26-autumn")
    (issue,) = only(validate(read_return(data, "r.xlsx"), spec), "VALUE-FORMULA")
    assert issue.cell == "D2" and "Paste Special" in issue.message


def test_blank_required_figure_is_an_error_and_zero_is_fine():
    figures = sample()
    figures[("ehe_left_other", None)] = 0
    assert check(figures).issues == []
    del figures[("ehe_left_other", None)]  # the template's cell stays blank
    (issue,) = only(check(figures), "VALUE-MISSING")
    assert "blank" in issue.message and "not the same as 0" in issue.message
    assert issue.row is not None


def test_a_deleted_row_is_reported_without_a_cell():
    figures = sample()
    report = check(figures)
    assert report.issues == []
    spec = load_spec("2025-26-autumn")
    lines = build_csv_template(spec, "886", figures=figures).decode("utf-8-sig").splitlines()
    kept = [line for line in lines if ",ehe_left_other," not in line]
    parsed = read_return("\r\n".join(kept).encode(), "r.csv")
    (issue,) = only(validate(parsed, spec), "VALUE-MISSING")
    assert issue.location is None and "missing from the file" in issue.message


def test_regional_part_left_blank_is_one_query():
    figures = {k: v for k, v in sample().items() if not k[0].startswith("s19_")}
    (issue,) = only(check(figures), "VALUE-NOT-AVAILABLE")
    assert issue.severity == QUERY and "s19 health part is blank" in issue.message
    assert "why" in issue.explanation_needed


def test_one_regional_measure_blank_is_a_query_and_a_partial_breakdown_an_error():
    figures = {k: v for k, v in sample().items() if k[0] != "s443_prosecutions"}
    (issue,) = only(check(figures), "VALUE-NOT-AVAILABLE")
    assert "Prosecutions" in issue.message
    figures = sample()
    del figures[("s19_by_hours", "full_time")]
    (issue,) = only(check(figures), "VALUE-MISSING")
    assert "Full-time" in issue.message


MEDIAN = ("s19_median_days_to_provision", None)
STARTED = ("s19_provision_started", None)


def test_the_median_days_may_be_blank_when_no_provision_started():
    figures = sample()
    del figures[MEDIAN]
    figures[STARTED] = 0
    assert check(figures).issues == []


def test_a_blank_median_when_provision_started_is_a_query_naming_the_count():
    figures = sample()
    del figures[MEDIAN]
    figures[STARTED] = 4
    (issue,) = only(check(figures), "VALUE-NOT-AVAILABLE")
    assert issue.severity == QUERY
    assert "Median working days to s19 provision is blank, but s19 health provision started" in issue.message
    assert "is 4, so it should have a value" in issue.message
    assert [location.row for location in issue.related] == [issue.row - 1]  # the count, just above


def test_a_blank_median_with_the_count_also_blank_is_queried_for_both():
    figures = sample()
    del figures[MEDIAN]
    del figures[STARTED]
    issues = only(check(figures), "VALUE-NOT-AVAILABLE")
    assert len(issues) == 2
    assert any("cannot tell whether it should be" in issue.message for issue in issues)


def test_a_median_when_no_provision_started_is_an_error():
    figures = sample()
    figures[STARTED] = 0
    figures[MEDIAN] = 12
    (issue,) = only(check(figures), "VALUE-SHOULD-BE-BLANK")
    assert issue.severity == ERROR and issue.value == "12"
    assert "is 12, but s19 health provision started is 0" in issue.message
    assert issue.related


@pytest.mark.parametrize(
    ("raw", "code", "wanted"),
    [
        ("12.5", "VALUE-NOT-WHOLE", "Enter a whole number of working days, rounded"),
        ("two weeks", "VALUE-NOT-NUMBER", "Enter a whole number of working days, or leave it blank"),
        ("-3", "VALUE-NEGATIVE", "enter the number of working days"),
    ],
)
def test_messages_about_the_median_speak_of_days_not_children(raw, code, wanted):
    figures = sample()
    figures[MEDIAN] = raw
    (issue,) = only(check(figures), code)
    assert wanted in issue.message
    assert "children" not in issue.message
