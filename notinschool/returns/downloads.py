"""Tables for download (tracking), neutralised against spreadsheet injection. Validation reports
are written by `notinschool.intake.report.report_to_csv`, the one writer of reports."""

import csv
import io

from notinschool.core.spreadsheet_safety import neutralise_row


def table_csv(header: list[str], rows) -> bytes:
    """Any table as CSV, every text cell neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(neutralise_row(header))
    for row in rows:
        writer.writerow(neutralise_row(["" if value is None else value for value in row]))
    return out.getvalue().encode("utf-8-sig")
