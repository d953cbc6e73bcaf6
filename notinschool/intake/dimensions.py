"""A workbook's sheet sizes, read from its XML before any spreadsheet reader allocates.

A reader sizes its grid from the cells' references (and some from the declared <dimension>), so
one cell at A1 and one at XFD1048576 asks for some 17 billion cells. The declared dimension and
every row and cell reference are checked against the kind's limits here, in the parent, on XML
whose unpacked size has already been bounded. Hand-written: no library reports these numbers
without building the grid (ADR 0120).
"""

import functools
import re

from notinschool.intake.errors import TOO_MANY_COLUMNS, TOO_MANY_ROWS, UnreadableFile
from notinschool.intake.kinds import FileKind

# The declared dimension, ref="A1:D150"; r="12" on a row.
_DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref\s*=\s*["\']([^"\']{1,40})["\']')
_HEAD_BYTES = 64 * 1024
_DECLARED_CELL = re.compile(r"\$?([A-Za-z]{1,8})\$?([0-9]{1,12})")


def column_number(letters: str) -> int:
    """'A' → 1, 'Z' → 26, 'AA' → 27."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    """1 → 'A', 27 → 'AA'."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def declared_size(xml: bytes) -> tuple[int, int]:
    """(rows, columns) of the sheet's declared dimension."""
    rows = columns = 0
    # The schema puts <dimension> before the cells: look only at the sheet's head.
    head = xml[: xml.find(b"sheetData")] if b"sheetData" in xml[:_HEAD_BYTES] else xml[:_HEAD_BYTES]
    for match in _DIMENSION.finditer(head):
        for letters, digits in _DECLARED_CELL.findall(match.group(1).decode("ascii", "replace")):
            rows, columns = max(rows, int(digits)), max(columns, column_number(letters))
    return rows, columns


@functools.cache
def _beyond(kind: FileKind, separator: bytes) -> tuple[re.Pattern, re.Pattern]:
    """Patterns for a row or cell reference (an r attribute after `separator`) with more digits
    than the kind's last row has, and for one with more letters than its last column has."""
    digits = len(str(kind.max_rows))
    letters = len(column_letters(kind.max_columns))
    equals = rb"=" if separator == b" " else rb"\s*=\s*"
    reference = separator + rb"r" + equals + rb"""["']\$?"""
    too_far_down = re.compile(reference + rb"[A-Za-z]*+\$?0*+[1-9][0-9]{%d}" % digits)
    too_far_right = re.compile(reference + rb"[A-Za-z]{%d}" % (letters + 1))
    return too_far_down, too_far_right


def _search(xml: bytes, kind: FileKind, which: int) -> re.Match | None:
    """The first reference too far down (which=0) or right (1). Excel writes ' r="': that
    literal start makes the search fast (about 0.1 s for a 20,000-row register's 24 MB sheet on
    a loaded machine). Any other whitespace before r is searched for too, slowly, only when the
    file has some."""
    found = _beyond(kind, b" ")[which].search(xml)
    if found is None and any(space + b"r" in xml for space in (b"\t", b"\n", b"\r", b"\x0b", b"\x0c")):
        found = _beyond(kind, rb"\s")[which].search(xml)
    return found


def check_dimensions(sheets: dict[str, bytes], kind: FileKind) -> None:
    """Refuse any sheet, by name, whose declared dimension goes beyond `kind`'s last row or
    column, or any of whose row or cell references has more digits or letters than those.

    Nothing is parsed: reading the grid is what would cost the memory. What the length check
    lets through (say row 99,999 when the last allowed is 50,000) asks a reader for at most ten
    times the rows and 26 times the columns of the limit, which the reading process's memory
    limit refuses; the reader's own row count then refuses the rest."""
    for name, xml in sheets.items():
        rows, columns = declared_size(xml)
        down = _search(xml, kind, 0)
        if rows > kind.max_rows or down:
            raise UnreadableFile(
                f"The sheet '{name}' reaches beyond row {kind.max_rows:,}; {kind.noun} can have at most "
                f"{kind.max_rows:,} rows ({kind.typical}). Delete everything below your data (select "
                "the empty rows, right-click, Delete), save, and upload it again.",
                code=TOO_MANY_ROWS,
                sheet=name,
                value=_reference(down),
            )
        right = _search(xml, kind, 1)
        if columns > kind.max_columns or right:
            raise UnreadableFile(
                f"The sheet '{name}' reaches beyond column {column_letters(kind.max_columns)}; "
                f"{kind.noun} can have at most {kind.max_columns:,} columns. Delete everything to "
                "the right of your data, save, and upload it again.",
                code=TOO_MANY_COLUMNS,
                sheet=name,
                value=_reference(right),
            )


def _reference(found: re.Match | None) -> str:
    return found.group(0).split(b"=", 1)[1].strip(b" \"'$").decode("ascii", "replace") if found else ""
