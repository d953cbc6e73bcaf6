"""Read a return file: the intake (notinschool.intake) checks and parses it safely; this maps
its rows to figures. XLSX or CSV in, a ParsedReturn out, or UnreadableFile."""

import os

from notinschool.intake import RETURN, UnreadableFile, read_path, take
from notinschool.intake.errors import NO_DATA
from notinschool.validation.reading.csvfile import read_csv
from notinschool.validation.reading.xlsx import read_xlsx
from notinschool.validation.values import ParsedReturn

__all__ = ["ParsedReturn", "UnreadableFile", "read_return"]


def read_return(
    source: bytes | str | os.PathLike, filename: str | None = None, *, isolate: bool = True
) -> ParsedReturn:
    """Read a return from bytes or a path. `filename` is the name the user gave the file.
    Raises UnreadableFile with a plain-English message; never anything else for bad input.
    `isolate=False` parses in this process (for measurement only: never for uploads)."""
    if isinstance(source, bytes):
        data = source
        filename = filename or "upload"
    else:
        filename = filename or os.fspath(source).rsplit("/", 1)[-1]
        data = read_path(source, RETURN)
    return read_bytes(data, filename, isolate=isolate)


def read_bytes(data: bytes, filename: str, *, isolate: bool = True) -> ParsedReturn:
    """The intake's table, mapped to figures; see read_return."""
    table = take(data, filename, RETURN, isolate=isolate)
    parsed = read_xlsx(table) if table.file_format == "xlsx" else read_csv(table)
    return _with_figures(parsed)


def _with_figures(parsed: ParsedReturn) -> ParsedReturn:
    """Refuse a file in the right shape with nothing filled in (headings only, or the blank
    template): listing every blank cell as an error would bury the likely cause, the wrong file."""
    for entry in parsed.entries.values():
        if entry.raw or entry.problem is not None:
            return parsed  # something was entered, even if it is unusable: the rules say what
    if parsed.file_format == "csv" and not parsed.entries:
        raise UnreadableFile(
            "This CSV file has column headings but no figures. Check you chose the completed "
            "return, with one line for each figure under the headings.",
            code=NO_DATA,
        )
    raise UnreadableFile(
        "No figures are filled in: every count in this file is blank, so it looks like the blank "
        "template. Check you chose the completed return. If you are sending it on purpose, enter "
        "the figures, or 0 where there were none.",
        code=NO_DATA,
    )
