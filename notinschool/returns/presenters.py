"""Display values for returns: statuses as tags, reports as GOV.UK error summaries and tables."""

from notinschool.returns.models import ReturnStatus
from notinschool.validation.report import report_issues
from notinschool.validation.specs import PeriodHistory, ReturnSpec

STATUS_TAG_COLOURS = {
    ReturnStatus.NOT_STARTED: "govuk-tag--grey",
    ReturnStatus.DRAFT: "govuk-tag--yellow",
    ReturnStatus.HAS_ERRORS: "govuk-tag--red",
    ReturnStatus.SUBMITTED: "govuk-tag--blue",
    ReturnStatus.APPROVED: "govuk-tag--green",
    ReturnStatus.REOPENED: "govuk-tag--orange",
}


def status_tag(status: str) -> dict:
    """Parameters for govukTag showing a return's status."""
    return {"text": ReturnStatus(status).label, "classes": STATUS_TAG_COLOURS[ReturnStatus(status)]}


def period_label(period: str) -> str:
    """'2025-26-autumn' → 'Autumn term 2025 to 2026'."""
    start, end, term = period.split("-")
    return f"{term.capitalize()} term {start} to 20{end}"


def period_rows(periods: list[PeriodHistory]) -> list[dict]:
    """One row per collection period for the definitions page: its label, its notes, and what
    changed; a term with nothing new says so once rather than repeating the file's note."""
    rows = []
    for period in periods:
        notes = [note for note in period.notes if note != "No change from the previous term."]
        rows.append(
            {
                "period": period.period,
                "label": period_label(period.period),
                "notes": notes,
                "changes": list(period.changes),
                "unchanged": not notes and not period.changes,
            }
        )
    return rows


def issue_rows(report: dict, *, severity: str) -> list[dict]:
    """The stored report's issues of one severity, for a table: where, value, rule, message."""
    return report_issues(report, severity=severity)


def error_summary_items(report: dict) -> list[dict]:
    """GOV.UK error summary items for a stored report's errors, linking to each in the page."""
    items = []
    for index, issue in enumerate(issue_rows(report, severity="error")):
        where = f"{issue['where']}: " if issue.get("where") else ""
        items.append({"text": f"{where}{issue['message']}", "href": f"#error-{index}"})
    return items


def figures_table(spec: ReturnSpec, figures: dict, compare: dict | None = None) -> list[dict]:
    """Rows for a table of a version's figures in template order (and a second version's)."""
    rows = []
    for key in spec.item_keys():
        value = figures.get(key)
        row = {"part": spec.measure(key[0]).part, "label": spec.label_for(key), "value": value, "key": key}
        if compare is not None:
            other = compare.get(key)
            row["other"] = other
            row["changed"] = other != value
        rows.append(row)
    return rows
