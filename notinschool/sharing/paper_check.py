"""Is an uploaded paper a real PDF or DOCX of a sane size? Checked by content, never by name.

Pure: bytes in, a verdict out. PDF: starts with ``%PDF-``. DOCX: a zip holding
``[Content_Types].xml`` and ``word/document.xml``, with no macros (``vbaProject.bin``, or a
macro-enabled content type, which is what a renamed .docm holds), and whose parts do not
expand beyond a limit (zip bombs). Anything else is refused with a message saying what to do.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from notinschool.core.errors import ServiceError

MAX_BYTES = 20 * 1024 * 1024
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_PARTS = 2000
PDF, DOCX = "pdf", "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class PaperRefused(ServiceError, ValueError):
    """The file cannot be stored as a paper; the message tells the user why."""


@dataclass(frozen=True)
class CheckedPaper:
    """A file that passed: its type, size and SHA-256."""

    file_type: str
    size: int
    sha256: str


def _check_docx(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise PaperRefused("The file is damaged or is not a Word document. Save it again as .docx or PDF.") from exc
    names = {info.filename for info in infos}
    if len(infos) > MAX_PARTS:
        raise PaperRefused("The Word document has too many parts to be a normal document.")
    if not {"[Content_Types].xml", "word/document.xml"} <= names:
        raise PaperRefused("The file is a zip archive but not a Word document. Upload a PDF or a .docx file.")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise PaperRefused("The Word document contains macros. Save it as a plain .docx (not .docm) and upload that.")
    expanded = sum(info.file_size for info in infos)
    compressed = max(1, sum(info.compress_size for info in infos))
    if expanded > MAX_EXPANDED_BYTES or expanded / compressed > MAX_RATIO:
        raise PaperRefused("The Word document expands to far more than its size, so it cannot be stored safely.")
    content_types = archive.read("[Content_Types].xml")
    if b"macroEnabled" in content_types or b"vbaProject" in content_types:
        raise PaperRefused("The Word document contains macros. Save it as a plain .docx (not .docm) and upload that.")


def check_paper(data: bytes) -> CheckedPaper:
    """Accept a PDF or DOCX by its content; raise PaperRefused with a plain reason otherwise."""
    if not data:
        raise PaperRefused("The selected file is empty. Choose the paper again.")
    if len(data) > MAX_BYTES:
        raise PaperRefused(f"The selected file must be smaller than {MAX_BYTES // (1024 * 1024)} MB.")
    if data.startswith(b"%PDF-"):
        file_type = PDF
    elif data.startswith(b"PK\x03\x04"):
        _check_docx(data)
        file_type = DOCX
    else:
        raise PaperRefused("The selected file must be a PDF or a Word document (.docx).")
    return CheckedPaper(file_type, len(data), hashlib.sha256(data).hexdigest())
