"""Numbers that fit, as the rules see them: a count above the ceiling is VALUE-TOO-LARGE in
`validate` (CSV, workbook and the command), never a stored number; a count above the LA's
population of children aged 5 to 16 is VALUE-ABOVE-POPULATION, a query. The ways in (upload,
typed form, API) are tested in `intake/tests/test_numbers.py`."""

import subprocess
import sys

import pytest

from notinschool.intake.report import QUERY
from notinschool.periods.specs import load_spec
from notinschool.validation.engine import validate
from notinschool.validation.reading import read_return
from notinschool.validation.reading.cells import count_entry
from notinschool.validation.tests.builders import edit_cell, good_xlsx
from notinschool.validation.tests.rule_helpers import check, codes, only, sample
from notinschool.validation.values import MAX_COUNT, MISSING, TOO_LARGE, Location

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "raw", [HUGE, 1e23, "1E+23", "2147483648", 2147483648.0, f"{MAX_COUNT + 1}", "1,000,001", "+0001000001"]
)
def test_a_count_above_the_ceiling_is_a_problem_not_a_number(raw):
    entry = count_entry(raw, Location())
    assert entry.value is MISSING and entry.problem == TOO_LARGE


@pytest.mark.parametrize("raw", [f"{MAX_COUNT}", float(MAX_COUNT), "0", "1,000,000"])
def test_the_ceiling_itself_is_a_count(raw):
    assert count_entry(raw, Location()).value == MAX_COUNT or count_entry(raw, Location()).value == 0


@pytest.mark.parametrize("raw", [HUGE, "1E+23", "2147483648"])
def test_validate_reports_a_huge_count_in_a_csv(raw):
    figures = sample()
    figures[("ehe_left_other", None)] = raw
    (issue,) = only(check(figures), "VALUE-TOO-LARGE")
    assert issue.value == raw and f"{MAX_COUNT:,}" in issue.message and issue.row


def test_validate_reports_1e23_typed_as_a_number_in_a_workbook():
    data = edit_cell(good_xlsx(), "EHE", "D2", 1e23)
    report = validate(read_return(data, "r.xlsx"), load_spec("2025-26-autumn"))
    assert "VALUE-TOO-LARGE" in codes(report)
    issue = next(i for i in report.issues if i.rule_code == "VALUE-TOO-LARGE")
    assert issue.cell == "D2"


def test_the_command_says_so_and_exits_with_errors(tmp_path):
    figures = sample()
    figures[("ehe_left_other", None)] = HUGE
    from notinschool.validation.return_templates import build_csv_template

    path = tmp_path / "r.csv"
    path.write_bytes(build_csv_template(load_spec("2025-26-autumn"), "886", figures=figures))
    done = subprocess.run(
        [sys.executable, "-m", "notinschool.manage", "validate", str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, done.stderr
    assert "VALUE-TOO-LARGE" in done.stdout and "valid, no errors" not in done.stdout


def test_a_count_above_the_population_is_a_query():
    figures = sample()
    report = check(figures, population=10)
    queries = [i for i in report.issues if i.rule_code == "VALUE-ABOVE-POPULATION"]
    assert queries and all(i.severity == QUERY for i in queries)
    assert "more than the 10 children aged 5 to 16" in queries[0].message
    assert "VALUE-ABOVE-POPULATION" not in codes(check(figures, population=10_000_000))
