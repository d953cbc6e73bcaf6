"""Cells, periods and the mapping table, without a database."""

from decimal import Decimal

import pytest

from notinschool.periods.specs import all_periods, load_spec
from notinschool.published.mapping import (
    MAPPING_CSV,
    MappingDataError,
    normalise,
    published_only_measures,
    read_mapping,
    shipped_mapping,
)
from notinschool.published.values import BadValue, period_code, read_count, read_decimal


@pytest.mark.parametrize(
    ("time_period", "identifier", "period"),
    [
        ("202223", "Autumn term", "2022-23-autumn"),
        ("202223", "Spring term", "2022-23-spring"),
        ("202324", "Summer term", "2023-24-summer"),
        ("202223", "Academic year", "2022-23"),
        ("199900", " academic  YEAR ", "1999-00"),
    ],
)
def test_period_codes(time_period, identifier, period):
    assert period_code(time_period, identifier) == period


@pytest.mark.parametrize(
    ("time_period", "identifier"),
    [("2022", "Autumn term"), ("202224", "Autumn term"), ("202223", "Q1"), ("²⁰²²²³", "Autumn term")],
)
def test_bad_periods(time_period, identifier):
    with pytest.raises(BadValue):
        period_code(time_period, identifier)


def test_counts_and_symbols():
    assert read_count("80900") == (80_900, "")
    assert read_count("0") == (0, "")
    assert read_count("1,200") == (1_200, "")
    assert read_count("12.0") == (12, "")
    for symbol in ("x", "z", "low", "c", "<0.5", "u"):
        assert read_count(symbol) == (None, symbol)
    assert read_count("LOW") == (None, "low")
    assert read_count("") == (None, "x")  # blank: not available, never 0
    for bad in ("12.5", "-3", "n/a", "nan", "inf", "²", "١٢"):  # digits, but not a count as written
        with pytest.raises(BadValue):
            read_count(bad)


def test_percentages_and_rates():
    assert read_decimal("49") == (Decimal("49.0000"), "")
    assert read_decimal("0.87") == (Decimal("0.8700"), "")
    assert read_decimal("<0.5") == (None, "<0.5")
    assert read_decimal("") == (None, "")
    for bad in ("high", "٤٩", "4²"):  # other scripts' digits are not DfE's numbers
        with pytest.raises(BadValue):
            read_decimal(bad)


def test_labels_compare_forgivingly():
    assert normalise("School dissatisfaction – SEND") == normalise("school  dissatisfaction - send")


def _spec_items() -> dict[str, set[str]]:
    items: dict[str, set[str]] = {}
    for period in all_periods():
        for measure in load_spec(period).measures:
            categories = items.setdefault(measure.code, set())
            if measure.breakdown:
                categories.update(measure.breakdown.category_codes())
    return items


def test_every_mapped_measure_and_category_is_one_the_service_knows():
    spec_items = _spec_items()
    extra = published_only_measures()
    mapping = shipped_mapping()
    for publication in mapping.publications.values():
        for target in [*publication.columns.values(), *publication.breakdowns.values()]:
            assert target.measure in spec_items or target.measure in extra, target
            if target.category:
                assert target.category in spec_items[target.measure], target
            elif target.measure in spec_items:
                assert not spec_items[target.measure], f"{target.measure} needs a category"


def test_every_percentage_column_has_its_count_column():
    for publication in shipped_mapping().publications.values():
        counts = {(t.measure, t.category) for t in publication.columns.values() if t.figure == "count"}
        for name, target in publication.columns.items():
            assert (target.measure, target.category) in counts, name


def test_the_2022_23_wide_file_is_fully_mapped():
    census = shipped_mapping().for_publication("ehe_census")
    assert len(census.columns) == 34
    assert census.columns["ehe_census_date"].measure == "ehe_total"
    assert census.columns["ehe_reason_perm_exc"].category == "permanent_exclusion"


def test_a_mapping_line_twice_is_a_data_error(tmp_path):
    path = tmp_path / "mapping.csv"
    path.write_text(
        "publication,kind,ees_name,ees_breakdown,measure,category,figure,note\n"
        "ehe_census,column,ehe_female,,ehe_by_sex,female,count,\n"
        "ehe_census,column,ehe_female,,ehe_by_sex,male,count,\n"
    )
    with pytest.raises(MappingDataError, match="mapped twice"):
        read_mapping(path)


def test_a_new_dfe_column_is_one_line(tmp_path):
    path = tmp_path / "mapping.csv"
    line = "ehe_census,column,ehe_nonbinary,,ehe_by_sex,unknown,count,\n"
    path.write_text(MAPPING_CSV.read_text(encoding="utf-8") + line, encoding="utf-8")
    assert read_mapping(path).for_publication("ehe_census").columns["ehe_nonbinary"].measure == "ehe_by_sex"
