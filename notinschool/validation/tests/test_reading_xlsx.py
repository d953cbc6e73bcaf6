import dataclasses
import struct

import pytest

from notinschool.intake import limits, sandbox
from notinschool.intake.kinds import RETURN
from notinschool.periods.specs import load_spec
from notinschool.validation.engine import validate
from notinschool.validation.reading import UnreadableFile, read_return
from notinschool.validation.tests.builders import (
    edit_cell,
    figures,
    good_xlsx,
    parts_of,
    sheet_xml,
    with_part,
    zip_parts,
)
from notinschool.validation.values import FORMULA, MISSING, TEXT


def refused(data: bytes, name: str = "return.xlsx", **kwargs) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_return(data, name, **kwargs)
    return caught.value.message


def test_filled_template_reads_back_exactly_with_cells():
    parsed = read_return(good_xlsx(), "return.xlsx")
    assert parsed.la_code == "886" and parsed.period == "2025-26-autumn"
    assert parsed.values == figures()
    location = parsed.entries[("ehe_by_sex", "female")].location
    assert (location.sheet, location.cell, location.row, location.column) == ("EHE", "D3", 3, "D")
    assert parsed.la_codes[0].location.describe() == "Instructions!B3"


def test_isolated_and_in_process_reading_agree():
    data = good_xlsx()
    assert read_return(data, "a.xlsx").values == read_return(data, "a.xlsx", isolate=False).values


def test_blank_is_missing_and_zero_is_zero():
    data = edit_cell(edit_cell(good_xlsx(), "EHE", "D3", None), "EHE", "D4", 0)
    parsed = read_return(data, "return.xlsx")
    assert parsed.entries[("ehe_by_sex", "female")].value is MISSING
    assert parsed.entries[("ehe_by_sex", "male")].value == 0


def test_formulas_are_flagged_never_evaluated():
    data = edit_cell(good_xlsx(), "EHE", "D2", "=SUM(D3:D5)")
    parsed = read_return(data, "return.xlsx")
    entry = parsed.entries[("ehe_total", None)]
    assert entry.problem == FORMULA and entry.value is MISSING


def test_text_in_a_count_cell():
    parsed = read_return(edit_cell(good_xlsx(), "CME", "D2", "about 40"), "return.xlsx")
    assert parsed.entries[("cme_total", None)].problem == TEXT
    (issue,) = validate(parsed, load_spec("2025-26-autumn")).issues
    assert (issue.rule_code, issue.where, issue.value) == ("VALUE-NOT-NUMBER", "CME!D2", "about 40")
    assert issue.message == (
        "CME children is 'about 40', not a number. Enter a whole number of children, or 0 if there were none."
    )


def test_la_code_typed_as_a_number_is_still_read():
    parsed = read_return(edit_cell(good_xlsx(), "Instructions", "B3", 886), "return.xlsx")
    assert parsed.la_code == "886"


def test_old_excel_and_password_protected_files_are_refused():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000
    for name in ("return.xls", "return.xlsx"):
        assert "password-protected or in the old Excel" in refused(ole, name)


def test_xlsm_by_name_is_refused():
    assert "macro-enabled" in refused(good_xlsx(), "return.xlsm")


def test_xlsx_carrying_macros_is_refused():
    assert "macros" in refused(with_part(good_xlsx(), "xl/vbaProject.bin", b"\x00" * 100))
    parts = parts_of(good_xlsx())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"sheet.main+xml", b"sheet.macroEnabled.main+xml"
    )
    assert "macros" in refused(zip_parts(parts))


@pytest.mark.parametrize("cut", [100, 2000, -200])
def test_corrupt_xlsx_is_refused(cut):
    data = good_xlsx()
    assert "damaged" in refused(data[:cut])


def test_a_zip_that_is_not_a_workbook_or_is_ods():
    assert "not an Excel workbook" in refused(zip_parts({"word/document.xml": b"<w/>"}))
    ods = zip_parts({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
    assert "OpenDocument" in refused(ods)


def test_bomb_by_declared_size():
    big = b"\x00" * (RETURN.max_unpacked_bytes + 1)
    message = refused(with_part(good_xlsx(), "xl/media/image1.png", big))
    assert "more than 50 MB" in message


def test_bomb_by_compression_ratio():
    message = refused(with_part(good_xlsx(), "xl/media/image1.png", b"\x00" * (4 * 2**20)))
    assert "decompression bomb" in message


def test_a_million_rows_is_refused_before_reading():
    data = with_part(good_xlsx(), "xl/worksheets/sheet2.xml", sheet_xml(1_000_000))
    assert "far too big for a return" in refused(data)


def test_too_many_rows_within_the_size_limit_is_refused_by_the_reader():
    data = with_part(good_xlsx(), "xl/worksheets/sheet2.xml", sheet_xml(RETURN.max_rows + 1))
    assert "10,001 rows" in refused(data)


def test_too_many_parts():
    parts = parts_of(good_xlsx())
    parts.update({f"xl/media/image{n}.png": b"x" for n in range(limits.MAX_ZIP_PARTS)})
    assert "parts inside it" in refused(zip_parts(parts))


@pytest.mark.parametrize("name", ["../evil.xml", "/abs.xml", "xl\\odd.xml", "C:/x.xml"])
def test_odd_paths_are_refused(name):
    assert "unusual name" in refused(with_part(good_xlsx(), name, b"<x/>"))


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol3;</t></si></sst>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE sst [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&secret;</t></si></sst>"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_xml_entities_are_refused(xml):
    assert "declares entities" in refused(with_part(good_xlsx(), "xl/sharedStrings.xml", xml))


def test_entities_hidden_in_utf16_xml_are_refused():
    xml = EXTERNAL_ENTITY.decode().replace('encoding="UTF-8"', "").encode("utf-16")
    assert "declares entities" in refused(with_part(good_xlsx(), "xl/sharedStrings.xml", xml))


def test_encrypted_zip_entry_is_refused():
    data = bytearray(good_xlsx())
    at = central_entry(bytes(data), b"xl/workbook.xml")
    flags = struct.unpack_from("<H", data, at + 8)[0]
    struct.pack_into("<H", data, at + 8, flags | 0x1)
    assert "password-protected" in refused(bytes(data))


def central_entry(data: bytes, name: bytes) -> int:
    """Offset of the central directory entry for part `name`."""
    at = data.index(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(name)] != name:
        at = data.index(b"PK\x01\x02", at + 4)
    return at


def test_a_part_larger_than_its_declared_size_is_refused():
    data = bytearray(good_xlsx())
    entry = central_entry(bytes(data), b"xl/workbook.xml")
    declared = struct.unpack_from("<I", data, entry + 24)[0]
    struct.pack_into("<I", data, entry + 24, declared // 2)  # claim half the real size
    assert "damaged" in refused(bytes(data))


def test_no_sheet_with_the_headings():
    data = good_xlsx()
    for sheet in ("EHE", "CME", "EHE returns", "SAO pipeline", "s19 health"):
        data = edit_cell(data, sheet, "A1", "Item")  # not a heading we know
    assert "No sheet in this workbook has the column headings" in refused(data)


def _long_sheet() -> bytes:
    """9,000 rows of text: within the row limit, but tens of milliseconds and megabytes to read."""
    rows = sheet_xml(9_000, "<is><t>a census-day count of children</t></is>").replace(b"<c ", b'<c t="inlineStr" ')
    return with_part(good_xlsx(), "xl/worksheets/sheet2.xml", rows)


def test_the_child_process_time_limit_gives_a_plain_message(monkeypatch):
    monkeypatch.setattr(limits, "CHILD_WALL_SECONDS", 0.005)
    assert "took too long" in refused(_long_sheet())


def test_the_child_process_memory_limit_gives_a_plain_message(monkeypatch):
    # Below what the child already holds: reading anything that needs more memory fails.
    with pytest.raises(UnreadableFile) as caught:
        sandbox.read_sheets(_long_sheet(), kind=dataclasses.replace(RETURN, child_memory_bytes=10 * 2**20))
    assert "memory" in caught.value.message


def test_malformed_xml_holding_a_formula_is_refused_plainly():
    sheet = sheet_xml(3, "<f>SUM(A1)</f><v>1</v>")[:-40]  # cut off mid-way
    assert "damaged" in refused(with_part(good_xlsx(), "xl/worksheets/sheet2.xml", sheet))


def test_the_worker_command_carries_the_limits(monkeypatch):
    """The fallback path (a new interpreter per workbook, used when no zygote can be had)."""
    seen = {}

    def fake_run(command, **kwargs):
        seen["command"], seen["timeout"] = command, kwargs["timeout"]
        raise sandbox.subprocess.TimeoutExpired(command, kwargs["timeout"])

    def no_zygote(data, kind=None):
        raise sandbox.ZygoteUnavailable("test")

    monkeypatch.setattr(sandbox._ZYGOTES, "start", no_zygote)
    monkeypatch.setattr(sandbox.subprocess, "run", fake_run)
    refused(good_xlsx())
    assert seen["command"][1:3] == ["-I", "-S"]
    assert seen["command"][4:7] == [str(RETURN.child_memory_bytes), str(limits.CHILD_CPU_SECONDS), str(RETURN.max_rows)]
    assert seen["timeout"] == limits.CHILD_WALL_SECONDS


def moved_part(data: bytes, old: str, new: str) -> bytes:
    """The workbook with part `old` stored as `new` and the workbook's relationship pointing
    there (added when there was none): a reader still opens it, whatever the name says."""
    parts = parts_of(data)
    parts[new] = parts.pop(old)
    rels = "xl/_rels/workbook.xml.rels"
    if f'"/{old}"'.encode() in parts[rels]:
        parts[rels] = parts[rels].replace(f'"/{old}"'.encode(), f'"/{new}"'.encode())
    else:
        added = (
            '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'sharedStrings" Target="/{new}" Id="rId99" /></Relationships>'
        )
        parts[rels] = parts[rels].replace(b"</Relationships>", added.encode())
    return zip_parts(parts)


@pytest.mark.parametrize("renamed", ["xl/worksheets/sheet2.dat", "xl/media/image1.png", "xl/data/ehe"])
def test_a_formula_in_a_sheet_stored_under_another_name_is_still_found(renamed):
    data = moved_part(edit_cell(good_xlsx(), "EHE", "D2", "=SUM(D3:D5)"), "xl/worksheets/sheet2.xml", renamed)
    parsed = read_return(data, "return.xlsx")
    entry = parsed.entries[("ehe_total", None)]
    assert entry.problem == FORMULA and entry.value is MISSING and entry.location.describe() == "EHE!D2"


@pytest.mark.parametrize("renamed", ["xl/sharedStrings.dat", "xl/media/strings.png"])
def test_entities_in_a_part_stored_under_another_name_are_refused(renamed):
    data = moved_part(with_part(good_xlsx(), "xl/sharedStrings.xml", EXTERNAL_ENTITY), "xl/sharedStrings.xml", renamed)
    assert "declares entities" in refused(data)
