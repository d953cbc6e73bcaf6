"""Other apps' front door to published figures: current figures only, as plain values."""

import pytest

from notinschool.published import selectors
from notinschool.published.tests.builders import ENGLAND, KENT, run_import, tidy

pytestmark = pytest.mark.django_db
AUTUMN = "202425,Autumn term"
SURREY = "E92000001,England,E12000008,South East,936,E10000030,Surrey"


def _release(kent: str, england: str = "33000") -> None:
    run_import(
        tidy(
            [
                f"{AUTUMN},National,{ENGLAND},Total,Total,{england},100,0.4",
                f"{AUTUMN},Local authority,{KENT},Total,Total,{kent},100,0.29",
                f"{AUTUMN},Local authority,{KENT},Sex,Female,low,<0.5,z",
                f"{AUTUMN},Local authority,{SURREY},Total,Total,x,x,x",
            ]
        ),
        "cme_census.csv",
    )


def test_figures_come_as_plain_values_with_their_symbols(places):
    _release("850")
    england = selectors.england_value(measure="cme_total", period="2024-25-autumn")
    assert (england.value, england.symbol, england.rate_per_100, england.rounding_base) == (33_000, "", 0.4, 100)
    assert england.category is None and england.place_code == "E92000001"
    las = selectors.la_values(measure="cme_total", period="2024-25-autumn", la_codes={"886", "936", "850"})
    assert set(las) == {"886", "936"}  # nothing published for 850: absent, never zero
    assert (las["886"].value, las["886"].rate_per_100) == (850, 0.29)
    assert (las["936"].value, las["936"].symbol, las["936"].rate_per_100) == (None, "x", None)
    female = selectors.la_values(measure="cme_by_sex", period="2024-25-autumn", la_codes={"886"}, category="female")
    assert (female["886"].value, female["886"].symbol, female["886"].category) == (None, "low", "female")
    totals = selectors.la_totals(period="2024-25-autumn", la_codes={"886"}, measures=["cme_total", "cme_by_sex"])
    assert list(totals) == [("886", "cme_total")]  # totals only
    assert selectors.la_values(measure="cme_total", period="2024-25-autumn", la_codes=set()) == {}


def test_only_the_current_release_is_read(places):
    _release("850")
    _release("860", england="33100")  # a later file for the same term supersedes the first
    assert selectors.england_value(measure="cme_total", period="2024-25-autumn").value == 33_100
    kent = selectors.la_values(measure="cme_total", period="2024-25-autumn", la_codes={"886"})["886"]
    assert kent.value == 860


def test_figures_over_several_terms_come_in_one_query_and_match_one_term_reads(places, django_assert_num_queries):
    _release("850")
    terms = ["2024-25-autumn", "2024-25-spring"]  # nothing published for spring: absent
    with django_assert_num_queries(1):
        england = selectors.england_values(measure="cme_total", periods=terms)
    assert england == {"2024-25-autumn": selectors.england_value(measure="cme_total", period="2024-25-autumn")}
    with django_assert_num_queries(1):
        las = selectors.la_values_over_periods(measure="cme_total", periods=terms, la_codes={"886", "936", "850"})
    one_term = selectors.la_values(measure="cme_total", period="2024-25-autumn", la_codes={"886", "936", "850"})
    assert las == {(code, "2024-25-autumn"): value for code, value in one_term.items()}
    assert selectors.la_values_over_periods(measure="cme_total", periods=terms, la_codes=set()) == {}
