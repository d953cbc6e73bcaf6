"""Downloads of stored reports and tracking tables, neutralised against spreadsheet injection."""

import csv
import io

from notinschool.core.spreadsheet_safety import neutralise_row

REPORT_COLUMNS = ["sheet", "row", "column", "cell", "value", "rule", "severity", "message", "explanation_needed"]


def report_csv(report: dict) -> bytes:
    """A stored report as CSV: one issue a line, UTF-8 with BOM for Excel."""
    return table_csv(REPORT_COLUMNS, ([issue.get(c) for c in REPORT_COLUMNS] for issue in report.get("issues", [])))


def table_csv(header: list[str], rows) -> bytes:
    """Any table as CSV, every text cell neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(neutralise_row(header))
    for row in rows:
        writer.writerow(neutralise_row(["" if value is None else value for value in row]))
    return out.getvalue().encode("utf-8-sig")
