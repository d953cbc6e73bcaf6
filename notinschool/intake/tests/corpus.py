"""A corpus of hostile and malformed files, made here by code (nothing binary is kept in the
repository): bombs by size, ratio and dimension, XML entities, macros and .xlsm, odd part names,
an image named .xlsx, truncated, empty, binary, UTF-16, huge fields, too many lines, NUL bytes.

`hostile_files(kind)` gives each as (name, file name, bytes, the codes that may refuse it) for one
kind of file; every intake's tests run every one of them, by command and by web."""

import io
import zipfile
from dataclasses import dataclass

import openpyxl

from notinschool.intake import errors
from notinschool.intake.kinds import MB, FileKind

# A heading line each kind would recognise, so that only the hostile part is wrong.
HEADINGS = {
    "return": "la_code,period,measure,category,value",
    "register": "child_reference,given_name,family_name,date_of_birth,sex",
    "published": "time_period,time_identifier,geographic_level,country_code,country_name,child_count",
    "population": "ladcode23,laname23,mid_year,age_5_to_16",
    "neighbours": "la_num,la_name," + ",".join(f"sn{n}" for n in range(1, 11)),
}
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol3;</t></si></sst>'
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))


@dataclass(frozen=True)
class HostileFile:
    """One file of the corpus and the codes any of which is a right refusal of it."""

    name: str
    filename: str
    data: bytes
    codes: frozenset[str]


def workbook(kind: FileKind) -> bytes:
    """A small, honest workbook with the kind's headings and one row."""
    book = openpyxl.Workbook()
    sheet = book.active
    headings = HEADINGS[kind.name].split(",")
    sheet.append(headings)
    sheet.append(["1"] * len(headings))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_part(data: bytes, name: str, content: bytes, *, drop: str | None = None) -> bytes:
    """The workbook with one part added or replaced (and optionally one removed)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in (name, drop):
                target.writestr(info.filename, source.read(info.filename))
        target.writestr(name, content)
    return out.getvalue()


def _sheet_path(data: bytes) -> str:
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    return next(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))


def corner_cell(data: bytes) -> bytes:
    """About 1.3 KB more than the workbook, but its sheet spans A1:XFD1048576."""
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    )
    return with_part(data, _sheet_path(data), xml)


def hostile_files(kind: FileKind, *, with_size_bomb: bool = True) -> list[HostileFile]:
    """Every file of the corpus, for `kind`. A kind that takes only CSV refuses every workbook by
    its type; that is a right refusal too."""
    xlsx_only = "xlsx" not in kind.formats
    good = workbook(kind)
    heading = HEADINGS[kind.name]
    width = heading.count(",") + 1

    def book(*codes: str) -> frozenset[str]:
        return frozenset({errors.WRONG_TYPE} if xlsx_only else codes)

    def line(*cells: str) -> str:
        return ",".join([*cells, *["1"] * (width - len(cells))]) + "\n"

    files = [
        HostileFile(
            "ratio bomb", "f.xlsx", with_part(good, "xl/media/image1.png", b"\x00" * (4 * MB)), book(errors.BOMB)
        ),
        HostileFile("dimension bomb", "f.xlsx", corner_cell(good), book(errors.TOO_MANY_ROWS, errors.TOO_MANY_COLUMNS)),
        HostileFile(
            "XML entities", "f.xlsx", with_part(good, "xl/sharedStrings.xml", BILLION_LAUGHS), book(errors.ENTITIES)
        ),
        HostileFile("macros", "f.xlsx", with_part(good, "xl/vbaProject.bin", b"\x00" * 200), book(errors.MACROS)),
        HostileFile("macro-enabled name", "f.xlsm", good, frozenset({errors.MACROS})),
        HostileFile("zip-slip name", "f.xlsx", with_part(good, "../../etc/evil.xml", b"<x/>"), book(errors.ZIP_NAMES)),
        HostileFile("image named .xlsx", "f.xlsx", PNG, frozenset({errors.WRONG_TYPE})),
        HostileFile("truncated workbook", "f.xlsx", good[: len(good) // 2], book(errors.DAMAGED)),
        HostileFile("empty", "f.csv", b"", frozenset({errors.EMPTY})),
        HostileFile("blank", "f.csv", b"  \r\n\r\n", frozenset({errors.EMPTY})),
        HostileFile("binary", "f.csv", bytes(range(256)) * 16, frozenset({errors.BINARY})),
        HostileFile("UTF-16", "f.csv", (heading + "\n" + line("x")).encode("utf-16"), frozenset({errors.ENCODING})),
        HostileFile(
            "huge field",
            "f.csv",
            (heading + "\n" + line("x" * (200 * 1024))).encode(),
            frozenset({errors.FIELD_TOO_LONG}),
        ),
        HostileFile(
            "unclosed quote",
            "f.csv",
            (heading + '\n"' + "y" * (150 * 1024) + "\n").encode(),
            frozenset({errors.FIELD_TOO_LONG, errors.DAMAGED}),
        ),
        HostileFile(
            "too many lines",
            "f.csv",
            (heading + "\n" + "1\n" * (kind.max_rows + 2)).encode(),
            frozenset({errors.TOO_MANY_ROWS}),
        ),
        HostileFile(
            "NUL byte in a name",
            "f.csv",
            (heading + "\n" + line("Am\x00y")).encode(),
            frozenset({errors.CONTROL_CHARACTER}),
        ),
        HostileFile(
            "control character",
            "f.csv",
            (heading + "\n" + line("A\x1bB")).encode(),
            frozenset({errors.CONTROL_CHARACTER}),
        ),
    ]
    if with_size_bomb:
        files.append(HostileFile("size bomb", "f.csv", b"a" * (kind.max_bytes + 1), frozenset({errors.TOO_BIG})))
    return files
