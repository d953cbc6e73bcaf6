"""Read a workbook's cells with python-calamine, inside a child process with hard limits.

Run as a script (`python -I -S xlsx_worker.py MEMORY CPU MAX_ROWS [READER_HOME]`), it takes the workbook on
stdin, caps its own memory (RLIMIT_AS) and CPU time (RLIMIT_CPU) before importing the reader, and
writes JSON to stdout. It imports nothing from this project, so the child starts quickly and a
flaw in the reader cannot reach the service's memory. Imported as a module, `read_sheets` does the
same work in-process (used by the benchmark to separate parsing from isolation).

Formulas are never evaluated: calamine returns the value Excel last saved.
"""

import datetime
import io
import json
import sys

TOO_MANY_ROWS = "too_many_rows"
PASSWORD = "password"  # noqa: S105 (a refusal reason, not a secret)
DAMAGED = "damaged"
MEMORY = "memory"
_JSON_TYPES = {str, int, float, bool, type(None)}


class WorkerRefusal(Exception):
    """The workbook could be opened but is not acceptable; `reason` is one of the codes above."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


def read_sheets(data: bytes, max_rows: int, *, plain: bool = True) -> list[dict]:
    """Every sheet's name and cell rows (from A1, blanks as ""), refusing overlong sheets.
    `plain` makes dates JSON-safe for the trip back to the parent; in-process callers skip it."""
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise WorkerRefusal(PASSWORD) from exc
    except (python_calamine.CalamineError, ValueError, OSError) as exc:
        raise WorkerRefusal(DAMAGED, str(exc)[:200]) from exc
    sheets = []
    try:
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            end_row = sheet.end[0] + 1 if sheet.end else 0
            if end_row > max_rows:
                raise WorkerRefusal(TOO_MANY_ROWS, f"{name}:{end_row}")
            rows = sheet.to_python(skip_empty_area=False)
            if plain:
                rows = [[_plain(v) for v in row] for row in rows]
            sheets.append({"name": name, "rows": rows})
    except python_calamine.CalamineError as exc:
        raise WorkerRefusal(DAMAGED, str(exc)[:200]) from exc
    finally:
        workbook.close()
    return sheets


def _plain(value):
    """JSON-safe cell values: numbers, text and booleans as they are; dates and times become a
    one-item list holding their text, so the parent can tell them from text."""
    if type(value) in _JSON_TYPES:
        return value
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return [str(value)]
    return [repr(value)]


def _limit_self(memory_bytes: int, cpu_seconds: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def main() -> int:
    memory_bytes, cpu_seconds, max_rows = (int(arg) for arg in sys.argv[1:4])
    if len(sys.argv) > 4:
        sys.path.append(sys.argv[4])  # where python-calamine lives (we run without site)
    _limit_self(memory_bytes, cpu_seconds)
    data = sys.stdin.buffer.read()
    try:
        result = {"ok": True, "sheets": read_sheets(data, max_rows)}
    except WorkerRefusal as refusal:
        result = {"ok": False, "reason": refusal.reason, "detail": refusal.detail}
    except MemoryError:
        result = {"ok": False, "reason": MEMORY, "detail": ""}
    sys.stdout.write(json.dumps(result, allow_nan=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
