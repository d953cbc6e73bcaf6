"""The isolated path uploads use: one fresh child per workbook, forked from a zygote.

These tests check the guarantees of ADR 0105 rather than speed (speed is measured by
bench/validation_bench.py, never here).
"""

import contextlib
import dataclasses
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from notinschool.intake import limits, sandbox
from notinschool.intake.kinds import RETURN
from notinschool.validation.reading import UnreadableFile, read_return
from notinschool.validation.tests.builders import (
    edit_cell,
    figures,
    good_xlsx,
    parts_of,
    sheet_xml,
    with_part,
    zip_parts,
)
from notinschool.validation.tests.test_reading_xlsx import BILLION_LAUGHS
from notinschool.validation.values import FORMULA

TOO_LONG = "took too long or needed too much memory"
_SHEET = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def refused(data: bytes, name: str = "return.xlsx") -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_return(data, name)
    return caught.value.message


def refused_by_child(data: bytes, kind=RETURN) -> str:
    """Straight to the child, past the zip checks, to exercise the child's own limits."""
    with pytest.raises(UnreadableFile) as caught:
        sandbox.read_sheets(data, kind=kind)
    return caught.value.message


def zygote_pid() -> int:
    return sandbox._ZYGOTES.current().process.pid


def children_of(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(p) for p in text.split()]


def zombies_of(*parents: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rpartition(")")[2].split()[:2]
        if state == "Z" and int(ppid) in parents:
            found.append(int(entry.name))
    return found


def settled(pid: int, seconds: float = 5.0) -> bool:
    """True once the zygote has no children left but the one it keeps waiting for the next
    workbook (each child exits when its work is done). A waiting child has not been given its
    limits yet; a child that has had a workbook has them, so a leftover one is never mistaken
    for the waiting one."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        children = children_of(pid)
        if not children or (len(children) == 1 and not has_limits(children[0])):
            return True
        time.sleep(0.01)
    return False


def has_limits(pid: int) -> bool:
    """True if the child has been given its limits. A child that exits while we look (a
    zombie gives ESRCH, a reaped one ENOENT) has had a workbook, so it counts as limited and
    `settled` looks again."""
    try:
        text = Path(f"/proc/{pid}/limits").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    address = next(line for line in text.splitlines() if line.startswith("Max address space"))
    return "unlimited" not in address


def corner_cell() -> bytes:
    """13 KB that passes every zip check, but whose sheet spans A1:XFD1048576."""
    xml = (
        _SHEET + '<row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'
    ).encode()
    return with_part(good_xlsx(), "xl/worksheets/sheet2.xml", xml)


def test_a_good_workbook_reads_the_same_in_a_forked_child():
    data = good_xlsx()
    isolated = read_return(data, "r.xlsx")
    assert isolated.values == figures()
    assert isolated.values == read_return(data, "r.xlsx", isolate=False).values
    assert isolated.la_code == "886"


@pytest.mark.parametrize(
    ("part", "content", "message"),
    [
        ("xl/media/image1.png", b"\x00" * (RETURN.max_unpacked_bytes + 1), "more than 50 MB"),
        ("xl/media/image1.png", b"\x00" * (4 * 2**20), "decompression bomb"),
        ("xl/worksheets/sheet2.xml", sheet_xml(1_000_000), "far too big for a return"),
        ("xl/sharedStrings.xml", BILLION_LAUGHS, "declares entities"),
        ("xl/vbaProject.bin", b"\x00" * 100, "macros"),
        ("xl/worksheets/sheet2.xml", sheet_xml(RETURN.max_rows + 1), "10,001 rows"),
    ],
)
def test_hostile_files_get_the_same_messages(part, content, message):
    assert message in refused(with_part(good_xlsx(), part, content))


def test_a_sheet_spanning_a_million_rows_is_refused_before_any_reader_allocates():
    assert "reaches beyond row 10,000" in refused(corner_cell())


def test_a_sheet_spanning_a_million_rows_is_killed_by_the_memory_limit():
    """The reading process's own limit, behind the dimension check."""
    assert TOO_LONG in refused_by_child(corner_cell())


def test_a_million_rows_read_by_the_child_is_stopped_by_a_limit():
    wide = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c><c r="Z{n}"><v>1</v></c></row>' for n in range(1, 300_001))
    data = with_part(good_xlsx(), "xl/worksheets/sheet2.xml", (_SHEET + wide + "</sheetData></worksheet>").encode())
    assert TOO_LONG in refused_by_child(data)


def test_a_cpu_heavy_workbook_is_killed_by_the_cpu_limit(monkeypatch):
    parts, rows = parts_of(good_xlsx()), sheet_xml(1_000_000)
    for number in (2, 3):
        parts[f"xl/worksheets/sheet{number}.xml"] = rows
    data = zip_parts(parts)
    # Let the child read every row (seconds of work), with room in memory and on the clock, so
    # only the CPU limit can stop it.
    roomy = dataclasses.replace(RETURN, max_rows=10_000_000, max_bytes=2 * len(data), child_memory_bytes=2**31)
    monkeypatch.setattr(limits, "CHILD_CPU_SECONDS", 1)
    monkeypatch.setattr(limits, "CHILD_WALL_SECONDS", 120.0)
    assert TOO_LONG in refused_by_child(data, roomy)


def test_the_time_limit_kills_the_child_and_the_next_parse_is_unharmed(monkeypatch):
    slow = with_part(good_xlsx(), "xl/worksheets/sheet2.xml", sheet_xml(1_000_000))
    with monkeypatch.context() as patch:
        patch.setattr(limits, "CHILD_WALL_SECONDS", 0.05)
        started = time.monotonic()
        assert TOO_LONG in refused_by_child(slow)
        assert time.monotonic() - started < 5
    assert read_return(good_xlsx(), "r.xlsx").values == figures()
    assert settled(zygote_pid())


def test_a_child_killed_mid_parse_does_not_break_the_next(monkeypatch):
    original = sandbox.Zygote.fork_child

    def fork_and_kill(self):
        channel, pidfd = original(self)
        signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        return channel, pidfd

    with monkeypatch.context() as patch:
        patch.setattr(sandbox.Zygote, "fork_child", fork_and_kill)
        assert TOO_LONG in refused(good_xlsx())
    assert read_return(good_xlsx(), "r.xlsx").values == figures()


def _both_limits_set(limits_text: str) -> bool:
    lines = limits_text.splitlines()
    address = next(line for line in lines if line.startswith("Max address space"))
    cpu = next(line for line in lines if line.startswith("Max cpu time"))
    return "unlimited" not in address and "unlimited" not in cpu


def test_each_workbook_gets_a_fresh_child_with_the_limits(monkeypatch):
    original = sandbox.Zygote.start
    seen = []

    def recording(self, data, kind=RETURN):
        reading = original(self, data, kind)
        pid = int(Path(f"/proc/self/fdinfo/{reading.pidfd}").read_text().split("Pid:")[1].split()[0])
        # The child limits itself on reading its header. Its answer is bigger than a socket's
        # buffer, so it is still there, waiting for us to read, whatever the machine's speed.
        # It sets the memory limit, then the CPU limit: wait for both, or we may read between.
        deadline = time.monotonic() + 5
        while not _both_limits_set(text := Path(f"/proc/{pid}/limits").read_text()):
            assert time.monotonic() < deadline, text
            time.sleep(0.001)
        seen.append((pid, text))
        return reading

    monkeypatch.setattr(sandbox.Zygote, "start", recording)
    long_text = f"<is><t>{'a census-day count of children ' * 3}</t></is>"
    rows = sheet_xml(5_000, long_text).replace(b"<c ", b'<c t="inlineStr" ')
    big = with_part(good_xlsx(), "xl/worksheets/sheet2.xml", rows)  # about 500 KB as JSON
    for _ in range(3):
        read_return(big, "r.xlsx")
    pids = [pid for pid, _ in seen]
    assert len(set(pids)) == 3 and zygote_pid() not in pids
    for _, text in seen:
        address = next(line for line in text.splitlines() if line.startswith("Max address space"))
        cpu = next(line for line in text.splitlines() if line.startswith("Max cpu time"))
        assert address.split()[3:5] == [str(RETURN.child_memory_bytes)] * 2
        assert cpu.split()[3] == str(limits.CHILD_CPU_SECONDS)


def test_concurrent_parses_from_several_threads_are_correct():
    good = good_xlsx()
    formula = edit_cell(good, "EHE", "D2", "=SUM(D3:D5)")
    macros = with_part(good, "xl/vbaProject.bin", b"\x00" * 100)
    damaged = good[:-200]
    jobs = [good, formula, corner_cell(), macros, damaged] * 4

    def outcome(data: bytes):
        try:
            parsed = read_return(data, "r.xlsx")
        except UnreadableFile as exc:
            return exc.message
        return parsed.values, parsed.entries[("ehe_total", None)].problem

    expected = [outcome(data) for data in jobs[:5]] * 4
    with ThreadPoolExecutor(max_workers=6) as pool:
        assert list(pool.map(outcome, jobs)) == expected
    assert expected[0] == (figures(), None)
    assert expected[1][1] == FORMULA
    assert "beyond row" in expected[2] and "macros" in expected[3] and "damaged" in expected[4]


def test_no_zombies_and_no_leaked_descriptors():
    read_return(good_xlsx(), "r.xlsx")  # the zygote is running
    zygote = zygote_pid()
    before = len(os.listdir("/proc/self/fd"))
    entities = with_part(good_xlsx(), "xl/sharedStrings.xml", BILLION_LAUGHS)  # the child is stopped
    for data in (good_xlsx(), corner_cell(), good_xlsx()[:-200], entities):
        for _ in range(3):
            with contextlib.suppress(UnreadableFile):
                read_return(data, "r.xlsx")
    assert settled(zygote)
    assert zombies_of(os.getpid(), zygote) == []
    assert len(os.listdir("/proc/self/fd")) == before


def test_a_zygote_that_dies_is_replaced():
    old = zygote_pid()
    os.kill(old, signal.SIGKILL)
    assert read_return(good_xlsx(), "r.xlsx").values == figures()
    assert zygote_pid() != old
    assert zombies_of(os.getpid()) == []


def test_without_a_zygote_each_workbook_gets_a_new_interpreter(monkeypatch):
    def cannot_start():
        raise OSError("no zygote here")

    sandbox.stop_zygote()
    monkeypatch.setattr(sandbox, "Zygote", cannot_start)
    try:
        assert read_return(good_xlsx(), "r.xlsx").values == figures()
        assert TOO_LONG in refused_by_child(corner_cell())
        assert sandbox._ZYGOTES.zygote is None
    finally:
        sandbox._ZYGOTES.failed_at = None
    monkeypatch.undo()
    assert read_return(good_xlsx(), "r.xlsx").values == figures()
    assert sandbox._ZYGOTES.zygote is not None


def test_a_forked_process_starts_its_own_zygote():
    read_return(good_xlsx(), "r.xlsx")
    parent_zygote = zygote_pid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child reports through its exit status)
        status = 1
        try:
            ok = read_return(good_xlsx(), "r.xlsx").values == figures()
            status = 0 if ok and sandbox._ZYGOTES.zygote.process.pid != parent_zygote else 2
            sandbox.stop_zygote()
        finally:
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert zygote_pid() == parent_zygote
    assert read_return(good_xlsx(), "r.xlsx").values == figures()


def test_the_warm_up_workbook_is_read_like_a_return():
    """Each waiting child reads this before any upload reaches it; it must be a real workbook."""
    import json

    from notinschool.intake import xlsx_worker

    result = json.loads(xlsx_worker.answer(xlsx_worker._warm_up_workbook(), RETURN.max_rows))
    assert result["ok"] and len(result["sheets"]) == 6
    assert result["sheets"][0]["rows"][0] == ["code_1", "code_1", "Children counted on the census date", 3.0]


def test_a_waiting_child_killed_while_it_waited_is_replaced():
    """A child can wait for hours; if it is killed meanwhile (out of memory, by hand), the next
    workbook is read by another, not refused."""
    read_return(good_xlsx(), "r.xlsx")
    zygote = zygote_pid()
    assert settled(zygote)
    deadline = time.monotonic() + 5
    while not (waiting := children_of(zygote)):
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(waiting[0], signal.SIGKILL)
    assert read_return(good_xlsx(), "r.xlsx").values == figures()
    assert zygote_pid() == zygote


def test_a_reading_that_finished_in_time_is_not_blamed_for_a_slow_service(monkeypatch):
    """The answer is complete and waiting when the service, busy elsewhere, comes to read it."""
    reading = sandbox.start_reading(good_xlsx())
    time.sleep(0.5)
    reading.deadline = time.monotonic() - 1
    assert [sheet["name"] for sheet in reading.sheets()][:2] == ["Instructions", "EHE"]
