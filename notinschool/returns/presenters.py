"""Display values for returns: statuses as tags, reports as GOV.UK error summaries and tables."""

import base64

from notinschool.intake.report import ValidationReport, issue_to_dict, report_issues, report_to_csv
from notinschool.periods import period_label
from notinschool.periods.specs import PeriodHistory, ReturnSpec
from notinschool.returns.models import ReturnStatus

STATUS_TAG_COLOURS = {
    ReturnStatus.NOT_STARTED: "govuk-tag--grey",
    ReturnStatus.DRAFT: "govuk-tag--yellow",
    ReturnStatus.HAS_ERRORS: "govuk-tag--red",
    ReturnStatus.SUBMITTED: "govuk-tag--blue",
    ReturnStatus.APPROVED: "govuk-tag--green",
    ReturnStatus.REOPENED: "govuk-tag--orange",
}


def refused_report(report: ValidationReport | None, *, la_code: str, period: str) -> dict:
    """What the upload page shows of a refused file's report: its issues as the shared table
    reads them, and the same report as a CSV the person can keep. Nothing of a refused file is
    stored, so the CSV travels in the page itself (a data: link), not from a stored report."""
    if report is None or not report.issues:
        return {"issues": [], "csv_href": "", "csv_filename": ""}
    encoded = base64.b64encode(report_to_csv(report)).decode("ascii")
    return {
        "issues": [issue_to_dict(issue) for issue in report.issues],
        "csv_href": f"data:text/csv;charset=utf-8;base64,{encoded}",
        "csv_filename": f"{la_code}-{period}-refused-file-report.csv",
    }


def status_tag(status: str) -> dict:
    """Parameters for govukTag showing a return's status."""
    return {"text": ReturnStatus(status).label, "classes": STATUS_TAG_COLOURS[ReturnStatus(status)]}


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
            # How the first version differs from the second, in figures when both are given.
            both = value is not None and other is not None
            row["difference"] = f"{value - other:+,}".replace("-", "−") if both and row["changed"] else ""
        rows.append(row)
    return rows


REVIEW_TAG_COLOURS = {
    "waiting": "govuk-tag--grey",
    "accepted": "govuk-tag--green",
    "sent_back": "govuk-tag--red",
}


def query_rows(record, version, *, can_edit: bool, changing: str, typed: dict, problems: dict) -> list[dict]:
    """One row per query of the current version, for the return's page: the query, its
    explanation with its review and history, and whether a box to write one is shown. A box
    shows only where one is needed (no explanation yet, sent back, or asked to change), or
    where a refused save left `typed` text and a `problems` message, keyed by query index."""
    if version is None:
        return []
    from notinschool.returns.services.explanations import can_write

    explanations = {(e.rule_code, e.where): e for e in version.explanations.prefetch_related("events__by")}
    rows = []
    for index, issue in enumerate(issue_rows(version.report, severity="query")):
        explanation = explanations.get((issue["rule"], issue.get("where") or ""))
        writable = can_edit and record is not None and can_write(record, explanation)
        needed = explanation is None or explanation.review == "sent_back"
        show_box = writable and (needed or changing == str(index) or index in typed)
        rows.append(
            {
                "index": index,
                "issue": issue,
                "explanation": explanation,
                "review_tag": (
                    {"text": explanation.get_review_display(), "classes": REVIEW_TAG_COLOURS[explanation.review]}
                    if explanation
                    else None
                ),
                "history": list(explanation.events.all()) if explanation else [],
                "can_change": writable and not show_box and explanation is not None,
                "show_box": show_box,
                "typed": typed.get(index, explanation.text if explanation else ""),
                "problem": problems.get(index),
            }
        )
    return rows


# Every state a return can be in, in the order a coordinator reads them, with "sent back" told
# apart from other drafts.
SUMMARY_STATES = (
    ("approved", "approved"),
    ("submitted", "submitted and waiting for approval"),
    ("sent_back", "sent back by their approver"),
    ("reopened", "reopened by the coordinator"),
    ("has_errors", "sent with errors to fix"),
    ("draft", "in draft, not yet submitted"),
    ("not_started", "not started"),
)


def status_summary(local_authorities, returns: dict, sent_back: set[str]) -> list[dict]:
    """How many of the LAs' returns are in each state: every state, zero or not, so the
    counts add up to the number of LAs. `returns` maps LA old code to its return."""
    counts = dict.fromkeys((code for code, _ in SUMMARY_STATES), 0)
    for la in local_authorities:
        record = returns.get(la.old_code)
        state = record.status if record else ReturnStatus.NOT_STARTED
        if la.old_code in sent_back:
            state = "sent_back"
        counts[state] += 1
    return [{"state": code, "text": text, "count": counts[code]} for code, text in SUMMARY_STATES]
