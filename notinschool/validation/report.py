"""One report, many forms: a dict for the API and --json, CSV for download, text for the
command line. The page renders the same ValidationReport."""

import csv
import io

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


def report_to_csv(report: ValidationReport) -> bytes:
    """The report as a CSV download, one issue a line (UTF-8 with BOM, for Excel)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for issue in report.issues:
        row = issue_to_dict(issue)
        writer.writerow([_csv_safe(row[column]) for column in CSV_COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def _csv_safe(value) -> str:
    """Cells a spreadsheet would run as a formula get a leading apostrophe (CSV injection):
    a report repeats what the uploader typed."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def report_to_text(report: ValidationReport, *, limit: int = 200) -> str:
    """Human-readable lines for the command line: a summary, then each issue with its cell."""
    lines = [_summary(report)]
    for issue in report.issues[:limit]:
        where = f"{issue.where}: " if issue.where else ""
        lines.append(f"  {issue.severity.upper():5} {issue.rule_code:22} {where}{issue.message}")
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
    if not report.issues:
        return f"{name} ({about}): valid, no errors or queries."
    verdict = "not valid" if errors else "valid, with queries to explain"
    return (
        f"{name} ({about}): {verdict}: {errors} error{'s' * (errors != 1)}, "
        f"{queries} quer{'ies' if queries != 1 else 'y'}."
    )
