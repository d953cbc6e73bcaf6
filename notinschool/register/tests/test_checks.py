"""Single-value checks: UPN check letter, NHS number check digit, dates of birth, events in the
future, the SAO steps' order, and the shipped bank holidays."""

import datetime
from types import SimpleNamespace

import pytest

from notinschool.register import bankholidays, checks

TODAY = datetime.date(2026, 3, 10)  # academic year 2025/26


@pytest.mark.parametrize("upn", ["B801200005001", "b801 2000 05001", ""])
def test_upns_with_the_right_check_letter_pass(upn):
    assert checks.upn_problem(upn) is None


def test_a_temporary_upn_check_letter_counts_its_last_letter():
    from stdnum.gb.upn import calc_check_digit

    number = calc_check_digit("80120000500A") + "80120000500A"
    assert checks.upn_problem(number) is None


@pytest.mark.parametrize(
    ("upn", "words"),
    [
        ("A801200005001", "check letter"),
        ("B80120000500", "13 characters"),
        ("B8012000050I1", "13 characters"),
        ("B80120000500I", "other than I, O or S"),
        ("1801200005001", "13 characters"),
    ],
)
def test_upns_that_are_wrong_say_why(upn, words):
    assert words in checks.upn_problem(upn)


def test_a_upn_from_an_la_newer_than_the_librarys_list_passes():
    from stdnum.gb.upn import calc_check_digit

    number = calc_check_digit("940200005001") + "940200005001"  # West Northamptonshire, 2021
    assert checks.upn_problem(number) is None


@pytest.mark.parametrize("number", ["9434765870", "943 476 5870", "943-476-5870", ""])
def test_nhs_numbers_with_the_right_check_digit_pass(number):
    assert checks.nhs_number_problem(number) is None


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("9434765871", "check digit"),
        ("943476587", "10 digits"),
        ("94347658700", "10 digits"),
        ("94347A5870", "10 digits"),
    ],
)
def test_nhs_numbers_that_are_wrong_say_why(number, words):
    assert words in checks.nhs_number_problem(number)


def test_an_nhs_number_whose_check_digit_would_be_ten_is_refused():
    # 1234567890: the weighted sum of the first nine digits leaves remainder 1, so the check
    # digit would be 10: no such NHS number exists.
    total = sum(int(d) * w for d, w in zip("123456789", range(10, 1, -1), strict=True))
    assert 11 - total % 11 == 10
    assert checks.nhs_number_problem("1234567890") is not None


@pytest.mark.parametrize(
    ("born", "ok"),
    [
        (datetime.date(1, 1, 1), False),
        (datetime.date(1800, 1, 1), False),
        (datetime.date(2030, 1, 1), False),
        (datetime.date(2021, 8, 31), True),  # reception in 2025/26
        (datetime.date(2021, 9, 1), False),  # not yet of school age
        (datetime.date(2003, 9, 1), True),  # year 11 in 2019/20, six years back
        (datetime.date(2003, 8, 31), False),
        (None, True),
    ],
)
def test_date_of_birth_must_be_of_compulsory_school_age(born, ok):
    problem = checks.date_of_birth_problem(born, today=TODAY, years_back=6)
    assert (problem is None) == ok, problem
    if born and not ok and born <= TODAY:
        assert "between 1 September 2003 and 31 August 2021" in problem


def test_no_event_after_today():
    assert checks.not_in_future(TODAY, today=TODAY, what="date") is None
    assert "today or in the past" in checks.not_in_future(TODAY + datetime.timedelta(days=1), today=TODAY, what="date")


def step(kind, on, deadline=None):
    return SimpleNamespace(kind=kind, happened_on=on, deadline=deadline)


def test_sao_steps_in_the_laws_order_give_no_warning():
    notice = step("s437_notice", datetime.date(2025, 9, 1), datetime.date(2025, 9, 15))
    assert checks.sao_warnings("s437_notice", notice.happened_on, notice.deadline, []) == []
    intention = step("intention_notice", datetime.date(2025, 9, 16))
    assert checks.sao_warnings("intention_notice", intention.happened_on, None, [notice]) == []
    assert checks.sao_warnings("sao_served", datetime.date(2025, 10, 1), None, [notice, intention]) == []


def test_sao_steps_that_come_early_are_warned_about():
    notice = step("s437_notice", datetime.date(2025, 9, 1), datetime.date(2025, 9, 15))
    short = checks.sao_warnings("s437_notice", notice.happened_on, datetime.date(2025, 9, 14), [])
    assert "at least 15 days" in short[0]
    early = checks.sao_warnings("intention_notice", datetime.date(2025, 9, 15), None, [notice])
    assert "15 September 2025" in early[0]
    assert "No s437(1) notice" in checks.sao_warnings("intention_notice", datetime.date(2025, 9, 15), None, [])[0]
    intention = step("intention_notice", datetime.date(2025, 9, 16))
    soon = checks.sao_warnings("sao_served", datetime.date(2025, 9, 30), None, [notice, intention])
    assert "1 October 2025" in soon[0]
    assert checks.sao_warnings("sao_revoked", datetime.date(2025, 9, 30), None, [notice])


def test_the_shipped_bank_holidays_reach_the_end_of_next_year():
    """Fails a year before the list runs out: download GOV.UK's feed and run
    `notinschool update-bank-holidays` (see notinschool/register/data/README.md)."""
    holidays = bankholidays.shipped()
    assert holidays.last_year >= datetime.date.today().year + 1
    assert datetime.date(2025, 12, 25) in holidays.dates and datetime.date(2026, 12, 28) in holidays.dates


def test_a_file_that_is_not_govuks_feed_is_refused():
    with pytest.raises(bankholidays.BadBankHolidays, match="england-and-wales"):
        bankholidays.parse(b'{"scotland": {"events": []}}')
    with pytest.raises(bankholidays.BadBankHolidays, match="weekend"):
        bankholidays.parse(b'{"england-and-wales": {"events": [{"title": "X", "date": "2026-01-03"}]}}')
