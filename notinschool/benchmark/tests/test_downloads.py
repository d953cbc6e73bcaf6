"""Downloads: every CSV and XLSX cell is safe, whatever the LA names, notes and numbers."""

import csv
import io
from operator import itemgetter

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from notinschool.benchmark.outputs.downloads import safe_filename, table_csv, table_xlsx
from notinschool.benchmark.outputs.tables import Column, Table

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
cells = st.one_of(
    st.none(),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=30),
    st.sampled_from(["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=y", " =HYPERLINK()", "low", "x"]),
)
rows = st.lists(st.lists(cells, min_size=3, max_size=3), max_size=6)


def _columns(headings: list[str]) -> list[Column]:
    """Columns reading rows given as lists of cells: any cell, in any column, is fuzzed."""
    return [Column(heading, itemgetter(index)) for index, heading in enumerate(headings)]


def _unsafe(value) -> bool:
    return isinstance(value, str) and value.lstrip(" \u00a0").startswith(DANGEROUS)


texts = st.one_of(
    st.text(max_size=30),  # any characters, control characters included
    st.sampled_from(["=1+2", "Group\x07", "\x00=x", "-rivals", "@club", "+\x1b[31m", "Kent's\x0bgroup"]),
)


@settings(max_examples=80, deadline=None)
@given(
    rows=rows,
    caption=st.text(max_size=40),
    notes=st.lists(st.text(max_size=20), max_size=2),
    headings=st.lists(texts, min_size=3, max_size=3),
    more=st.lists(st.tuples(st.text(max_size=40), st.lists(texts, min_size=3, max_size=3), rows), max_size=2),
)
def test_no_csv_or_xlsx_cell_can_start_a_formula(rows, caption, notes, headings, more):
    # Headings carry names people type (a comparison group's): they are fuzzed like cells.
    table = Table(caption, _columns(headings), rows=rows, notes=notes)
    extra = [Table(c, _columns(h), rows=r) for c, h, r in more]
    text = table_csv(table, more=extra).decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            assert not _unsafe(cell), cell
    workbook = load_workbook(io.BytesIO(table_xlsx(table, more=extra)))
    assert len(workbook.worksheets) == 1 + len(extra)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not _unsafe(cell.value), cell.value
                if isinstance(cell.value, (int, float)):
                    assert cell.value >= 0  # negatives are written as words, so nothing starts with '-'


def test_a_heading_with_a_control_character_is_cleaned_not_an_error():
    table = Table("Kent", _columns(["Measure", "Rivals\x07 rate", "=Rivals"]), rows=[["EHE", 1.5, 2]])
    sheet = load_workbook(io.BytesIO(table_xlsx(table))).active
    assert [c.value for c in sheet[3]] == ["Measure", "Rivals rate", "'=Rivals"]  # under the title and a gap
    assert table_csv(table).decode("utf-8-sig").splitlines()[0] == "Measure,Rivals rate,'=Rivals"


def test_numbers_stay_numbers_in_the_spreadsheet():
    sheet = load_workbook(io.BytesIO(table_xlsx(Table("t", _columns(["a", "b"]), rows=[["Kent", 1234]])))).active
    assert sheet["B4"].value == 1234 and sheet["A4"].value == "Kent"


def test_a_sheet_is_named_within_the_limit_and_at_a_word():
    long = Table("Children receiving s19 health provision: rate by LA, Summer term 2025 to 2026", _columns(["a"]))
    sheet = load_workbook(io.BytesIO(table_xlsx(long))).active
    assert sheet.title == "Children receiving s19 health"
    assert sheet["A1"].value == long.caption and sheet.freeze_panes == "A4"


def test_file_names_are_plain():
    assert safe_filename("south-east", "2025-26-autumn", "ehe_total") == "south-east-2025-26-autumn-ehe-total"
    assert safe_filename("../x", 'a"b') == "x-a-b"
