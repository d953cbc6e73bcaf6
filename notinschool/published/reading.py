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

from notinschool.intake import PUBLISHED, UnreadableFile
from notinschool.intake.errors import TOO_BIG
from notinschool.intake.report import FileRefused
from notinschool.intake.text import Encoding, csv_rows, text_lines, too_many_lines
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
    # The EHE census file of the 2022/23 release as DfE's catalogue holds it now: the breakdown in
    # filter_group and filter, and the count in the measure's own column, no share or rate.
    Layout.FIRST_TIDY: {
        "topic": "filter_group",
        "breakdown": "filter",
        "count": "ehe_census_date",
        "percent": None,
        "rate": None,
    },
}
_SAVE_AS = "Download the CSV again from Explore Education Statistics and import it unchanged."


FILE_REFUSED = "FILE-NOT-IMPORTED"


class ImportRefused(FileRefused):
    """A file the service will not import as DfE's figures (see `FileRefused`)."""

    default_code = FILE_REFUSED


@dataclass(frozen=True)
class FileFacts:
    """What the first pass learnt about the bytes."""

    sha256: str
    encoding: str
    size: int
    line_count: int


def inspect_file(source: BinaryIO) -> FileFacts:
    """Hash, size, line count and encoding of a file, leaving it rewound. The encoding and the
    checks on the bytes are the intake's, under the published-figures file's limits.

    Raises ImportRefused for an empty, oversized or binary file and one whose characters are
    neither UTF-8 nor Windows-1252."""
    size = source.seek(0, 2)  # the size first: an oversized file is refused unread
    if size > PUBLISHED.max_bytes:
        raise ImportRefused(PUBLISHED.too_big(size), code=TOO_BIG)
    source.seek(0)
    digest = hashlib.sha256()
    encoding = Encoding(PUBLISHED)
    size = lines = 0
    try:
        while chunk := source.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
            if size > PUBLISHED.max_bytes:
                raise UnreadableFile(PUBLISHED.too_big(size))
            lines += chunk.count(b"\n")
            if lines > PUBLISHED.max_rows + 1:
                raise too_many_lines(PUBLISHED)
            encoding.feed(chunk)
        source.seek(0)
        if not encoding.first.lstrip(codecs.BOM_UTF8).strip():
            raise ImportRefused("This file is empty. " + _SAVE_AS)
        found = encoding.result()
    except UnreadableFile as exc:
        raise ImportRefused.unreadable(exc) from exc
    return FileFacts(digest.hexdigest(), found, size, lines)


def csv_reader(source: BinaryIO, facts: FileFacts) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of the file's CSV rows, read a chunk at a time through the intake's
    caps on fields, columns, lines and control characters. Raises UnreadableFile."""
    return csv_rows(text_lines(source, facts.encoding, PUBLISHED, chunk_bytes=CHUNK_BYTES), PUBLISHED, strict=True)


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
    # Columns the mapping does not know, in the file's order: imported as nothing, and reported.
    unknown_columns: tuple[str, ...] = ()

    def cell(self, row: list[str], column: str) -> str:
        index = self.position.get(column)
        return row[index].strip() if index is not None else ""


def recognise_layout(headings: list[str], mapping: Mapping, *, publication: str | None, file_name: str) -> FileLayout:
    """Work out the layout and the publication from the headings; refuse a file that is not an
    EES file or has no figures the service imports. Columns the mapping does not know are listed
    in `unknown_columns`, never guessed at and never a reason to refuse the file."""
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
            "Say which statistics this file holds (EHE census, CME census, EHE academic year or CME academic year): "
            "the file name does not say, and a tidy file's columns are the same for each."
        )
    if publication not in Publication.values:
        raise ImportRefused(f"{publication!r} is not one of the publications the service imports.")
    publication_mapping = mapping.for_publication(publication)
    known = structural | mapping.ignored_columns
    if layout == Layout.WIDE:
        known |= set(publication_mapping.columns)
    # A column DfE has added is let through, unread: the report and the release page name it and
    # say nothing was guessed for it, and the figures the service knows are imported.
    unknown = tuple(heading for heading in headings if heading not in known)
    mapped = tuple((position[name], name) for name in headings if name in publication_mapping.columns)
    if layout == Layout.WIDE and not mapped:
        raise ImportRefused("The file has no columns of figures the service imports.")
    return FileLayout(layout, publication, tuple(headings), position, publication_mapping, mapped, unknown)


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
    academic_year = "academic" in name or "full_year" in name or "annual" in name or "any_point" in name
    if "cme" in name and "ehe" not in name:
        return Publication.CME_ACADEMIC_YEAR if academic_year else Publication.CME_CENSUS
    if "ehe" in name and academic_year:
        return Publication.EHE_ACADEMIC_YEAR
    if "ehe" in name and "census" in name:
        return Publication.EHE_CENSUS
    return None
