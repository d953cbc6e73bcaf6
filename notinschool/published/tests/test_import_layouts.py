"""Each layout DfE has used, built small: tidy, older tidy, wide academic year; and how a later
release supersedes an earlier one."""

import pytest

from notinschool.published import selectors
from notinschool.published.models import PublishedFigure, PublishedRelease
from notinschool.published.tests.builders import (
    BUCKINGHAMSHIRE_OLD,
    ENGLAND,
    GEOGRAPHY,
    KENT,
    SOUTH_EAST,
    csv_text,
    run_import,
    tidy,
)

AUTUMN = "202425,Autumn term"
SPRING = "202425,Spring term"

CME_TIDY = tidy(
    [
        f"{AUTUMN},National,{ENGLAND},Total,Total,33000,100,0.4",
        f"{AUTUMN},National,{ENGLAND},Sex,Female,16100,49,z",
        f"{AUTUMN},National,{ENGLAND},Duration,Less than 2 weeks,5200,16,",
        f"{AUTUMN},Regional,{SOUTH_EAST},Total,Total,4510,100,0.32",
        f"{AUTUMN},Local authority,{KENT},Total,Total,850,100,0.29",
        f"{AUTUMN},Local authority,{KENT},Reason,Moved in from another country,low,<0.5,z",
        f"{AUTUMN},Local authority,{KENT},Reason,School dissatisfaction SEND,c,c,z",
        f"{AUTUMN},Local authority,{BUCKINGHAMSHIRE_OLD},Year group,Year 7,u,u,z",
    ]
)


@pytest.mark.django_db
def test_tidy_cme_file(places):
    report = run_import(CME_TIDY, "cme_census.csv")
    assert (report.publication, report.layout, report.rows_read, report.figures_imported) == (
        "cme_census",
        "tidy",
        8,
        8,
    )
    england = selectors.england_figure("cme_total", "2024-25-autumn")
    assert (england.value, england.percent, float(england.rate_per_100), england.rounding_base) == (
        33_000,
        100,
        0.4,
        100,
    )
    female = selectors.england_figure("cme_by_sex", "2024-25-autumn", "female")
    assert (female.value, female.percent, female.rate_per_100, female.rate_symbol) == (16_100, 49, None, "z")
    assert selectors.england_figure("cme_by_duration", "2024-25-autumn", "less_than_2_weeks").rate_symbol == ""
    assert selectors.region_figure("E12000008", "cme_total", "2024-25-autumn").value == 4_510


@pytest.mark.django_db
def test_every_symbol_is_kept_as_itself(places):
    report = run_import(CME_TIDY, "cme_census.csv")
    abroad = selectors.la_figure("886", "cme_by_reason", "2024-25-autumn", "moved_in_from_abroad")
    assert (abroad.value, abroad.symbol, abroad.percent, abroad.percent_symbol) == (None, "low", None, "<0.5")
    send = selectors.la_figure("886", "cme_by_reason", "2024-25-autumn", "dissatisfaction_send")
    assert (send.value, send.symbol, send.percent_symbol) == (None, "c", "c")
    year_7 = selectors.la_figure("825", "cme_by_year_group", "2024-25-autumn", "year_7")
    assert (year_7.value, year_7.symbol) == (None, "u")
    assert report.symbols == {"z": 4, "low": 1, "<0.5": 1, "c": 2, "u": 2}
    assert not PublishedFigure.objects.filter(value=0).exists()


@pytest.mark.django_db
def test_older_tidy_file_with_filter_columns(places):
    text = tidy(
        [
            f"{SPRING},National,{ENGLAND},Total,Total,92000,100,1.0",
            f"{SPRING},Local authority,{KENT},Sex,Male,1510,50,",
            f"{SPRING},Local authority,{KENT},Reason,Philosophical or preferential,x,x,",
        ],
        older=True,
    )
    report = run_import(text, "ehe_census_2024.csv")
    assert (report.layout, report.publication, report.figures_imported) == ("older_tidy", "ehe_census", 3)
    assert selectors.england_figure("ehe_total", "2024-25-spring").value == 92_000
    male = selectors.la_figure("886", "ehe_by_sex", "2024-25-spring", "male")
    assert (male.value, male.percent) == (1_510, 50)
    assert selectors.la_figure("886", "ehe_by_reason", "2024-25-spring", "philosophical").symbol == "x"


ACADEMIC_YEAR_COLUMNS = (
    "ehe_anytime_full_year,ehe_starts_full_year,ehe_schtype_ey,ehe_schtype_ey_pc,ehe_schtype_else_unk,"
    "ehe_schtype_else_unk_pc,ehe_returns_full_year,ehe_leave,ehe_section_437_full_year,"
    "ehe_sao_issued_full_year,ehe_sao_revoked_full_year"
)


@pytest.mark.django_db
def test_wide_academic_year_file(places):
    text = csv_text(
        f"{GEOGRAPHY},{ACADEMIC_YEAR_COLUMNS}",
        [
            f"202223,Academic year,National,{ENGLAND},116300,49400,1200,2,5100,10,22800,15900,3900,1600,200",
            f"202223,Academic year,Local authority,{KENT},4100,1760,40,2,low,<0.5,700,560,x,60,10",
        ],
    )
    report = run_import(text, "ehe_data.csv")  # the columns, not the name, say what it is
    assert (report.publication, report.layout, report.periods) == ("ehe_academic_year", "wide", {"2022-23"})
    assert report.figures_imported == 2 * 9
    assert selectors.england_figure("ehe_anytime", "2022-23").value == 116_300
    assert selectors.england_figure("ehe_starts", "2022-23").value == 49_400
    early = selectors.england_figure("ehe_starts_by_previous_school", "2022-23", "early_years")
    assert (early.value, early.percent) == (1_200, 2)
    kent_other = selectors.la_figure("886", "ehe_starts_by_previous_school", "2022-23", "other_unknown")
    assert (kent_other.value, kent_other.symbol, kent_other.percent_symbol) == (None, "low", "<0.5")
    assert selectors.la_figure("886", "ehe_s437_notices", "2022-23").symbol == "x"
    assert selectors.la_figure("886", "ehe_sao_revoked", "2022-23").value == 10
    assert selectors.england_figure("ehe_returns_to_school", "2022-23").value == 22_800
    assert selectors.england_figure("ehe_left_other", "2022-23").value == 15_900


def _ehe_release(total: int, *periods: str) -> str:
    return tidy([f"{period},National,{ENGLAND},Total,Total,{total},100," for period in periods])


@pytest.mark.django_db
def test_a_later_release_supersedes_and_keeps_the_older(places):
    first = run_import(_ehe_release(80_000, AUTUMN), "ehe_census_v1.csv")
    second = run_import(_ehe_release(80_100, AUTUMN, SPRING), "ehe_census_v2.csv")
    assert (second.figures_imported, second.figures_superseded, second.releases_superseded) == (2, 1, 1)
    assert selectors.england_figure("ehe_total", "2024-25-autumn").value == 80_100
    older = PublishedRelease.objects.get(id=first.release_id)
    assert older.superseded_by_id == second.release_id and not older.is_current
    assert older.figures.get().value == 80_000  # kept for reference
    assert len(selectors.published_figures(measure="ehe_total", period="2024-25-autumn")) == 1


@pytest.mark.django_db
def test_a_release_for_other_periods_or_statistics_supersedes_nothing(places):
    run_import(_ehe_release(80_000, AUTUMN), "ehe_census_v1.csv")
    other_period = run_import(_ehe_release(86_000, SPRING), "ehe_census_spring.csv")
    cme = run_import(_ehe_release(30_000, AUTUMN), "cme_census.csv")
    assert other_period.figures_superseded == 0 and cme.figures_superseded == 0
    assert selectors.england_figure("ehe_total", "2024-25-autumn").value == 80_000
    assert selectors.england_figure("cme_total", "2024-25-autumn").value == 30_000
    assert PublishedRelease.objects.filter(superseded_by__isnull=True).count() == 3


@pytest.mark.django_db
def test_a_partly_superseded_release_stays_current_for_its_other_periods(places):
    first = run_import(_ehe_release(80_000, AUTUMN, SPRING), "ehe_census_v1.csv")
    second = run_import(_ehe_release(81_000, AUTUMN), "ehe_census_v2.csv")
    assert (second.figures_superseded, second.releases_superseded) == (1, 0)
    assert PublishedRelease.objects.get(id=first.release_id).is_current
    assert selectors.england_figure("ehe_total", "2024-25-spring").value == 80_000
    assert selectors.england_figure("ehe_total", "2024-25-autumn").value == 81_000


@pytest.mark.django_db
def test_ignored_columns_are_let_through(places):
    text = csv_text(
        f"{GEOGRAPHY},lad_code,breakdown_topic,breakdown,child_count",
        [f"{AUTUMN},National,{ENGLAND},,Total,Total,80900"],
    )
    assert run_import(text, "ehe_census.csv").figures_imported == 1


@pytest.mark.django_db
def test_the_publication_can_be_named_when_the_file_name_does_not_say(places):
    text = tidy([f"{AUTUMN},National,{ENGLAND},Duration,Unknown,300,1,"])
    assert run_import(text, "data.csv", publication="cme_census").publication == "cme_census"
    assert selectors.england_figure("cme_by_duration", "2024-25-autumn", "unknown").value == 300
