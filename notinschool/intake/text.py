"""Text files: the encoding found once for every kind, control characters refused, and CSV read
with caps on its fields and lines."""

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from notinschool.intake.errors import (
    BINARY,
    CONTROL_CHARACTER,
    DAMAGED,
    ENCODING,
    FIELD_TOO_LONG,
    TOO_MANY_COLUMNS,
    TOO_MANY_ROWS,
    UnreadableFile,
)
from notinschool.intake.kinds import RETURN, FileKind

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_UNDEFINED_IN_CP1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")
SAVE_AS = RETURN.save_as
# Control characters never belong in a name, a code or a count: tab, carriage return and line
# feed are the only ones text files may hold. (DEL and the C1 controls are left to cp1252.)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LONE_CR = re.compile("\r(?=[^\n])")


class Encoding:
    """Finds a text file's encoding from its bytes, a chunk at a time: UTF-8 (with or without
    its byte-order mark) when every byte is, else Windows-1252. Refuses UTF-16 and UTF-32,
    binary data and bytes that are neither."""

    def __init__(self, kind: FileKind = RETURN) -> None:
        self.kind = kind
        self._utf8 = codecs.getincrementaldecoder("utf-8")()
        self.is_utf8 = self.is_cp1252 = True
        self.first = b""

    def feed(self, chunk: bytes) -> None:
        """Learn from the next chunk of the file."""
        if not self.first:
            self.first = chunk[:4096]
            if (
                self.first.startswith(_UTF32_BOMS)
                or self.first.startswith(_UTF16_BOMS)
                or _looks_like_utf16(self.first)
            ):
                raise UnreadableFile(
                    f"This file is saved as UTF-16 or UTF-32 (Unicode text). {self.kind.save_as}", code=ENCODING
                )
        if self.is_utf8:
            try:
                self._utf8.decode(chunk)
            except UnicodeDecodeError:
                self.is_utf8 = False
        if self.is_cp1252 and not self.is_utf8 and not _UNDEFINED_IN_CP1252.isdisjoint(chunk):
            self.is_cp1252 = False

    def result(self) -> str:
        """The encoding to decode with: 'utf-8-sig' or 'cp1252'. Raises UnreadableFile."""
        if self.is_utf8:
            try:
                self._utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                self.is_utf8 = False
        # Binary data first: it is seldom valid in either encoding, and "binary" says more.
        head = self.first.decode("utf-8-sig" if self.is_utf8 else "latin-1", errors="replace")
        if len(CONTROL.findall(head)) > max(2, len(head) // 100):
            raise UnreadableFile(
                f"This file is not a text file (it holds binary data). {self.kind.save_as}", code=BINARY
            )
        if not (self.is_utf8 or self.is_cp1252):
            raise UnreadableFile(
                f"The characters in this file cannot be read as UTF-8 or Windows-1252. {self.kind.save_as}",
                code=ENCODING,
            )
        return "utf-8-sig" if self.is_utf8 else "cp1252"


def decode(data: bytes, kind: FileKind = RETURN) -> str:
    """The text of a whole file held in memory; raises UnreadableFile as Encoding does."""
    finding = Encoding(kind)
    finding.feed(data)
    return data.decode(finding.result())


def _looks_like_utf16(head: bytes) -> bool:
    """UTF-16 saved without its byte-order mark: text of mostly Latin letters has a zero byte
    in every other place (the odd places little-endian, the even ones big-endian), which
    binary data does not."""
    if len(head) < 8 or b"\x00" not in head:
        return False
    pairs = len(head) // 2
    for zero_at in (0, 1):
        zeros = head[zero_at : pairs * 2 : 2].count(0)
        others = head[1 - zero_at : pairs * 2 : 2].count(0)
        if zeros >= 0.9 * pairs and others <= 0.05 * pairs:
            return True
    return False


def refuse_control_characters(text: str, kind: FileKind, *, lines_before: int = 0) -> None:
    """Refuse text holding a control character, naming its line (counting `lines_before`
    lines that came before this text)."""
    found = CONTROL.search(text)
    if found:
        line = lines_before + text.count("\n", 0, found.start()) + 1
        raise UnreadableFile(
            f"Line {line} holds a control character (code {ord(found.group()):#04x}), which never belongs in "
            f"{kind.noun}. It usually comes from copying out of another system: delete it, save, and "
            "upload the file again.",
            code=CONTROL_CHARACTER,
            row=line,
            value=repr(found.group()),
        )


class Lines:
    """The lines of a text (with their endings) from its decoded chunks, for the CSV reader.

    The checks that would cost a step per row are made once per chunk instead: control
    characters are refused with their line, and `long_line` says whether any line so far was
    longer than a field may be. While no line is, only a record that spans lines (a quoted line
    break) can hold a field that is too long, so `csv_rows` measures only those (ADR 0123)."""

    def __init__(self, chunks: Iterable[str], kind: FileKind) -> None:
        self.chunks, self.kind = chunks, kind
        self.long_line = False

    def __iter__(self) -> Iterator[str]:
        longest = self.kind.max_field_chars
        pending, lines_before = "", 0
        for chunk in self.chunks:
            refuse_control_characters(chunk, self.kind, lines_before=lines_before)
            text = pending + chunk
            if _LONE_CR.search(text):
                # Lines ended by a carriage return alone (older Mac files): split as a file
                # opened with newline="" would be, keeping a last "\r" until the next chunk.
                parts = io.StringIO(text, newline="").readlines()
                pending = parts.pop() if parts and not parts[-1].endswith("\n") else ""
            else:
                parts = text.split("\n")
                pending = parts.pop()
                parts = [part + "\n" for part in parts]
            lines_before += len(parts)
            if not self.long_line and (len(pending) > longest or (parts and max(map(len, parts)) > longest + 2)):
                self.long_line = True
            yield from parts
        if pending:
            yield pending


def csv_rows(lines: Lines, kind: FileKind, *, strict: bool = False) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for each record of CSV text, refusing a field longer than the
    kind allows, more fields than its columns, more lines than its rows, and (through `lines`)
    control characters."""
    reader = csv.reader(lines, strict=strict)
    longest, max_columns, last_line = kind.max_field_chars, kind.max_columns, kind.max_rows + 1
    previous = 0
    try:
        for row in reader:
            line = reader.line_num
            if line > last_line:  # the heading line, then the rows
                raise too_many_lines(kind, line)
            if len(row) > max_columns:
                raise UnreadableFile(
                    f"Line {line} has {len(row):,} columns; {kind.noun} can have at most {max_columns:,}. "
                    "Check the columns are separated by commas and no text has an unclosed quote.",
                    code=TOO_MANY_COLUMNS,
                    row=line,
                )
            if (line - previous > 1 or lines.long_line) and row and max(map(len, row)) > longest:
                at = next(i for i, field in enumerate(row) if len(field) > longest)
                raise _field_too_long(line, at + 1, kind)
            previous = line
            yield line, row
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _field_too_long(reader.line_num, None, kind) from exc
        raise UnreadableFile(
            f"Line {reader.line_num} cannot be read as CSV ({exc}): is the file cut short, or a quote "
            f"mark not closed? {kind.save_as}",
            code=DAMAGED,
            row=reader.line_num,
        ) from exc


def text_lines(source: BinaryIO, encoding: str, kind: FileKind, *, chunk_bytes: int = 1 << 20) -> Lines:
    """The lines of a file opened in binary, decoded a chunk at a time (never held whole)."""

    def chunks() -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(encoding)()
        while chunk := source.read(chunk_bytes):
            yield decoder.decode(chunk)
        yield decoder.decode(b"", final=True)

    return Lines(chunks(), kind)


def too_many_lines(kind: FileKind, line: int | None = None) -> UnreadableFile:
    """The refusal for a text file longer than the kind allows."""
    return UnreadableFile(
        f"This CSV file has more than {kind.max_rows:,} lines; {kind.noun} can have at most "
        f"{kind.max_rows:,} ({kind.typical}). Check it is the right file, and delete any extra rows.",
        code=TOO_MANY_ROWS,
        row=line,
    )


def _field_too_long(line: int, column: int | None, kind: FileKind) -> UnreadableFile:
    where = f"column {column} of line {line}" if column else f"a field on line {line}"
    return UnreadableFile(
        f"The text in {where} is longer than {kind.max_field_chars:,} characters, the most any field of "
        f"{kind.noun} can hold. Often a quote mark is not closed: check that line.",
        code=FIELD_TOO_LONG,
        row=line,
        column=str(column) if column else None,
    )
