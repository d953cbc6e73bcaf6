"""Reading an EES file safely and as a stream: check the bytes, decode, recognise the layout.

A first pass over the bytes computes the content hash, counts lines for the progress bar and
chooses the encoding (UTF-8 with or without a byte order mark, else Windows-1252), refusing empty
and binary files. The second pass yields decoded lines to the CSV reader, never holding the file.
"""

import codecs
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from notinschool.published.mapping import Mapping, PublicationMapping, normalise
from notinschool.published.models import Layout, Publication

CHUNK_BYTES = 1 << 20
GEOGRAPHY_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)
REQUIRED_COLUMNS = ("time_period", "time_identifier", "geographic_level")
# The columns each tidy layout keeps its breakdown and figures in.
TIDY_COLUMNS = {
    Layout.TIDY: {
        "topic": "breakdown_topic",
        "breakdown": "breakdown",
        "count": "child_count",
        "percent": "child_percent",
        "rate": "rate_per_100",
    },
    Layout.OLDER_TIDY: {
        "topic": "filter_group",
        "breakdown": "filter",
        "count": "number",
        "percent": "pc",
        "rate": "rate",
    },
}
_UNDEFINED_IN_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
_SAVE_AS = "Download the CSV again from Explore Education Statistics and import it unchanged."


class ImportRefused(Exception):
    """A file the service will not import; `problems` says why, in words for the user."""

    def __init__(self, problems: str | list[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class FileFacts:
    """What the first pass learnt about the bytes."""

    sha256: str
    encoding: str
    size: int
    line_count: int


def inspect_file(source: BinaryIO) -> FileFacts:
    """Hash, size, line count and encoding of a file, leaving it rewound.

    Raises ImportRefused for an empty file, a binary file and one whose characters are neither
    UTF-8 nor Windows-1252."""
    source.seek(0)
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_utf8, is_cp1252 = True, True
    size = lines = 0
    first = b""
    while chunk := source.read(CHUNK_BYTES):
        if not first:
            first = chunk[:4096]
        digest.update(chunk)
        size += len(chunk)
        lines += chunk.count(b"\n")
        if b"\x00" in chunk:
            raise ImportRefused(f"This file holds binary data, so it is not an EES CSV file. {_SAVE_AS}")
        if is_utf8:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                is_utf8 = False
        if is_cp1252 and not is_utf8 and any(byte in chunk for byte in _UNDEFINED_IN_CP1252):
            is_cp1252 = False
    source.seek(0)
    if is_utf8:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    if not first.lstrip(codecs.BOM_UTF8).strip():
        raise ImportRefused("This file is empty. " + _SAVE_AS)
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportRefused(f"This file is saved as UTF-16 text, not as an EES CSV file. {_SAVE_AS}")
    if not (is_utf8 or is_cp1252):
        raise ImportRefused(f"The characters in this file cannot be read as UTF-8 or Windows-1252. {_SAVE_AS}")
    encoding = "utf-8-sig" if is_utf8 else "cp1252"
    text = first.decode(encoding, errors="replace")
    controls = sum(1 for character in text if ord(character) < 32 and character not in "\t\r\n")
    if controls > max(2, len(text) // 100):
        raise ImportRefused(f"This file holds binary data, so it is not an EES CSV file. {_SAVE_AS}")
    return FileFacts(digest.hexdigest(), encoding, size, lines)


def text_lines(source: BinaryIO, encoding: str) -> Iterator[str]:
    """The file's lines, decoded, with their line endings, read a chunk at a time."""
    decoder = codecs.getincrementaldecoder(encoding)()
    pending = ""
    while chunk := source.read(CHUNK_BYTES):
        parts = (pending + decoder.decode(chunk)).split("\n")
        pending = parts.pop()
        for part in parts:
            yield part + "\n"
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


@dataclass(frozen=True)
class FileLayout:
    """The file's headings, where each thing is in a row, and what the columns mean."""

    layout: str
    publication: str
    headings: tuple[str, ...]
    position: dict[str, int]
    mapping: PublicationMapping
    # Wide files: (position, column name) of every mapped column.
    mapped_columns: tuple[tuple[int, str], ...] = ()

    def cell(self, row: list[str], column: str) -> str:
        index = self.position.get(column)
        return row[index].strip() if index is not None else ""


def recognise_layout(headings: list[str], mapping: Mapping, *, publication: str | None, file_name: str) -> FileLayout:
    """Work out the layout and the publication from the headings; refuse a file that is not
    an EES file or that has a column the mapping does not know."""
    headings = [heading.strip().lstrip("\ufeff").strip().lower() for heading in headings]
    missing = [column for column in REQUIRED_COLUMNS if column not in headings]
    if missing:
        raise ImportRefused(
            "This is not an Explore Education Statistics file: it has no "
            + _either(missing)
            + f" column. EES files start with time_period, time_identifier and geographic_level. {_SAVE_AS}"
        )
    repeated = sorted({heading for heading in headings if headings.count(heading) > 1})
    if repeated:
        raise ImportRefused(f"The file has more than one column called {', '.join(repeated)}.")
    position = {heading: index for index, heading in enumerate(headings)}
    layout = _layout_of(position)
    structural = set(GEOGRAPHY_COLUMNS) | (set(TIDY_COLUMNS[layout].values()) if layout != Layout.WIDE else set())
    if publication is None and layout == Layout.WIDE:
        publication = mapping.publication_of_columns(headings)
    publication = publication or _publication_from_name(file_name)
    if publication is None:
        raise ImportRefused(
            "Say which statistics this file holds (EHE census, CME census or EHE academic year): "
            "the file name does not say, and a tidy file's columns are the same for each."
        )
    if publication not in Publication.values:
        raise ImportRefused(f"{publication!r} is not one of the publications the service imports.")
    publication_mapping = mapping.for_publication(publication)
    known = structural | mapping.ignored_columns
    if layout == Layout.WIDE:
        known |= set(publication_mapping.columns)
    unknown = [heading for heading in headings if heading not in known]
    if unknown:
        raise ImportRefused(
            f"The file has a column the service does not know: {', '.join(unknown)}. "
            "If DfE has added it, add a line for it to the EES mapping (published/data/ees_mapping.csv)."
        )
    mapped = tuple((position[name], name) for name in headings if name in publication_mapping.columns)
    if layout == Layout.WIDE and not mapped:
        raise ImportRefused("The file has no columns of figures the service imports.")
    return FileLayout(layout, publication, tuple(headings), position, publication_mapping, mapped)


def _either(names: list[str]) -> str:
    """ "a", "a or b", "a, b or c"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _layout_of(position: dict[str, int]) -> str:
    for layout, columns in TIDY_COLUMNS.items():
        if all(columns[part] in position for part in ("topic", "breakdown", "count")):
            return layout
    return Layout.WIDE


def _publication_from_name(file_name: str) -> str | None:
    name = normalise(file_name).replace("-", "_")
    if "cme" in name and "ehe" not in name:
        return Publication.CME_CENSUS
    if "ehe" in name and ("academic" in name or "full_year" in name or "annual" in name):
        return Publication.EHE_ACADEMIC_YEAR
    if "ehe" in name and "census" in name:
        return Publication.EHE_CENSUS
    return None
