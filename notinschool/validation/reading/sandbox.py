"""Run the workbook reader in a child process with memory and time limits."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from notinschool.validation.reading import limits, xlsx_worker
from notinschool.validation.reading.errors import UnreadableFile

WORKER = Path(xlsx_worker.__file__).resolve()
# The child starts with -S (no site module: saves ~20 ms a file), so tell it where the reader
# is installed.
READER_HOME = str(Path(importlib.util.find_spec("python_calamine").origin).parent.parent)

_MESSAGES = {
    xlsx_worker.PASSWORD: ("This workbook is password-protected. Remove the password and upload it again."),
    xlsx_worker.DAMAGED: (
        "This workbook is damaged and cannot be read. Open it in Excel or LibreOffice, save it "
        "again as .xlsx, and upload it again."
    ),
    xlsx_worker.MEMORY: (
        "This workbook needs far more memory to read than any return, so reading was stopped. "
        "Copy the figures into a fresh template."
    ),
}
_TOO_LONG = (
    "Reading this workbook took too long or needed too much memory, so it was stopped. A return "
    "is small: copy the figures into a fresh template and upload that."
)


def read_sheets(data: bytes, *, isolate: bool = True) -> list[dict]:
    """The workbook's sheets as {"name", "rows"}; in a limited child process unless told not to."""
    if not isolate:
        try:
            return xlsx_worker.read_sheets(data, limits.MAX_ROWS, plain=False)
        except xlsx_worker.WorkerRefusal as refusal:
            raise UnreadableFile(_refusal_message(refusal.reason, refusal.detail)) from refusal
    command = [
        sys.executable,
        "-I",  # ignore PYTHON* variables, the current folder and the user's site-packages
        "-S",
        str(WORKER),
        str(limits.CHILD_MEMORY_BYTES),
        str(limits.CHILD_CPU_SECONDS),
        str(limits.MAX_ROWS),
        READER_HOME,
    ]
    try:
        finished = subprocess.run(
            command, input=data, capture_output=True, timeout=limits.CHILD_WALL_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise UnreadableFile(_TOO_LONG) from exc
    if finished.returncode != 0:
        raise UnreadableFile(_TOO_LONG)  # killed by a limit, or the reader crashed outright
    try:
        result = json.loads(finished.stdout)
    except ValueError as exc:
        raise UnreadableFile(_MESSAGES[xlsx_worker.DAMAGED]) from exc
    if not result.get("ok"):
        raise UnreadableFile(_refusal_message(result.get("reason", ""), result.get("detail", "")))
    return result["sheets"]


def _refusal_message(reason: str, detail: str) -> str:
    if reason == xlsx_worker.TOO_MANY_ROWS:
        sheet, _, rows = detail.rpartition(":")
        return (
            f"The sheet '{sheet}' has {int(rows):,} rows; a return has about 150. Delete the "
            "extra rows, or copy the figures into a fresh template."
        )
    return _MESSAGES.get(reason, _MESSAGES[xlsx_worker.DAMAGED])
