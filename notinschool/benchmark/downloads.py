"""Downloads: a table as CSV or XLSX (every cell neutralised) and a chart as SVG or PNG.

Tables are written from the same ``Table`` the page shows, so a download never disagrees with
the screen. Numbers stay numbers; text that a spreadsheet could run as a formula gets a leading
quote (``notinschool.core.spreadsheet_safety``); no cell is ever negative (changes are written as
a direction and a size), so no cell starts with ``-``. Charts are rendered by vl-convert on the
server, offline, from the same Vega-Lite specification the page draws.
"""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from notinschool.benchmark.presenters import Table
from notinschool.core.spreadsheet_safety import neutralise_cell, neutralise_row

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "svg": "image/svg+xml",
    "png": "image/png",
}
TABLE_FORMATS = ("csv", "xlsx")
CHART_FORMATS = ("svg", "png")


def _safe_text(value: object) -> object:
    """Neutralise a cell; a negative number (or -0.0) is written in words, so no cell starts with '-'.

    Characters a spreadsheet cannot hold (control characters) are dropped."""
    cell = neutralise_cell(value)
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and str(cell).startswith("-"):
        return "0" if cell == 0 else neutralise_cell(f"minus {abs(cell)}")
    if isinstance(cell, str):
        cleaned = ILLEGAL_CHARACTERS_RE.sub("", cell)
        return neutralise_cell(cleaned) if cleaned != cell else cell
    return cell


def table_rows(table: Table) -> list[list[object]]:
    """Headings, rows and notes, each cell made safe for a spreadsheet."""
    width = len(table.headings)
    rows = [neutralise_row(table.headings)]
    rows += [[_safe_text(cell) for cell in row] for row in table.rows]
    for note in table.notes:
        rows.append([_safe_text(f"Note: {note}")] + [None] * (width - 1))
    return rows


def table_csv(table: Table) -> bytes:
    """The table as UTF-8 CSV with a byte-order mark (so spreadsheets read the encoding)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in table_rows(table):
        writer.writerow(["" if cell is None else cell for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_xlsx(table: Table) -> bytes:
    """The table as an XLSX workbook: one sheet, headings in bold, no formulas."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = _sheet_title(table.caption)
    for row in table_rows(table):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        # openpyxl would treat a string starting with '=' as a formula; neutralised text never does.
        cell.data_type = "s" if isinstance(cell.value, str) else cell.data_type
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(caption: str) -> str:
    cleaned = re.sub(r"[\[\]\*\?/\\:]", " ", ILLEGAL_CHARACTERS_RE.sub("", caption)).strip(" '") or "Table"
    return cleaned[:31]


def chart_svg(spec: dict) -> bytes:
    """The chart as SVG, rendered offline."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec, vl_version="6.4").encode("utf-8")


def chart_png(spec: dict, *, scale: float = 2) -> bytes:
    """The chart as PNG at twice the screen size, rendered offline."""
    import vl_convert

    return vl_convert.vegalite_to_png(spec, vl_version="6.4", scale=scale)


def safe_filename(*parts: str) -> str:
    """A download's file name from its parts: letters, digits, hyphens and dots only."""
    joined = "-".join(p for p in parts if p)
    return re.sub(r"[^A-Za-z0-9\-]+", "-", joined).strip("-").lower()
