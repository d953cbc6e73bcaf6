"""Read a workbook's cells with python-calamine, inside a child process with hard limits.

Two ways to run, both as a standalone script importing nothing from this project (so a flaw in
the reader cannot reach the service's memory):

- `python -I -S xlsx_worker.py MEMORY CPU MAX_ROWS [READER_HOME]`: one interpreter for one
  workbook. It takes the workbook on stdin, caps its own memory (RLIMIT_AS) and CPU time
  (RLIMIT_CPU) before importing the reader, and writes JSON to stdout. The fallback path.
- `python -I -S xlsx_worker.py --zygote CONTROL_FD [READER_HOME]`: a zygote. It imports the
  reader once and keeps one fresh child forked ahead, waiting; each request on its control
  socket hands that child to the service and forks the next. The zygote never receives a file:
  the child gets its limits and the workbook directly from the service over its own socket,
  limits itself, parses, writes JSON and exits. The zygote hands over a pidfd for the child so
  the service can kill it without any risk of hitting a reused process id, and it ignores
  SIGCHLD so the kernel reaps children at once (no zombies).

Imported as a module, `read_sheets` does the same work in-process (used by the benchmark to
separate parsing from isolation).

Formulas are never evaluated: calamine returns the value Excel last saved.
"""

import contextlib
import datetime
import io
import json
import sys

TOO_MANY_ROWS = "too_many_rows"
PASSWORD = "password"  # noqa: S105 (a refusal reason, not a secret)
DAMAGED = "damaged"
MEMORY = "memory"


class WorkerRefusal(Exception):
    """The workbook could be opened but is not acceptable; `reason` is one of the codes above."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


def read_sheets(data: bytes, max_rows: int) -> list[dict]:
    """Every sheet's name and cell rows (from A1, blanks as ""), refusing overlong sheets."""
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
            sheets.append({"name": name, "rows": sheet.to_python(skip_empty_area=False)})
    except python_calamine.CalamineError as exc:
        raise WorkerRefusal(DAMAGED, str(exc)[:200]) from exc
    finally:
        workbook.close()
    return sheets


def _plain(value):
    """JSON for the cell values JSON has no type for: dates and times become a one-item list
    holding their text, so the parent can tell them from text. (Numbers, text and booleans
    are written by the encoder itself, without calling this.)"""
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return [str(value)]
    return [repr(value)]


def answer(data: bytes, max_rows: int) -> bytes:
    """The JSON a child sends back for a workbook."""
    return json.dumps(_result(data, max_rows), allow_nan=True, default=_plain).encode()


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
    sys.stdout.buffer.write(answer(data, max_rows))
    return 0


# The zygote. It keeps one child forked ahead and warmed up, waiting, so that no workbook waits
# for a fork. Its control socket carries one-byte messages (any file descriptors sent with them
# are closed):
# - b"F" asks for a child. The reply is b"P" with two file descriptors attached, the service's
#   end of the child's socket and the child's pidfd, or b"E" when no child could be started.
#   When no child is waiting, one is forked there and then (and not warmed up).
# - b"W" asks for the next child to be forked and warmed up now. The service sends it when a
#   reading has finished, so that the warm-up never competes with a reading for the CPU.
# The service sends the child one header line, b"MEMORY CPU WALL MAX_ROWS MAX_BYTES LENGTH\n",
# then LENGTH bytes of workbook.
REQUEST = b"F"
WARM = b"W"
HEADER_BYTES = 128


def _warm_up_workbook() -> bytes:
    """A small workbook shaped like a return: six sheets of codes, text and counts."""
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    document = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheets = range(1, 7)
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>{n % 20}</v></c><c r="B{n}" t="s"><v>{n % 7}</v></c>'
        f'<c r="C{n}" t="inlineStr"><is><t>Children counted on the census date</t></is></c>'
        f'<c r="D{n}"><v>{n * 3}</v></c></row>'
        for n in range(1, 81)
    )
    strings = "".join(f"<si><t>code_{n}</t></si>" for n in range(20))
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
        f'Type="{document}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{document}"><sheets>'
        + "".join(f'<sheet name="Sheet {n}" sheetId="{n}" r:id="rId{n}"/>' for n in sheets)
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}">'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{document}/worksheet" Target="worksheets/sheet{n}.xml"/>' for n in sheets
        )
        + f'<Relationship Id="rId99" Type="{document}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{strings}</sst>',
        **{
            f"xl/worksheets/sheet{n}.xml": f'<worksheet xmlns="{main}"><sheetData>{rows}</sheetData></worksheet>'
            for n in sheets
        },
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


_WARM_UP = b""


def serve(control_fd: int) -> int:
    """Hand out one child per request until the service closes the control socket."""
    import gc
    import os
    import resource  # noqa: F401 (each child limits itself: importing it there would cost ~0.5 ms)
    import select  # noqa: F401 (for _has_exited)
    import signal
    import socket

    import python_calamine  # noqa: F401 (loaded once here, shared by every child)

    global _WARM_UP
    _WARM_UP = _warm_up_workbook()
    answer(_WARM_UP, 1000)  # so that every table the reader and the encoder build lazily is built
    # Children share the zygote's memory until they write to it; the collector would write to
    # every object it visits, so the zygote's objects are set aside from it before any fork.
    gc.freeze()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps children: no zombies
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal is the service's business
    control = socket.socket(fileno=control_fd)
    waiting = _fork_waiting_child(control, warm=True)
    while True:
        try:
            messages, fds, _flags, _address = socket.recv_fds(control, 64, 1)
        except OSError:
            messages, fds = b"", []
        for fd in fds:
            os.close(fd)
        if not messages:
            if waiting is not None:  # its socket closes with us, so it would leave anyway
                _kill(waiting[1])
            return 0  # the service has gone: so do we
        for message in messages:  # several may arrive together
            if waiting is not None and _has_exited(waiting[1]):
                waiting[0].close()  # killed while it waited (out of memory, or by hand)
                os.close(waiting[1])
                waiting = None
            if waiting is None:
                waiting = _fork_waiting_child(control, warm=message == WARM[0])
            if message != REQUEST[0]:
                continue
            if waiting is None:
                control.sendall(b"E")
                continue
            channel, pidfd = waiting
            waiting = None
            try:
                socket.send_fds(control, [b"P"], [channel.fileno(), pidfd])
            finally:
                channel.close()
                os.close(pidfd)


def _fork_waiting_child(control, *, warm: bool):
    """Fork a child that waits for its header and workbook; (our end of its socket, its pidfd),
    or None when the fork fails. The pidfd is opened before the child has been sent anything, so
    it names this child even if it dies before it is used."""
    import os
    import signal
    import socket

    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        pid = os.fork()
    except OSError:
        ours.close()
        theirs.close()
        return None
    if pid == 0:
        status = 1
        try:
            control.close()  # the child cannot reach the zygote
            ours.close()  # so that the end of the service's socket is seen
            _child(theirs, warm=warm)
            status = 0
        finally:
            os._exit(status)
    theirs.close()
    try:
        pidfd = os.pidfd_open(pid)
    except OSError:
        with contextlib.suppress(ProcessLookupError):  # it has already gone
            os.kill(pid, signal.SIGKILL)
        ours.close()
        return None
    if not _is_our_child(pid):
        # The child died before its pidfd was opened, was reaped at once (SIGCHLD is ignored)
        # and its number was taken by another process: that pidfd must never be used.
        os.close(pidfd)
        ours.close()
        return None
    return ours, pidfd


def _is_our_child(pid: int) -> bool:
    import os

    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return int(stat.read().rpartition(b")")[2].split()[1]) == os.getpid()
    except (OSError, ValueError, IndexError):
        return False


def _kill(pidfd: int) -> None:
    import signal

    with contextlib.suppress(ProcessLookupError):  # already exited and reaped
        signal.pidfd_send_signal(pidfd, signal.SIGKILL)


def _has_exited(pidfd: int) -> bool:
    """A pidfd becomes readable when its process has exited."""
    import select

    return bool(select.select([pidfd], [], [], 0)[0])


def _child(channel, *, warm: bool) -> None:
    """In a child forked ahead of time: wait for the header, limit ourselves, read the workbook,
    answer in JSON, return."""
    import gc
    import signal

    gc.disable()  # a child lives for one small workbook; RLIMIT_AS bounds what it can hold
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    if warm:
        # While nobody waits for us: read a workbook of our own making, so that the memory a
        # read writes to is copied from the zygote's now rather than while a user waits (about
        # half of a fresh child's reading time).
        answer(_WARM_UP, 1000)
    header = b""
    while b"\n" not in header and len(header) <= HEADER_BYTES:
        chunk = channel.recv(HEADER_BYTES)
        if not chunk:
            return  # the zygote or the service has gone before any work came
        header += chunk
    line, _, first = header.partition(b"\n")
    memory_bytes, cpu_seconds, wall_seconds, max_rows, max_bytes, length = (int(v) for v in line.split()[:6])
    if length > max_bytes:
        return  # not a file the service would send: answer nothing
    _limit_self(memory_bytes, cpu_seconds)
    signal.alarm(wall_seconds)  # SIGALRM's default action ends the process, wherever it is
    workbook = bytearray(length)
    view = memoryview(workbook)
    received = min(len(first), length)
    view[:received] = first[:received]
    while received < length:
        count = channel.recv_into(view[received:])
        if not count:
            return  # the service stopped sending: it no longer wants the answer
        received += count
    channel.sendall(answer(bytes(workbook), max_rows))
    channel.close()


if __name__ == "__main__":
    sys.exit(main())
