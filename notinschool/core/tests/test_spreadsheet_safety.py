import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notinschool.core.spreadsheet_safety import (
    DANGEROUS_FIRST_CHARACTERS,
    is_dangerous,
    neutralise_cell,
    neutralise_row,
)

numbers = st.one_of(
    st.integers(),
    st.floats(allow_nan=False),
    st.decimals(allow_nan=False, allow_infinity=False),
)
texts = st.text(alphabet=st.sampled_from(sorted(DANGEROUS_FIRST_CHARACTERS)) | st.characters())
cells = st.one_of(st.none(), numbers, texts, st.dates())


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+441234",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "\tsneaky",
        "\rsneaky",
        "\nsneaky",
        '\uff1dHYPERLINK("http://example.com")',
        "\uff0b1",
        "\uff0d1",
        "\uff20SUM(A1)",
        "  =1+1",
        "-5",
    ],
)
def test_dangerous_text_gets_a_leading_quote(text):
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Kent", "", "1 = 1", "'=already safe", "e-mail", "12"])
def test_ordinary_text_is_unchanged(text):
    assert neutralise_cell(text) == text


@pytest.mark.parametrize("value", [0, -5, 3.25, -0.5, Decimal("-12.50"), True, None, datetime.date(2025, 10, 2)])
def test_numbers_dates_and_none_are_left_as_they_are(value):
    result = neutralise_cell(value)
    assert result == value
    assert type(result) is type(value)


def test_other_objects_are_checked_as_text():
    class Sneaky:
        def __str__(self):
            return '=WEBSERVICE("http://example.com")'

    assert neutralise_cell(Sneaky()) == '\'=WEBSERVICE("http://example.com")'


def test_neutralise_row():
    assert neutralise_row(["=A1", -3, "Slough", None]) == ["'=A1", -3, "Slough", None]


@given(cells)
def test_no_text_cell_comes_out_dangerous(value):
    result = neutralise_cell(value)
    if isinstance(result, str):
        assert not is_dangerous(result)
        assert result[:1] not in DANGEROUS_FIRST_CHARACTERS


@given(numbers)
def test_numbers_round_trip_unchanged(number):
    result = neutralise_cell(number)
    assert result is number


@given(cells)
def test_neutralising_twice_equals_neutralising_once(value):
    once = neutralise_cell(value)
    assert neutralise_cell(once) == once


@given(st.lists(cells))
def test_rows_are_neutralised_cell_by_cell(row):
    assert neutralise_row(row) == [neutralise_cell(cell) for cell in row]
