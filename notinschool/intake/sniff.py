"""What a file really is, from its first bytes: its name only sharpens the message."""

from pathlib import PurePath

from notinschool.intake.errors import EMPTY, MACROS, PASSWORD, TOO_BIG, WRONG_TYPE, UnreadableFile
from notinschool.intake.kinds import FileKind

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
    b"MZ": "a Windows program",
    b"\x7fELF": "a program",
}
_TEXT_NAMES = (".csv", ".txt", "")


def sniff(data: bytes, filename: str, kind: FileKind) -> str:
    """'xlsx' or 'csv': how `data` must be read as `kind`. Raises UnreadableFile for an empty or
    oversized file, a macro-enabled or old-format workbook, anything else that is not a
    spreadsheet, and a format this kind does not take."""
    extension = PurePath(filename).suffix.lower()
    if len(data) > kind.max_bytes:
        raise UnreadableFile(kind.too_big(len(data)), code=TOO_BIG)
    if not data.strip():
        raise UnreadableFile(f"This file is empty. Check you chose {kind.noun} and upload it again.", code=EMPTY)
    if data.startswith(OLE_MAGIC):
        raise UnreadableFile(
            "This file is either password-protected or in the old Excel 97-2003 (.xls) format. "
            f"Remove any password and save it as {_save_as(kind)}, then upload it again.",
            code=PASSWORD,
        )
    if extension == ".xlsm":
        raise UnreadableFile(
            f"This is a macro-enabled workbook (.xlsm). Save it as {_save_as(kind)} and upload it again.",
            code=MACROS,
        )
    if data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return _taken("xlsx", kind)
    for magic, what in _OTHER_MAGIC.items():
        if data.startswith(magic):
            raise UnreadableFile(f"This file is {what}, not a spreadsheet. {_upload_as(kind)}", code=WRONG_TYPE)
    if extension in (".xlsx", ".xls"):
        raise UnreadableFile(
            f"This file is named {extension} but is not an Excel workbook: it is damaged or misnamed. "
            f"{_upload_as(kind)}",
            code=WRONG_TYPE,
        )
    if extension not in _TEXT_NAMES:
        raise UnreadableFile(f"Files named {extension} are not spreadsheets. {_upload_as(kind)}", code=WRONG_TYPE)
    return _taken("csv", kind)


def _taken(found: str, kind: FileKind) -> str:
    if found not in kind.formats:
        raise UnreadableFile(
            f"This file is {'an Excel workbook' if found == 'xlsx' else 'text'}; {kind.noun} must be "
            f"{kind.formats_text}. {_upload_as(kind)}",
            code=WRONG_TYPE,
        )
    return found


def _save_as(kind: FileKind) -> str:
    return "an Excel Workbook (.xlsx)" if "xlsx" in kind.formats else "CSV UTF-8 (.csv)"


def _upload_as(kind: FileKind) -> str:
    names = {"xlsx": "an Excel Workbook (.xlsx)", "csv": "a CSV file (.csv)"}
    return f"Upload {kind.noun} as " + " or ".join(names[f] for f in kind.formats) + "."
