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
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from notinschool.benchmark.outputs.tables import Table
from notinschool.core.spreadsheet_safety import neutralise_cell

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
    """Headings, rows and notes, each cell made safe for a spreadsheet (headings too: a
    comparison group's name is in them, and may hold anything a person typed)."""
    width = len(table.headings)
    rows = [[_safe_text(heading) for heading in table.headings]]
    rows += [[_safe_text(cell) for cell in row] for row in table.grid()]
    for note in table.notes:
        rows.append([_safe_text(f"Note: {note}")] + [None] * (width - 1))
    return rows


ABOUT_CSV = "About this file"


def table_csv(table: Table, *, more: Sequence[Table] = (), about: Sequence[str] = ()) -> bytes:
    """The table as UTF-8 CSV with a byte-order mark (so spreadsheets read the encoding).

    The first line is the headings, as every CSV reader expects. Each further table follows after
    an empty line, introduced by its caption. Last, after an empty line, a block headed "About
    this file": the title, then the lines `about` it (the LAs chosen, the source), one per line
    (ADR 0634)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in table_rows(table):
        writer.writerow(["" if cell is None else cell for cell in row])
    for extra in more:
        writer.writerow([])
        writer.writerow([_safe_text(extra.caption)])
        for row in table_rows(extra):
            writer.writerow(["" if cell is None else cell for cell in row])
    if about:
        writer.writerow([])
        for line in (ABOUT_CSV, table.caption, *about):
            writer.writerow([_safe_text(line)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_xlsx(table: Table, *, more: Sequence[Table] = (), about: Sequence[str] = ()) -> bytes:
    """The table as an XLSX workbook, each further table on a sheet of its own: each sheet opens
    with the table's title and the lines `about` it (the source, the LAs chosen), then a blank
    row, then the headings in bold; no formulas."""
    workbook = Workbook(write_only=False)
    titles: set[str] = set()
    for index, each in enumerate([table, *more]):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = _unique(_sheet_title(each.heading or each.caption), titles)
        _fill(sheet, each, [each.caption, *about])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _unique(title: str, taken: set[str]) -> str:
    """A sheet title not used yet in the workbook (spreadsheets ignore case in sheet names)."""
    candidate, number = title, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = title[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def _fill(sheet, table: Table, title: Sequence[str]) -> None:
    for line in title:
        sheet.append([_safe_text(line)])
    sheet.append([])
    headings = len(title) + 2  # the row the headings are on
    for row in table_rows(table):
        sheet.append(row)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[headings]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows():
        for cell in row:
            # openpyxl would treat a string starting with '=' as a formula; neutralised text never does.
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = f"A{headings + 1}"


def _sheet_title(caption: str) -> str:
    """A sheet name of at most 31 characters (the spreadsheet's limit), cut at a word, never inside one."""
    cleaned = " ".join(re.sub(r"[\[\]\*\?/\\:]", " ", ILLEGAL_CHARACTERS_RE.sub("", caption)).split())
    cleaned = cleaned.split(",")[0].strip()  # the words after the first comma are the term, in the title row
    if len(cleaned) > 31:
        cut = cleaned[:31]
        cleaned = cut[: cut.rfind(" ")] if " " in cut else cut
    # A sheet's name may not begin or end with an apostrophe.
    return cleaned.strip(" '") or "Table"


_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value):
    """`value` (a chart specification) with every character XML cannot hold removed from its
    text: the renderer aborts the whole process on one, rather than raising an error."""
    if isinstance(value, str):
        return _NOT_IN_XML.sub("", value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_xml_safe(item) for item in value]
    return value


def chart_svg(spec: dict) -> bytes:
    """The chart as SVG, rendered offline."""
    import vl_convert

    return vl_convert.vegalite_to_svg(_xml_safe(spec), vl_version="6.4").encode("utf-8")


def chart_png(spec: dict, *, scale: float = 2) -> bytes:
    """The chart as PNG at twice the screen size, rendered offline."""
    import vl_convert

    return vl_convert.vegalite_to_png(_xml_safe(spec), vl_version="6.4", scale=scale)


def safe_filename(*parts: str) -> str:
    """A download's file name from its parts: letters, digits, hyphens and dots only."""
    joined = "-".join(p for p in parts if p)
    return re.sub(r"[^A-Za-z0-9\-]+", "-", joined).strip("-").lower()


def svg_png(svg: str, *, scale: float = 2) -> bytes:
    """An SVG drawn by this service (the map) as PNG at twice its size, rendered offline."""
    import vl_convert

    return vl_convert.svg_to_png(svg, scale=scale)
