import datetime
from decimal import Decimal

from notinschool.core import presenters


def test_long_date_has_no_leading_zero():
    assert presenters.long_date(datetime.date(2025, 10, 6)) == "6 October 2025"
    assert presenters.long_date(None) == ""


def test_whole_number_uses_separators_and_keeps_missing_missing():
    assert presenters.whole_number(80900) == "80,900"
    assert presenters.whole_number(0) == "0"
    assert presenters.whole_number(None) == ""


def test_one_decimal_rounds_halves_up():
    assert presenters.one_decimal(0.25) == "0.3"
    assert presenters.one_decimal(Decimal("1234.55")) == "1,234.6"
    assert presenters.one_decimal(None) == ""


def test_how_long_says_a_length_of_time_as_people_do():
    from notinschool.core.text import how_long

    assert how_long(3600) == "1 hour"
    assert how_long(7200) == "2 hours"
    assert how_long(5400) == "90 minutes"
    assert how_long(60) == "1 minute"
    assert how_long(90) == "1 minute"
    assert how_long(45) == "45 seconds"
    assert how_long(7 * 86400) == "7 days"
    assert how_long(86400) == "1 day"


def test_numbers_and_hours_are_written_as_people_write_them():
    from notinschool.core.text import hours, number_as_written

    assert [number_as_written(v) for v in (Decimal("12.0"), Decimal("6.5"), Decimal("0.0"), 10, None)] == [
        "12", "6.5", "0", "10", "",
    ]  # fmt: skip
    assert [hours(v) for v in (Decimal("1.0"), 1, Decimal("6.5"), Decimal("40.0"), 0, None)] == [
        "1 hour", "1 hour", "6.5 hours", "40 hours", "0 hours", "",
    ]  # fmt: skip
