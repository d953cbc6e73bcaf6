"""Bytes in, rows out: the intake's one reading path (see the package's docstring)."""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from notinschool.intake import sandbox, text
from notinschool.intake.errors import CONTROL_CHARACTER, EMPTY, FIELD_TOO_LONG, TOO_BIG, UnreadableFile
from notinschool.intake.kinds import FileKind
from notinschool.intake.sniff import sniff
from notinschool.intake.zipcheck import check_contents, check_directory


@dataclass
class Sheet:
    """One sheet's rows as the reader gives them (for a CSV, one sheet with no name).
    `lines[i]` is row i's own number: the spreadsheet's row, or the CSV's line."""

    name: str
    rows: list[list]
    lines: list[int] = field(default_factory=list)

    @property
    def headings(self) -> list[str]:
        """The first row, as text: a CSV's headings."""
        return [str(value) for value in self.rows[0]] if self.rows else []

    def records(self) -> Iterator[dict]:
        """Each row after the headings as {heading: value}, as csv.DictReader gives them (a
        heading the row is too short for is None)."""
        headings = self.headings
        for row in self.rows[1:]:
            record = dict(zip(headings, row, strict=False))
            for heading in headings[len(row) :]:
                record[heading] = None
            yield record

    def line_of(self, index: int) -> int:
        """The row's number in the file, for messages."""
        return self.lines[index] if index < len(self.lines) else index + 1


@dataclass
class Table:
    """What the intake read: the format it found, the sheets, and cells holding formulas (by
    sheet name, as references like 'D7'), which readers give only as their cached value."""

    filename: str
    file_format: str  # "xlsx" or "csv"
    sheets: list[Sheet]
    formula_cells: dict[str, set[str]] = field(default_factory=dict)


def read_path(path: str | os.PathLike, kind: FileKind) -> bytes:
    """A file's bytes from disk for the commands, refusing an oversized file before reading it."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > kind.max_bytes:
            raise UnreadableFile(kind.too_big(size), code=TOO_BIG)
        with path.open("rb") as handle:
            return handle.read(kind.max_bytes + 1)
    except IsADirectoryError as exc:
        raise UnreadableFile(f"{path} is a folder, not a file.") from exc
    except FileNotFoundError as exc:
        raise UnreadableFile(f"There is no file at {path}.") from exc
    except PermissionError as exc:
        raise UnreadableFile(f"The file {path} cannot be opened: permission denied.") from exc


def take(data: bytes, filename: str, kind: FileKind, *, isolate: bool = True) -> Table:
    """Read `data` as `kind`. Raises UnreadableFile with a code and a plain message; never
    anything else for bad input. `isolate=False` parses workbooks in this process: for
    measurement only, never for a file from outside."""
    found = sniff(data, filename, kind)
    if found == "xlsx":
        return _workbook(data, filename, kind, isolate=isolate)
    return _csv(data, filename, kind)


def _workbook(data: bytes, filename: str, kind: FileKind, *, isolate: bool) -> Table:
    # Every check that can be made without a reader is made before one starts.
    checked = check_contents(data, check_directory(data, kind), kind)
    sheets = [Sheet(sheet["name"], sheet["rows"]) for sheet in sandbox.read_sheets(data, isolate=isolate, kind=kind)]
    for sheet in sheets:
        _check_cells(sheet, kind)
    return Table(filename, "xlsx", sheets, checked.formula_cells)


def _check_cells(sheet: Sheet, kind: FileKind) -> None:
    """Text cells: no control characters, none longer than the kind allows."""
    from notinschool.intake.dimensions import column_letters

    longest = kind.max_field_chars
    for index, row in enumerate(sheet.rows):
        texts = [value for value in row if isinstance(value, str) and value]
        if not texts:
            continue
        joined = "\n".join(texts)  # one search per row; a line feed is allowed in a cell
        if len(joined) <= longest and not text.CONTROL.search(joined):
            continue
        for column, value in enumerate(row):
            if not isinstance(value, str):
                continue
            where = f"Cell {column_letters(column + 1)}{index + 1} of sheet '{sheet.name}'"
            if len(value) > longest:
                raise UnreadableFile(
                    f"{where} holds {len(value):,} characters; no cell of {kind.noun} can hold more than "
                    f"{longest:,}. Check it is the right file.",
                    code=FIELD_TOO_LONG,
                    sheet=sheet.name,
                    row=index + 1,
                    column=column_letters(column + 1),
                )
            found = text.CONTROL.search(value)
            if found:
                raise UnreadableFile(
                    f"{where} holds a control character (code {ord(found.group()):#04x}), which never belongs in "
                    f"{kind.noun}. It usually comes from copying out of another system: delete it, save, "
                    "and upload the file again.",
                    code=CONTROL_CHARACTER,
                    sheet=sheet.name,
                    row=index + 1,
                    column=column_letters(column + 1),
                    value=value[:60],
                )


def _csv(data: bytes, filename: str, kind: FileKind) -> Table:
    decoded = text.decode(data, kind)
    if not decoded.strip():
        raise UnreadableFile(f"This file is empty. Check you chose {kind.noun} and upload it again.", code=EMPTY)
    if decoded.count("\n") > kind.max_rows + 1:  # cheap, and before any row is built
        raise text.too_many_lines(kind)
    rows, lines = [], []
    for line, row in text.csv_rows(text.Lines([decoded], kind), kind):
        rows.append(row)
        lines.append(line)
    return Table(filename, "csv", [Sheet("", rows, lines)])
