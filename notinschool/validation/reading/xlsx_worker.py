"""Read a workbook's cells with python-calamine, inside a child process with hard limits.

Two ways to run, both as a standalone script importing nothing from this project (so a flaw in
the reader cannot reach the service's memory):

- `python -I -S xlsx_worker.py MEMORY CPU MAX_ROWS [READER_HOME]`: one interpreter for one
  workbook. It takes the workbook on stdin, caps its own memory (RLIMIT_AS) and CPU time
  (RLIMIT_CPU) before importing the reader, and writes JSON to stdout. The fallback path.
- `python -I -S xlsx_worker.py --zygote CONTROL_FD [READER_HOME]`: a zygote. It imports the
  reader once and then, for each request on its control socket, forks one fresh child. The
  zygote never receives a file: the child gets the workbook directly from the service over its
  own socket, limits itself, parses, writes JSON and exits. The zygote sends back a pidfd for
  the child so the service can kill it without any risk of hitting a reused process id, and it
  ignores SIGCHLD so the kernel reaps children at once (no zombies).

Imported as a module, `read_sheets` does the same work in-process (used by the benchmark to
separate parsing from isolation).

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


def _result(data: bytes, max_rows: int) -> dict:
    try:
        return {"ok": True, "sheets": read_sheets(data, max_rows)}
    except WorkerRefusal as refusal:
        return {"ok": False, "reason": refusal.reason, "detail": refusal.detail}
    except MemoryError:
        return {"ok": False, "reason": MEMORY, "detail": ""}


def main() -> int:
    if sys.argv[1:2] == ["--zygote"]:
        if len(sys.argv) > 3:
            sys.path.append(sys.argv[3])
        return serve(int(sys.argv[2]))
    memory_bytes, cpu_seconds, max_rows = (int(arg) for arg in sys.argv[1:4])
    if len(sys.argv) > 4:
        sys.path.append(sys.argv[4])  # where python-calamine lives (we run without site)
    _limit_self(memory_bytes, cpu_seconds)
    data = sys.stdin.buffer.read()
    sys.stdout.write(json.dumps(_result(data, max_rows), allow_nan=True))
    return 0


# The zygote. A request on the control socket is b"F MEMORY CPU WALL MAX_ROWS MAX_BYTES" with one
# file descriptor attached (the child's end of a fresh socket pair); the reply is b"P" with the
# child's pidfd attached, or b"E" when no child could be started.
REQUEST_BYTES = 128


def serve(control_fd: int) -> int:
    """Fork one child per request until the service closes the control socket."""
    import os
    import signal
    import socket

    import python_calamine  # noqa: F401 (loaded once here, shared by every child)

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps children: no zombies
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal is the service's business
    control = socket.socket(fileno=control_fd)
    while True:
        try:
            request, fds, _flags, _address = socket.recv_fds(control, REQUEST_BYTES, 1)
        except OSError:
            return 0
        if not request:
            return 0  # the service has gone: so do we
        if not fds:
            control.sendall(b"E")
            continue
        channel_fd = fds[0]
        try:
            memory_bytes, cpu_seconds, wall_seconds, max_rows, max_bytes = (int(v) for v in request.split()[1:6])
            pid = os.fork()
        except (ValueError, OSError):
            os.close(channel_fd)
            control.sendall(b"E")
            continue
        if pid == 0:
            status = 1
            try:
                control.close()  # the child cannot reach the zygote
                _child(channel_fd, memory_bytes, cpu_seconds, wall_seconds, max_rows, max_bytes)
                status = 0
            finally:
                os._exit(status)
        os.close(channel_fd)
        try:
            # The child cannot exit before the service has sent it the workbook, which it does
            # only after this reply, so the pid still names our child here.
            pidfd = os.pidfd_open(pid)
        except OSError:
            os.kill(pid, signal.SIGKILL)
            control.sendall(b"E")
            continue
        try:
            socket.send_fds(control, [b"P"], [pidfd])
        finally:
            os.close(pidfd)


def _child(channel_fd: int, memory_bytes: int, cpu_seconds: int, wall_seconds: int, max_rows: int, max_bytes: int):
    """In a freshly forked child: limit ourselves, read the workbook, answer in JSON, return."""
    import signal
    import socket

    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    _limit_self(memory_bytes, cpu_seconds)
    signal.alarm(wall_seconds)  # SIGALRM's default action ends the process, wherever it is
    channel = socket.socket(fileno=channel_fd)
    chunks, received = [], 0
    while received <= max_bytes:
        chunk = channel.recv(1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
        received += len(chunk)
    if received > max_bytes:
        return  # not a file the service would send: answer nothing
    channel.sendall(json.dumps(_result(b"".join(chunks), max_rows), allow_nan=True).encode())
    channel.close()


if __name__ == "__main__":
    sys.exit(main())
