"""Run the workbook reader in a child process with memory and time limits.

Each workbook is parsed by its own fresh process. Normally that process was forked ahead of time
by a zygote (see xlsx_worker.py): a small interpreter this service process starts on first use,
which has imported python-calamine and nothing of ours and never sees a file. The child reads
while the caller checks the zip's contents, so the two take the time of the longer. When no zygote can be had
(it will not start, or died and will not restart) each workbook gets a new interpreter instead,
as before. Both give the same results and the same messages. See ADR 0105.
"""

import abc
import atexit
import contextlib
import importlib.util
import json
import math
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from notinschool.intake import limits, xlsx_worker
from notinschool.intake.errors import DAMAGED, PASSWORD, STOPPED, TOO_MANY_ROWS, UnreadableFile
from notinschool.intake.kinds import RETURN, FileKind

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
        "This workbook needs far more memory to read than a file of this kind should, so reading "
        "was stopped. Copy what you need into a fresh workbook or template."
    ),
}
_TOO_LONG = (
    "Reading this workbook took too long or needed too much memory, so it was stopped. Copy what "
    "you need into a fresh workbook or template and upload that."
)


def read_sheets(data: bytes, *, isolate: bool = True, kind: FileKind = RETURN) -> list[dict]:
    """The workbook's sheets as {"name", "rows"}; in a limited child process unless told not to."""
    return start_reading(data, isolate=isolate, kind=kind).sheets()


def start_reading(data: bytes, *, isolate: bool = True, kind: FileKind = RETURN) -> "Reading":
    """Start reading `data` under `kind`'s limits; the answer comes from the Reading's `sheets()`.
    A child process reads while the caller goes on: `cancel()` stops it."""
    if not isolate:
        return _InProcessReading(data, kind)
    try:
        return _ZYGOTES.start(data, kind)
    except ZygoteUnavailable:
        return _NewInterpreterReading(data, kind)


class Reading(abc.ABC):
    """A workbook being read."""

    @abc.abstractmethod
    def sheets(self) -> list[dict]:
        """The sheets, or UnreadableFile. Call once."""

    def cancel(self) -> None:  # noqa: B027 (a reading in this process has nothing to stop)
        """Stop reading: the answer is no longer wanted."""


class _InProcessReading(Reading):
    def __init__(self, data: bytes, kind: FileKind) -> None:
        self.data, self.kind = data, kind

    def sheets(self) -> list[dict]:
        try:
            return xlsx_worker.read_sheets(self.data, self.kind.max_rows)
        except xlsx_worker.WorkerRefusal as refusal:
            raise _refusal(refusal.reason, refusal.detail, self.kind) from refusal


class _NewInterpreterReading(Reading):
    """The fallback reads only when asked, after the caller's checks."""

    def __init__(self, data: bytes, kind: FileKind) -> None:
        self.data, self.kind = data, kind

    def sheets(self) -> list[dict]:
        return _sheets_from(_run_in_new_interpreter(self.data, self.kind), self.kind)


class _ChildReading(Reading):
    """A forked child holding the workbook; the answer is read when asked for."""

    def __init__(self, channel: socket.socket, pidfd: int, deadline: float, sent: bool, on_done, kind) -> None:
        self.channel, self.pidfd, self.deadline, self.sent = channel, pidfd, deadline, sent
        self.on_done, self.kind = on_done, kind

    def sheets(self) -> list[dict]:
        try:
            if not self.sent:
                raise UnreadableFile(_TOO_LONG, code=STOPPED)  # the child died before it had the workbook
            return _sheets_from(_answer(self.channel, self.deadline, self.kind), self.kind)
        finally:
            self.cancel()

    def cancel(self) -> None:
        if self.pidfd < 0:
            return
        # Whatever happened, this child's work is over: make sure it is gone. The pidfd names
        # exactly this process, so this can never signal anyone else.
        _kill(self.pidfd)
        os.close(self.pidfd)
        self.pidfd = -1
        self.channel.close()
        self.on_done()


def _run_in_new_interpreter(data: bytes, kind: FileKind) -> bytes:
    """The fallback: a whole new interpreter for this one workbook (≈30 ms)."""
    command = [
        sys.executable,
        "-I",  # ignore PYTHON* variables, the current folder and the user's site-packages
        "-S",
        str(WORKER),
        str(kind.child_memory_bytes),
        str(limits.CHILD_CPU_SECONDS),
        str(kind.max_rows),
        READER_HOME,
    ]
    try:
        finished = subprocess.run(
            command, input=data, capture_output=True, timeout=limits.CHILD_WALL_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise UnreadableFile(_TOO_LONG, code=STOPPED) from exc
    if finished.returncode != 0:
        raise UnreadableFile(_TOO_LONG, code=STOPPED)  # killed by a limit, or the reader crashed outright
    return finished.stdout


def _sheets_from(output: bytes, kind: FileKind) -> list[dict]:
    try:
        result = json.loads(output)
    except ValueError as exc:
        raise UnreadableFile(_MESSAGES[xlsx_worker.DAMAGED], code=DAMAGED) from exc
    if not result.get("ok"):
        raise _refusal(result.get("reason", ""), result.get("detail", ""), kind)
    return result["sheets"]


def _refusal(reason: str, detail: str, kind: FileKind) -> UnreadableFile:
    if reason == xlsx_worker.TOO_MANY_ROWS:
        sheet, _, rows = detail.rpartition(":")
        return UnreadableFile(
            f"The sheet '{sheet}' has {int(rows):,} rows; {kind.noun} can have at most "
            f"{kind.max_rows:,} ({kind.typical}). Delete the extra rows, or copy what you need "
            "into a fresh template.",
            code=TOO_MANY_ROWS,
            sheet=sheet,
        )
    code = {xlsx_worker.PASSWORD: PASSWORD, xlsx_worker.MEMORY: STOPPED}.get(reason, DAMAGED)
    return UnreadableFile(_MESSAGES.get(reason, _MESSAGES[xlsx_worker.DAMAGED]), code=code)


def _kill(pidfd: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # already exited and reaped
        signal.pidfd_send_signal(pidfd, signal.SIGKILL)


def _has_exited(pidfd: int) -> bool:
    """A pidfd becomes readable when its process has exited."""
    return bool(select.select([pidfd], [], [], 0)[0])


class ZygoteUnavailable(Exception):
    """No zygote could fork a child for this workbook; the caller falls back to a new interpreter."""


class Zygote:
    """One zygote process and the control socket to it. Thread-safe: the request for a child
    (a round trip on the control socket) is serialised; sending the workbook, parsing and reading
    the answer happen in parallel, one socket per child."""

    CONTROL_SECONDS = 5.0  # a healthy zygote answers a fork request in about a millisecond

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-S", str(WORKER), "--zygote", str(theirs.fileno()), READER_HOME],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()
        ours.settimeout(self.CONTROL_SECONDS)
        self.control = ours
        self.lock = threading.Lock()
        self.broken = False

    def fork_child(self) -> tuple[socket.socket, int]:
        """A fresh child, forked ahead and waiting for its limits and workbook: (our end of its
        socket, its pidfd)."""
        with self.lock:
            if self.broken:
                raise ZygoteUnavailable("zygote stopped")
            try:
                self.control.sendall(xlsx_worker.REQUEST)
                reply, fds, _flags, _address = socket.recv_fds(self.control, 1, 2)
            except OSError as exc:  # includes a timeout
                self.broken = True
                raise ZygoteUnavailable("zygote did not answer") from exc
            if not reply:
                self.broken = True
                raise ZygoteUnavailable("zygote has exited")
        if reply != b"P" or len(fds) != 2:
            for fd in fds:
                os.close(fd)
            raise ZygoteUnavailable("zygote could not fork")
        return socket.socket(fileno=fds[0]), fds[1]

    def start(self, data: bytes, kind: FileKind = RETURN) -> _ChildReading:
        """Hand `data` to a fresh child with `kind`'s limits; the child reads while we go on.
        Raises ZygoteUnavailable when no child could be had."""
        channel, pidfd = self._living_child()
        alarm = math.ceil(limits.CHILD_WALL_SECONDS) + 1  # the child's own backstop
        numbers = (
            kind.child_memory_bytes,
            limits.CHILD_CPU_SECONDS,
            alarm,
            kind.max_rows,
            kind.max_bytes,
            len(data),
        )
        header = (" ".join(str(n) for n in numbers) + "\n").encode()
        try:
            try:
                channel.settimeout(limits.CHILD_WALL_SECONDS)
                channel.sendall(header + data)
                channel.shutdown(socket.SHUT_WR)
                sent = True
            except OSError:  # the child died (killed, say) or stopped reading before the end
                sent = False
            # The child's clock starts with its header; so does ours.
            deadline = time.monotonic() + limits.CHILD_WALL_SECONDS
            return _ChildReading(channel, pidfd, deadline, sent, on_done=self.warm_next, kind=kind)
        except BaseException:
            _kill(pidfd)
            os.close(pidfd)
            channel.close()
            raise

    def _living_child(self) -> tuple[socket.socket, int]:
        """A child from the zygote that is still alive: one that waited long enough to be killed
        (by the kernel's out-of-memory killer, or by hand) is replaced, once."""
        channel, pidfd = self.fork_child()
        if _has_exited(pidfd):
            os.close(pidfd)
            channel.close()
            channel, pidfd = self.fork_child()
        return channel, pidfd

    def warm_next(self) -> None:
        """Ask for the next child to be forked and warmed up now, while no reading needs the CPU.
        Never waits: when another thread is asking for a child, that request forks one anyway."""
        if not self.lock.acquire(blocking=False):
            return
        try:
            if not self.broken:
                self.control.sendall(xlsx_worker.WARM)
        except OSError:
            self.broken = True
        finally:
            self.lock.release()

    def stop(self, *, kill: bool = False) -> None:
        """Close the control socket (a healthy zygote then exits) and reap the zygote. Children
        already forked finish, or are killed, on their own."""
        self.broken = True
        self.control.close()
        if kill:
            self.process.kill()
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _answer(channel: socket.socket, deadline: float, kind: FileKind) -> bytes:
    """Read the child's answer until it closes its end."""
    chunks, received = [], 0
    try:
        while True:
            remaining = deadline - time.monotonic()
            # Past the deadline, take only what is already waiting: a child that finished in time
            # is not blamed for this process being slow to read its answer.
            channel.settimeout(max(remaining, 0.0))
            chunk = channel.recv(1 << 20)
            if not chunk:
                break
            received += len(chunk)
            if received > kind.child_output_bytes:
                raise UnreadableFile(_TOO_LONG, code=STOPPED)
            chunks.append(chunk)
    except OSError as exc:  # the deadline passed (TimeoutError), or the child died mid-way
        raise UnreadableFile(_TOO_LONG, code=STOPPED) from exc
    output = b"".join(chunks)
    # A child killed by a limit says nothing, or stops mid-answer; a complete answer is one
    # JSON object, so it ends with "}".
    if not output.endswith(b"}"):
        raise UnreadableFile(_TOO_LONG, code=STOPPED)
    return output


class _Zygotes:
    """This process's zygote, started on first use. Under gunicorn each worker process gets its
    own (a zygote inherited across fork is never used). A zygote that dies is replaced once per
    request; if that fails too, requests fall back to a new interpreter per workbook for
    RETRY_SECONDS before a new zygote is tried."""

    RETRY_SECONDS = 60.0

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.zygote: Zygote | None = None
        self.owner = os.getpid()
        self.failed_at: float | None = None
        self.inherited: list[Zygote] = []

    def current(self, *, replace: Zygote | None = None) -> Zygote:
        with self.lock:
            if replace is not None and self.zygote is replace:
                self.zygote = None
                replace.stop(kill=True)
            if self.zygote is None:
                if self.failed_at is not None and time.monotonic() - self.failed_at < self.RETRY_SECONDS:
                    raise ZygoteUnavailable("zygote failed recently")
                try:
                    self.zygote = Zygote()
                except OSError as exc:
                    self.failed_at = time.monotonic()
                    raise ZygoteUnavailable("zygote will not start") from exc
            return self.zygote

    def start(self, data: bytes, kind: FileKind = RETURN) -> _ChildReading:
        zygote = self.current()
        try:
            return zygote.start(data, kind)
        except ZygoteUnavailable:
            pass
        try:
            return self.current(replace=zygote).start(data, kind)
        except ZygoteUnavailable:
            with self.lock:
                self.failed_at = time.monotonic()
            raise

    def forget_inherited(self) -> None:
        """In a process forked from the one that started the zygote (say a gunicorn worker
        forked after the app was preloaded): leave that zygote to its owner."""
        self.lock = threading.Lock()  # another thread may have held it at the fork
        if self.zygote is not None:
            self.zygote.control.close()  # our copy only; the owner's stays open
            self.inherited.append(self.zygote)  # not ours to reap, so never garbage-collected
        self.zygote, self.owner, self.failed_at = None, os.getpid(), None

    def stop(self) -> None:
        with self.lock:
            zygote, self.zygote = self.zygote, None
        if zygote is not None and self.owner == os.getpid():
            zygote.stop()


_ZYGOTES = _Zygotes()
atexit.register(_ZYGOTES.stop)
os.register_at_fork(after_in_child=_ZYGOTES.forget_inherited)


def stop_zygote() -> None:
    """Stop this process's zygote (a new one starts on the next workbook)."""
    _ZYGOTES.stop()
