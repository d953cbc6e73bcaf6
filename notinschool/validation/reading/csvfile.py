"""Read a CSV return: decode (UTF-8, UTF-8 with BOM, Windows-1252), check the headings and
delimiter, then read each line into a figure with its line number."""

import csv
import io

from notinschool.validation.reading import layout, limits
from notinschool.validation.reading.cells import count_entry
from notinschool.validation.reading.errors import UnreadableFile
from notinschool.validation.values import Location, ParsedReturn

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SAVE_AS = "Save it from Excel as 'CSV UTF-8 (Comma delimited)' and upload it again."


def decode_csv(data: bytes) -> str:
    """The file's text; raises UnreadableFile for UTF-16/32, binary or undecodable bytes."""
    if data.startswith((b"\x00\x00\xfe\xff", *_UTF16_BOMS)) or _looks_like_utf16(data[:4096]):
        raise UnreadableFile(f"This CSV file is saved as UTF-16 or UTF-32 (Unicode text). {_SAVE_AS}")
    if b"\x00" in data[:4096]:
        raise UnreadableFile(
            "This file is not a text file (it holds binary data), so it is not a CSV. "
            f"Upload the return as .xlsx or .csv. {_SAVE_AS}"
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = _detect(data)
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > max(2, len(text[:4096]) // 100):
        raise UnreadableFile(f"This file is not a text file (it holds binary data), so it is not a CSV. {_SAVE_AS}")
    return text


def _looks_like_utf16(head: bytes) -> bool:
    """UTF-16 saved without its byte-order mark: text of mostly Latin letters has a zero byte
    in every other place (the odd places little-endian, the even ones big-endian), which
    binary data does not. Such a file is text in the wrong encoding, not binary."""
    if len(head) < 8 or b"\x00" not in head:
        return False
    pairs = len(head) // 2
    for zero_at in (0, 1):
        zeros = head[zero_at : pairs * 2 : 2].count(0)
        others = head[1 - zero_at : pairs * 2 : 2].count(0)
        if zeros >= 0.9 * pairs and others <= 0.05 * pairs:
            return True
    return False


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes  # only for the rare file that is neither

    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding.startswith(("utf_16", "utf_32")):
        raise UnreadableFile(f"The characters in this CSV file cannot be read. {_SAVE_AS}")
    return data.decode(best.encoding, errors="replace")


def read_csv(data: bytes, filename: str) -> ParsedReturn:
    """A ParsedReturn from CSV bytes; raises UnreadableFile."""
    if len(data) > limits.MAX_CSV_BYTES:
        raise UnreadableFile(
            f"This CSV file is {len(data) / 2**20:.1f} MB; a return is about 10 KB (some 150 "
            "lines). Check it is the right file, and delete any extra rows."
        )
    text = decode_csv(data)
    if not text.strip():
        raise UnreadableFile("This file is empty. Download the template, fill it in and upload it.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headings = next(reader)
        columns = layout.find_columns(headings)
        _check_headings(headings, columns)
        parsed = ParsedReturn(filename=filename, file_format="csv")
        for row in reader:
            if reader.line_num > limits.MAX_ROWS:
                raise UnreadableFile(
                    f"This CSV file has more than {limits.MAX_ROWS:,} lines; a return has about "
                    "150. Check it is the right file, and delete any extra rows."
                )
            _read_row(parsed, row, columns, reader.line_num)
    except csv.Error as exc:
        raise UnreadableFile(f"Line {reader.line_num} of this CSV file is malformed ({exc}). {_SAVE_AS}") from exc
    return parsed


def _check_headings(headings: list[str], columns: dict[str, int]) -> None:
    if all(column in columns for column in (*layout.REQUIRED, "la_code")):
        return
    line = ",".join(headings)
    for delimiter, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
        if delimiter in line and layout.is_heading_row(line.split(delimiter)):
            raise UnreadableFile(f"This CSV file separates its columns with {name}, not commas. {_SAVE_AS}")
    expected = ", ".join(layout.CSV_HEADINGS)
    shown = line[:80] + ("…" if len(line) > 80 else "")
    raise UnreadableFile(
        f"The first line of a CSV return must be the column headings {expected} "
        f"(description is optional). This file's first line is: {shown}"
    )


def _read_row(parsed: ParsedReturn, row: list[str], columns: dict[str, int], line: int) -> None:
    def cell(column: str) -> str:
        index = columns.get(column)
        return row[index] if index is not None and index < len(row) else ""

    if not any(value.strip() for value in row):
        return  # a blank line
    parsed.state_la_code(cell("la_code").strip(), Location.csv(line, "la_code"))
    parsed.state_period(cell("period").strip(), Location.csv(line, "period"))
    measure = cell("measure").strip().lower()
    category = cell("category").strip().lower() or None
    parsed.add_entry((measure, category), count_entry(cell("value"), Location.csv(line, "value")))
