"""The reader's fast paths give exactly what the plain code they short-cut would."""

import pytest

from notinschool.intake import zipcheck
from notinschool.validation.reading import layout
from notinschool.validation.reading.cells import count_entry
from notinschool.validation.values import MISSING, NEGATIVE, Entry, Location, new_entry


@pytest.mark.parametrize(
    "xml",
    [
        b"<c><v>1</v></c>",
        b"<c><f>SUM(A1)</f></c>",
        b"<c><f t='shared' ref='A1'/></c>",
        b"<c><f/></c>",
        b"<c><x:f>A1</x:f></c>",
        b"<c><f\n>A1</f></c>",
        b"<dataValidation><formula1>1</formula1></dataValidation>",
        b"<c><t>a:f b</t></c>",
        b"<c><t>x:f\t</t></c>",
        b"<formula1/><f>",
        b"<f",
        b"",
    ],
)
def test_formula_tag_search_agrees_with_the_regular_expression(xml):
    assert zipcheck._has_formula_tag(xml) == (zipcheck._FORMULA_TAG.search(xml) is not None)


def test_fast_locations_and_entries_equal_the_plain_ones():
    assert Location.xlsx("EHE", 5, 3) == Location("EHE", 6, "D", "D6")
    assert hash(Location.xlsx("EHE", 5, 3)) == hash(Location("EHE", 6, "D", "D6"))
    assert Location.xlsx("EHE", 0, 100) == Location("EHE", 1, "CW", "CW1")
    location = Location.xlsx("EHE", 5, 3)
    assert new_entry(3, location, "3") == Entry(3, location, "3")
    with pytest.raises(AttributeError):
        location.row = 7  # still frozen


@pytest.mark.parametrize(
    ("raw", "value", "shown", "problem"),
    [(237.0, 237, "237", None), (0.0, 0, "0", None), (-0.0, 0, "0", None), (-3.0, MISSING, "-3", NEGATIVE)],
)
def test_whole_number_cells(raw, value, shown, problem):
    entry = count_entry(raw, Location.xlsx("EHE", 1, 3))
    assert (entry.value, entry.raw, entry.problem) == (value, shown, problem)


def test_normalise_is_the_same_for_short_and_long_text():
    assert layout.normalise(" Measure code ") == "measure_code"
    assert layout.normalise("x" * 50 + " Code") == "x" * 50 + "_code"
    assert layout.normalise(886.0) == "886_0"
