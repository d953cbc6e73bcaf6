"""One report, many forms: a dict for the API, --json and storage (the pages render the stored
dict), CSV for download, text for the command line. Nothing else writes a report."""

import csv
import io

from notinschool.core.spreadsheet_safety import neutralise_row
from notinschool.validation.issues import Issue, ValidationReport

CSV_COLUMNS = (
    "sheet",
    "row",
    "column",
    "cell",
    "value",
    "rule",
    "severity",
    "message",
    "explanation_needed",
)


def issue_to_dict(issue: Issue) -> dict:
    """One issue as plain data."""
    return {
        "sheet": issue.sheet,
        "row": issue.row,
        "column": issue.column,
        "cell": issue.cell,
        "where": issue.where,
        "value": issue.value,
        "rule": issue.rule_code,
        "severity": issue.severity,
        "message": issue.message,
        "explanation_needed": issue.explanation_needed,
        "related": [location.describe() for location in issue.related],
    }


def report_to_dict(report: ValidationReport) -> dict:
    """The report as JSON-ready data (the API response and `validate --json`)."""
    return {
        "filename": report.filename,
        "period": report.period,
        "la_code": report.la_code,
        "rule_set": report.rule_set,
        "valid": report.is_valid,
        "unreadable": report.unreadable,
        "error_count": len(report.errors),
        "query_count": len(report.queries),
        "issues": [issue_to_dict(issue) for issue in report.issues],
    }


def report_issues(data: dict, *, severity: str | None = None) -> list[dict]:
    """The issues of a report as stored (`report_to_dict`), all or of one severity: what the
    pages list."""
    return [issue for issue in data.get("issues", []) if severity is None or issue.get("severity") == severity]


def report_to_csv(report: ValidationReport | dict) -> bytes:
    """The report as a CSV download, one issue a line (UTF-8 with BOM, for Excel). Takes the
    report itself or its stored dict (`report_to_dict`), so a download made today and one made
    from a version stored last year have the same columns."""
    data = report if isinstance(report, dict) else report_to_dict(report)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for issue in report_issues(data):
        # A report repeats what the uploader typed: a cell a spreadsheet would run as a formula
        # is written as text (CSV injection, ADR 0206).
        writer.writerow(neutralise_row(["" if issue.get(c) is None else issue.get(c) for c in CSV_COLUMNS]))
    return out.getvalue().encode("utf-8-sig")


def report_to_text(report: ValidationReport, *, limit: int = 200) -> str:
    """Human-readable lines for the command line: a summary, then each issue with its cell."""
    lines = [_summary(report)]
    for issue in report.issues[:limit]:
        where = f"{issue.where}: " if issue.where else ""
        column = f"{issue.column} " if issue.column and not issue.cell else ""
        value = f"{column}“{issue.value}”: " if issue.value else (f"{column.strip()}: " if column else "")
        lines.append(f"  {issue.severity.upper():5} {issue.rule_code:22} {where}{value}{issue.message}")
        if issue.explanation_needed:
            lines.append(f"        Explanation needed: {issue.explanation_needed}")
    if len(report.issues) > limit:
        lines.append(f"  …and {len(report.issues) - limit} more.")
    return "\n".join(lines)


def _summary(report: ValidationReport) -> str:
    name = report.filename
    about = " ".join(part for part in (report.la_code and f"LA {report.la_code}", report.period) if part)
    errors, queries = len(report.errors), len(report.queries)
    if report.unreadable:
        return f"{name}: cannot be read."
    label = f"{name} ({about})" if about else name
    if not report.issues:
        return f"{label}: valid, no errors or queries."
    verdict = "not valid" if errors else "valid, with queries to explain"
    return f"{label}: {verdict}: {errors} error{'s' * (errors != 1)}, {queries} quer{'ies' if queries != 1 else 'y'}."
