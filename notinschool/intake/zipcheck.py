"""Inspect an XLSX's zip directory and XML before any spreadsheet reader sees it.

Refuses: corrupt zips, encrypted entries, too many parts, odd paths, macros, declared sizes or
compression ratios that suggest a decompression bomb, and XML carrying DOCTYPE or ENTITY
declarations (billion laughs, external entities). Also finds cells holding formulas, since
readers give us only the cached value.
"""

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from posixpath import dirname, join, normpath

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from notinschool.intake import limits
from notinschool.intake.dimensions import check_dimensions
from notinschool.intake.errors import BOMB, DAMAGED, ENTITIES, PASSWORD, WRONG_TYPE, ZIP_NAMES, UnreadableFile
from notinschool.intake.errors import MACROS as MACROS_CODE
from notinschool.intake.kinds import RETURN, FileKind

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_WORKBOOK = "xl/workbook.xml"
_MACRO_NAMES = ("vbaproject", "macrosheets/", "activex/", "vbadata")
_DRIVE = re.compile(r"^[A-Za-z]:")

MACROS = (
    "This workbook contains macros. The service never takes macros: save it as an Excel "
    "Workbook (.xlsx), not macro-enabled, and upload it again."
)


@dataclass
class CheckedWorkbook:
    """What the checks learned: cells holding formulas, by sheet name."""

    formula_cells: dict[str, set[str]] = field(default_factory=dict)


def check_xlsx(data: bytes, kind: FileKind = RETURN) -> CheckedWorkbook:
    """Check a zipped workbook; raise UnreadableFile, or return what the reader must know."""
    return check_contents(data, check_directory(data, kind), kind)


def check_directory(data: bytes, kind: FileKind = RETURN) -> list[zipfile.ZipInfo]:
    """The zip's central directory checked (sizes, ratios, part count, names, macros, that it is
    a workbook); its entries, for check_contents. Nothing is unpacked. Raises UnreadableFile."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableFile(
            "This file is damaged: it is not a complete Excel workbook. Save it again from "
            "Excel or LibreOffice as .xlsx, or as CSV.",
            code=DAMAGED,
        ) from exc
    with archive:
        infos = archive.infolist()
    _check_directory(infos, kind)
    names = {info.filename for info in infos}
    if "mimetype" in names and "xl/workbook.xml" not in names:
        raise UnreadableFile(
            "This is an OpenDocument spreadsheet (.ods). Save it as an Excel Workbook "
            "(.xlsx) or as CSV, and upload it again.",
            code=WRONG_TYPE,
        )
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UnreadableFile(
            f"This zip file is not an Excel workbook. Upload {kind.noun} as {kind.formats_text}.", code=WRONG_TYPE
        )
    return infos


def check_contents(data: bytes, infos: list[zipfile.ZipInfo], kind: FileKind = RETURN) -> CheckedWorkbook:
    """Unpack each XML part (never beyond its declared size; CRC checked) and refuse DOCTYPE and
    ENTITY declarations and macro-enabled content types; find the cells holding formulas."""
    xml_parts = {info.filename: _read_part(data, info) for info in infos if _is_xml(info)}
    # A reader opens whatever the workbook's relationships point at, whatever its name: a sheet
    # stored as "sheet2.dat" or "image1.png" is checked like any other.
    by_name = {info.filename: info for info in infos}
    for target in _workbook_targets(xml_parts):
        if target not in xml_parts and target in by_name:
            xml_parts[target] = _read_part(data, by_name[target])
    for name, content in xml_parts.items():
        _check_xml(name, content)
    if b"macroenabled" in xml_parts["[Content_Types].xml"].lower():
        raise UnreadableFile(MACROS, code=MACROS_CODE)
    sheets = _sheet_paths_or_damaged(xml_parts)
    check_dimensions({name: xml_parts[path] for name, path in sheets.items() if path in xml_parts}, kind)
    return CheckedWorkbook(formula_cells=_formula_cells(xml_parts))


def _sheet_paths_or_damaged(parts: dict[str, bytes]) -> dict[str, str]:
    try:
        return _sheet_paths(parts)
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise UnreadableFile(_DAMAGED_PART, code=DAMAGED) from exc


def _check_directory(infos: list[zipfile.ZipInfo], kind: FileKind) -> None:
    if len(infos) > limits.MAX_ZIP_PARTS:
        raise UnreadableFile(
            f"This workbook has {len(infos)} parts inside it; a workbook from Excel has about 15. "
            "It may be damaged or built to harm the service, so it was not opened.",
            code=BOMB,
        )
    total = 0
    for info in infos:
        _check_path(info.filename)
        lowered = info.filename.lower()
        if any(marker in lowered for marker in _MACRO_NAMES):
            raise UnreadableFile(MACROS, code=MACROS_CODE)
        if info.flag_bits & 0x1:
            raise UnreadableFile(
                "This workbook is password-protected. Remove the password (File, Info, Protect "
                "Workbook in Excel) and upload it again.",
                code=PASSWORD,
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnreadableFile(
                "This workbook is compressed in a way Excel does not use. Save it again from "
                "Excel or LibreOffice as .xlsx.",
                code=DAMAGED,
            )
        total += info.file_size
        limit = kind.max_sheet_bytes if "worksheets/" in lowered else limits.MAX_PART_BYTES
        if info.file_size > limit or total > kind.max_unpacked_bytes:
            raise UnreadableFile(_too_big(info, kind), code=BOMB)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.RATIO_FLOOR_BYTES and ratio > limits.MAX_RATIO:
            raise UnreadableFile(
                f"Part of this workbook ({info.filename}) expands {ratio:.0f} times when opened, "
                "which is how decompression bombs work. It was not opened. If it is genuine, "
                "copy what you need into a fresh workbook.",
                code=BOMB,
            )


def _too_big(info: zipfile.ZipInfo, kind: FileKind) -> str:
    if "worksheets/" in info.filename.lower():
        return (
            f"A sheet in this workbook is far too big for {kind.noun} ({info.file_size:,} bytes "
            f"unpacked; at most {kind.max_sheet_bytes:,}, and {kind.typical}). "
            "Delete the extra rows, or copy what you need into a fresh template."
        )
    return (
        f"This workbook would unpack to more than {kind.max_unpacked_bytes // 2**20} MB, far more "
        f"than {kind.noun} should (a decompression bomb, or damaged). It was not opened."
    )


def _check_path(name: str) -> None:
    odd = (
        name.startswith(("/", "\\"))
        or "\\" in name
        or "\x00" in name
        or _DRIVE.match(name)
        or ".." in name.split("/")
        or len(name) > 255
        or any(ord(ch) < 32 for ch in name)
    )
    if odd:
        raise UnreadableFile(
            f"This workbook contains a part with an unusual name ({name[:60]!r}). Excel never "
            "writes such names, so the file was not opened. Save it again as .xlsx.",
            code=ZIP_NAMES,
        )


# Pictures and printer settings that Excel stores as binary parts; every other part is XML to a
# reader, whatever its name says, so every other part is checked.
_BINARY_FOLDERS = ("xl/media/", "xl/printersettings/", "xl/embeddings/", "docprops/thumbnail")
_BINARY_ENDINGS = (".png", ".jpeg", ".jpg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".bin")
_TARGET = re.compile(rb"""\bTarget\s*=\s*["']([^"']+)["']""")


def _is_xml(info: zipfile.ZipInfo) -> bool:
    name = info.filename.lower()
    if name.endswith("/"):
        return False  # a folder entry
    return not (name.startswith(_BINARY_FOLDERS) and name.endswith(_BINARY_ENDINGS))


def _workbook_targets(parts: dict[str, bytes]) -> list[str]:
    """The parts the workbook's relationships point at (sheets, shared strings, styles…), as
    paths in the package."""
    rels = parts.get("xl/_rels/workbook.xml.rels", b"")
    targets = []
    for raw in _TARGET.findall(rels):
        target = raw.decode("utf-8", errors="replace")
        absolute = target.startswith("/")
        targets.append(target.lstrip("/") if absolute else normpath(join(dirname(_WORKBOOK), target)))
    return targets


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, …, name length, extra length
_DAMAGED_PART = "This workbook is damaged and cannot be opened. Save it again as .xlsx."


def _read_part(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """Read one part, never more than its declared size (a lying header cannot make us
    unpack more), and check its CRC. The central directory has been checked; the part's local
    header must agree with it on the name, as zipfile insists."""
    start = info.header_offset
    try:
        signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, start)
    except struct.error as exc:
        raise UnreadableFile(_DAMAGED_PART, code=DAMAGED) from exc
    name_at = start + _LOCAL_HEADER.size
    if signature != b"PK\x03\x04" or data[name_at : name_at + name_length] != info.orig_filename.encode(
        "utf-8" if info.flag_bits & 0x800 else "cp437", errors="replace"
    ):
        raise UnreadableFile(_DAMAGED_PART, code=DAMAGED)
    data_at = name_at + name_length + extra_length
    raw = data[data_at : data_at + info.compress_size]
    if len(raw) != info.compress_size:
        raise UnreadableFile(_DAMAGED_PART, code=DAMAGED)
    if info.compress_type == zipfile.ZIP_STORED:
        content = raw[: info.file_size + 1]
    else:
        try:
            content = zlib.decompressobj(-15).decompress(raw, info.file_size + 1)
        except zlib.error as exc:
            raise UnreadableFile(_DAMAGED_PART, code=DAMAGED) from exc
    if len(content) != info.file_size:
        raise UnreadableFile(
            "This workbook is damaged: a part is not the size its directory says. Save it again as .xlsx.",
            code=BOMB,
        )
    if zlib.crc32(content) != info.CRC:
        raise UnreadableFile(_DAMAGED_PART, code=DAMAGED)
    return content


def _check_xml(name: str, content: bytes) -> None:
    probe = content
    if content[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in content[:8]:
        probe = content.decode("utf-16", errors="ignore").encode("utf-8")
    # Every declaration starts "<!": most parts have none at all, and memchr-speed find says so.
    if b"<!" in probe and _DECLARATION.search(probe):
        raise UnreadableFile(
            f"This workbook's XML ({name}) declares entities or a DOCTYPE. Excel never writes "
            "these; they are used to attack XML readers. The file was not opened.",
            code=ENTITIES,
        )


def _formula_cells(parts: dict[str, bytes]) -> dict[str, set[str]]:
    try:
        return _formula_cells_in(parts)
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise UnreadableFile(_DAMAGED_PART, code=DAMAGED) from exc


def _formula_cells_in(parts: dict[str, bytes]) -> dict[str, set[str]]:
    # Any part may be a sheet (the workbook's relationships say which): look in every one.
    with_formulas = {name: xml for name, xml in parts.items() if _has_formula_tag(xml)}
    if not with_formulas:
        return {}  # the usual case: no XML parsing needed at all
    paths = _sheet_paths(parts)
    found: dict[str, set[str]] = {}
    for sheet_name, path in paths.items():
        if path not in with_formulas:
            continue
        root = SafeET.fromstring(with_formulas[path], forbid_dtd=True)
        refs = {
            cell.get("r", "") for cell in root.iter(f"{{{_MAIN_NS}}}c") if cell.find(f"{{{_MAIN_NS}}}f") is not None
        }
        found[sheet_name] = refs
    return found


_AFTER_TAG_NAME = frozenset(b" \t\n\r\x0b\x0c>/")


def _has_formula_tag(xml: bytes) -> bool:
    """Whether _FORMULA_TAG matches, found at memchr speed: every match holds "<f" or ":f"
    followed by a space, ">" or "/". A template's only "<f" is usually "<formula1>" of a data
    validation, which this passes over without running the regular expression."""
    for marker in (b"<f", b":f"):
        at = xml.find(marker)
        while at != -1:
            if at + 2 < len(xml) and xml[at + 2] in _AFTER_TAG_NAME:
                return marker == b"<f" or _FORMULA_TAG.search(xml) is not None
            at = xml.find(marker, at + 2)
    return False


def _sheet_paths(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet name → worksheet part path, from workbook.xml and its relationships."""
    workbook = SafeET.fromstring(parts["xl/workbook.xml"], forbid_dtd=True)
    rels_xml = parts.get("xl/_rels/workbook.xml.rels")
    if rels_xml is None:
        return {}
    relationships = SafeET.fromstring(rels_xml, forbid_dtd=True)
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relationships.iter(f"{{{_PKG_REL_NS}}}Relationship")}
    paths = {}
    for sheet in workbook.iter(f"{{{_MAIN_NS}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL_NS}}}id"), "")
        # Targets are relative to xl/, or absolute within the package.
        absolute = target.startswith("/")
        path = target.lstrip("/") if absolute else normpath(join(dirname(_WORKBOOK), target))
        paths[sheet.get("name", "")] = path
    return paths
