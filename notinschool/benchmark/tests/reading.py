"""Reading what the dashboard sends back, for tests: its HTML tables, its chart specification and
its CSV and XLSX downloads, so tests compare real numbers rather than status codes."""

from __future__ import annotations

import csv
import io
import json
import struct

import html5lib
from defusedxml import ElementTree
from openpyxl import load_workbook


def html_tables(html: str) -> list[list[list[str]]]:
    """Every table on a page as rows of cell texts (the header row first), whitespace tidied."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    tables = []
    for table in document.iter("table"):
        rows = []
        for row in table.iter("tr"):
            rows.append([" ".join("".join(cell.itertext()).split()) for cell in row if cell.tag in ("th", "td")])
        tables.append(rows)
    return tables


def html_table(html: str, caption_start: str) -> list[list[str]]:
    """The table whose caption starts with ``caption_start``."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    for index, table in enumerate(document.iter("table")):
        caption = table.find("caption")
        if caption is not None and " ".join("".join(caption.itertext()).split()).startswith(caption_start):
            return html_tables(html)[index]
    raise AssertionError(f"no table captioned {caption_start!r}")


def chart_spec(html: str) -> dict:
    """The Vega-Lite specification the page draws."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    for script in document.iter("script"):
        if script.get("id") == "chart-spec":
            return json.loads(script.text)
    raise AssertionError("the page has no chart")


def csv_sections(content: bytes) -> list[list[list[str]]]:
    """A CSV download as its tables: the first, then each further one (after an empty line and its
    caption, which is dropped here); the closing "About this file" block is left out (`csv_about`)."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    if ["About this file"] in rows:
        rows = rows[: rows.index(["About this file"]) - 1]
    sections, current = [], []
    for row in rows:
        if not row:
            sections.append(current)
            current = []
            continue
        current.append(row)
    sections.append(current)
    return [sections[0]] + [section[1:] for section in sections[1:]]


def csv_about(content: bytes) -> list[str]:
    """The lines of a CSV download's closing "About this file" block: title, LAs chosen, source."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return [row[0] for row in rows[rows.index(["About this file"]) + 1 :]]


def xlsx_sheets(content: bytes) -> list[list[list[object]]]:
    """Each sheet of an XLSX download as rows of values, from its headings on (the rows above,
    up to the first empty one, are the sheet's title and what it covers: see `xlsx_titles`)."""
    workbook = load_workbook(io.BytesIO(content))
    sheets = []
    for sheet in workbook.worksheets:
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        blank = next(i for i, row in enumerate(rows) if all(cell is None for cell in row))
        sheets.append(rows[blank + 1 :])
    return sheets


def xlsx_titles(content: bytes) -> list[list[str]]:
    """Each sheet's title rows: the lines above its headings."""
    workbook = load_workbook(io.BytesIO(content))
    found = []
    for sheet in workbook.worksheets:
        lines = []
        for (cell,) in sheet.iter_rows(max_col=1, values_only=True):
            if cell is None:
                break
            lines.append(cell)
        found.append(lines)
    return found


def svg_texts(content: bytes) -> list[str]:
    """Every piece of text drawn in an SVG chart (it must parse as XML)."""
    root = ElementTree.fromstring(content)
    return [" ".join("".join(element.itertext()).split()) for element in root.iter("{http://www.w3.org/2000/svg}text")]


def png_size(content: bytes) -> tuple[int, int]:
    """A PNG's width and height, from its header."""
    assert content[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", content[16:24])


def by_first_cell(rows: list[list], column: int = 0) -> dict:
    """Rows keyed by one of their cells."""
    return {row[column]: row for row in rows}


def number(text) -> float | None:
    """A cell as shown ('1,234', '2.5') as a number; None for a blank or for words."""
    if text is None or text == "":
        return None
    if isinstance(text, (int, float)):
        return float(text)
    try:
        return float(str(text).replace(",", ""))
    except ValueError:
        return None
