"""Every file of the hostile corpus, against the intake for every kind of file: each is refused
with its code and a message, and the process goes on (the next honest file reads)."""

import pytest

from notinschool.intake import KINDS, UnreadableFile, take
from notinschool.intake.tests.corpus import HEADINGS, hostile_files, workbook

CASES = [
    pytest.param(kind, hostile, id=f"{kind.name}-{hostile.name}")
    for kind in KINDS.values()
    for hostile in hostile_files(kind, with_size_bomb=kind.max_bytes <= 20 * 2**20)
]


@pytest.mark.parametrize(("kind", "hostile"), CASES)
def test_every_hostile_file_is_refused_with_its_code(kind, hostile):
    with pytest.raises(UnreadableFile) as caught:
        take(hostile.data, hostile.filename, kind)
    refusal = caught.value
    assert refusal.code in hostile.codes, (refusal.code, refusal.message)
    assert len(refusal.message) > 30 and refusal.message[0].isupper()


@pytest.mark.parametrize("kind", KINDS.values(), ids=lambda kind: kind.name)
def test_an_honest_file_still_reads_after_the_corpus(kind):
    for hostile in hostile_files(kind, with_size_bomb=False):
        with pytest.raises(UnreadableFile):
            take(hostile.data, hostile.filename, kind)
    text = (HEADINGS[kind.name] + "\n" + ",".join(["1"] * (HEADINGS[kind.name].count(",") + 1)) + "\n").encode()
    table = take(text, "honest.csv", kind)
    assert table.sheets[0].headings == HEADINGS[kind.name].split(",")
    if "xlsx" in kind.formats:
        assert take(workbook(kind), "honest.xlsx", kind).sheets[0].rows[0] == HEADINGS[kind.name].split(",")


def test_the_dimension_bomb_never_reaches_a_reader(monkeypatch):
    from notinschool.intake import REGISTER, sandbox
    from notinschool.intake.tests.corpus import corner_cell

    def no_reader(*args, **kwargs):
        raise AssertionError("a reader was started")

    monkeypatch.setattr(sandbox, "read_sheets", no_reader)
    with pytest.raises(UnreadableFile) as caught:
        take(corner_cell(workbook(REGISTER)), "r.xlsx", REGISTER)
    assert caught.value.code in {"FILE-TOO-MANY-ROWS", "FILE-TOO-MANY-COLUMNS"}
