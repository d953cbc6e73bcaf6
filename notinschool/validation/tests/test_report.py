import csv
import io
import json

from notinschool.intake.report import ValidationReport, report_to_csv, report_to_dict, report_to_text
from notinschool.validation.tests.rule_helpers import check, sample


def broken_report():
    figures = sample()
    figures[("ehe_by_sex", "female")] += 1
    figures[("ehe_left_other", None)] = "=1+1"
    return check(figures, previous={("cme_total", None): 1})


def test_dict_is_json_ready_and_complete():
    report = broken_report()
    data = json.loads(json.dumps(report_to_dict(report)))
    assert data["valid"] is False and data["period"] == "2025-26-autumn"
    assert data["error_count"] == len(report.errors) == 2
    assert data["query_count"] == len(report.queries) == 1
    first = data["issues"][0]
    assert set(first) >= {"sheet", "row", "column", "cell", "value", "rule", "severity", "message"}
    assert [i["severity"] for i in data["issues"]] == ["error", "error", "query"]


def test_csv_download_escapes_formulas_a_user_typed():
    report = broken_report()
    rows = list(csv.DictReader(io.StringIO(report_to_csv(report).decode("utf-8-sig"))))
    assert [r["rule"] for r in rows] == [i.rule_code for i in report.issues]
    formula_row = next(r for r in rows if r["rule"] == "VALUE-NOT-NUMBER")
    assert formula_row["value"] == "'=1+1"
    assert rows[0]["row"] and rows[0]["column"] == "value"


def test_text_lists_each_problem_with_where_it_is():
    text = report_to_text(broken_report())
    assert text.splitlines()[0].endswith("not valid: 2 errors, 1 query.")
    assert "EHE-SUM-SEX" in text and "line 2:" in text
    assert "Explanation needed:" in text
    assert "valid, no errors or queries" in report_to_text(check())


def test_unreadable_report():
    report = ValidationReport.for_unreadable("x.xlsx", "This file is empty.")
    assert report.has_errors and report.unreadable
    assert report_to_dict(report)["issues"][0]["rule"] == "FILE-UNREADABLE"
    assert report_to_text(report).startswith("x.xlsx: cannot be read.")


def test_csv_is_the_same_from_the_report_or_its_stored_dict():
    report = broken_report()
    stored = json.loads(json.dumps(report_to_dict(report)))  # as a version keeps it
    assert report_to_csv(stored) == report_to_csv(report)
    header = report_to_csv({}).decode("utf-8-sig").splitlines()[0]
    assert header == "sheet,row,column,cell,value,rule,severity,message,explanation_needed"


def test_csv_neutralises_every_cell_that_could_start_a_formula():
    issue = {
        "sheet": "=cmd",
        "row": 3,
        "value": "-2+3",
        "rule": "@SUM(A1)",
        "severity": "error",
        "message": "+1",
        "explanation_needed": "\tx",
    }
    (row,) = list(csv.DictReader(io.StringIO(report_to_csv({"issues": [issue]}).decode("utf-8-sig"))))
    assert row["sheet"] == "'=cmd" and row["value"] == "'-2+3" and row["rule"] == "'@SUM(A1)"
    assert row["message"] == "'+1" and row["explanation_needed"] == "'\tx"
    assert row["row"] == "3" and row["cell"] == ""  # numbers stay numbers; missing keys are blank


def test_a_refusal_placed_on_a_sheet_alone_keeps_its_place():
    from notinschool.intake.errors import TOO_MANY_ROWS, UnreadableFile

    problem = UnreadableFile("The sheet CME has too many rows.", code=TOO_MANY_ROWS, sheet="CME")
    [issue] = ValidationReport.for_unreadable("x.xlsx", problem.message, problem=problem).issues
    assert (issue.rule_code, issue.where) == (TOO_MANY_ROWS, "sheet CME")
