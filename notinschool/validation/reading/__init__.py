"""Read a return file safely: XLSX or CSV in, a ParsedReturn out, or UnreadableFile.

The file's first bytes decide how it is read, not its name: a name only sharpens the message
when the two disagree.
"""

import os
from pathlib import Path

from notinschool.validation.reading import limits
from notinschool.validation.reading.csvfile import read_csv
from notinschool.validation.reading.errors import UnreadableFile
from notinschool.validation.reading.xlsx import read_xlsx
from notinschool.validation.values import ParsedReturn

__all__ = ["ParsedReturn", "UnreadableFile", "read_return"]

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003, and encrypted Office 2007+
_OTHER_MAGIC = {
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"{\\rtf": "an RTF document",
}


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
        path = Path(source)
        filename = filename or path.name
        data = _read_path(path)
    return read_bytes(data, filename, isolate=isolate)


def _read_path(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > limits.MAX_FILE_BYTES:
            raise UnreadableFile(_too_big(size))
        with path.open("rb") as handle:
            return handle.read(limits.MAX_FILE_BYTES + 1)
    except IsADirectoryError as exc:
        raise UnreadableFile(f"{path} is a folder, not a file.") from exc
    except FileNotFoundError as exc:
        raise UnreadableFile(f"There is no file at {path}.") from exc
    except PermissionError as exc:
        raise UnreadableFile(f"The file {path} cannot be opened: permission denied.") from exc


def _too_big(size: int) -> str:
    return f"This file is {size / 2**20:.1f} MB; a return is well under 1 MB. Check it is the right file."


def read_bytes(data: bytes, filename: str, *, isolate: bool = True) -> ParsedReturn:
    """Dispatch on the content; see read_return."""
    extension = Path(filename).suffix.lower()
    if not data.strip():
        raise UnreadableFile("This file is empty. Download the template, fill it in and upload it.")
    if len(data) > limits.MAX_FILE_BYTES:
        raise UnreadableFile(_too_big(len(data)))
    if data.startswith(OLE_MAGIC):
        raise UnreadableFile(
            "This file is either password-protected or in the old Excel 97-2003 (.xls) format. "
            "Remove any password and save it as an Excel Workbook (.xlsx), then upload it again."
        )
    if extension == ".xlsm":
        raise UnreadableFile(
            "This is a macro-enabled workbook (.xlsm). Save it as an Excel Workbook (.xlsx) and upload it again."
        )
    if data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return _with_figures(read_xlsx(data, filename, isolate=isolate))
    for magic, kind in _OTHER_MAGIC.items():
        if data.startswith(magic):
            raise UnreadableFile(f"This file is {kind}, not a spreadsheet. {_UPLOAD_AS}")
    if extension in (".xlsx", ".xls"):
        raise UnreadableFile(
            f"This file is named {extension} but is not an Excel workbook: it is damaged or misnamed. {_UPLOAD_AS}"
        )
    if extension not in (".csv", ".txt", ""):
        raise UnreadableFile(f"Files named {extension} are not spreadsheets. {_UPLOAD_AS}")
    return _with_figures(read_csv(data, filename))


def _with_figures(parsed: ParsedReturn) -> ParsedReturn:
    """Refuse a file in the right shape with nothing filled in (headings only, or the blank
    template): listing every blank cell as an error would bury the likely cause, the wrong file."""
    for entry in parsed.entries.values():
        if entry.raw or entry.problem is not None:
            return parsed  # something was entered, even if it is unusable: the rules say what
    if parsed.file_format == "csv" and not parsed.entries:
        raise UnreadableFile(
            "This CSV file has column headings but no figures. Check you chose the completed "
            "return, with one line for each figure under the headings."
        )
    raise UnreadableFile(
        "No figures are filled in: every count in this file is blank, so it looks like the blank "
        "template. Check you chose the completed return. If you are sending it on purpose, enter "
        "the figures, or 0 where there were none."
    )


_UPLOAD_AS = "Upload the return as an Excel Workbook (.xlsx) or a CSV file (.csv)."
