"""CSV text checked a chunk at a time: the same rows and refusals as a row-by-row check."""

import csv
import io

import pytest

from notinschool.intake import REGISTER
from notinschool.intake.errors import CONTROL_CHARACTER, FIELD_TOO_LONG, UnreadableFile
from notinschool.intake.text import Lines, csv_rows

LONGEST = REGISTER.max_field_chars


def rows_of(text: str, chunk: int = 7) -> list[tuple[int, list[str]]]:
    chunks = [text[i : i + chunk] for i in range(0, len(text), chunk)]
    return list(csv_rows(Lines(chunks, REGISTER), REGISTER))


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_rows_and_line_numbers_match_the_standard_reader(ending):
    text = ending.join(["a,b", '"x' + ending + 'y",2', "c,3", ""])
    reader = csv.reader(io.StringIO(text, newline=""))
    expected = [(reader.line_num, row) for row in reader]
    assert rows_of(text) == expected
    assert rows_of(text, chunk=1 << 20) == expected


def test_a_long_field_on_one_line_is_refused_with_its_place():
    text = "a,b\n1," + "x" * (LONGEST + 1) + "\n"
    with pytest.raises(UnreadableFile) as refused:
        rows_of(text, chunk=100)
    assert (refused.value.code, refused.value.row, refused.value.column) == (FIELD_TOO_LONG, 2, "2")


def test_a_long_field_spread_over_short_lines_is_refused():
    long_text = "\n".join(["y" * 50] * (LONGEST // 50 + 2))
    text = f'a,b\n1,"{long_text}"\n'
    with pytest.raises(UnreadableFile) as refused:
        rows_of(text, chunk=100)
    assert refused.value.code == FIELD_TOO_LONG


def test_a_control_character_is_refused_with_its_line_across_chunks():
    text = "a,b\n" + "1,2\n" * 30 + "3,A\x00B\n"
    with pytest.raises(UnreadableFile) as refused:
        rows_of(text, chunk=5)
    assert (refused.value.code, refused.value.row) == (CONTROL_CHARACTER, 32)
