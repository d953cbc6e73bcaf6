"""DfE's own files (faithful excerpts, sources in data/SOURCES.md) import as DfE published them,
and the same content saved differently is recognised as the same release."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from notinschool.published import selectors
from notinschool.published.models import PublishedFigure, PublishedRelease
from notinschool.published.tests.builders import run_import

DATA = Path(__file__).parent / "data"
ACADEMIC_YEAR = DATA / "ehe_academic_year_2024-25_excerpt.csv"
CME_CENSUS = DATA / "cme_census_2025-26_autumn_excerpt.csv"
EHE_CENSUS = Path(__file__).parents[1] / "data" / "ehe_census_2022-23_release.csv"
EHE_CENSUS_CATALOGUE = DATA / "ehe_census_2022-23_catalogue_preview.csv"
PREVIEWS = {
    # file: (publication, layout, period, England's total, rate, female, unknown sex, Reception's share)
    "ehe_census_2025-26_autumn_preview.csv": (
        "ehe_census",
        "tidy",
        "2025-26-autumn",
        126_000,
        "1.5",
        65_100,
        "200",
        "low",
    ),
    "ehe_census_2024-25_autumn_preview.csv": (
        "ehe_census",
        "older_tidy",
        "2024-25-autumn",
        111_700,
        "1.4",
        57_500,
        "300",
        "<0.5",
    ),
    "cme_census_2024-25_autumn_preview.csv": (
        "cme_census",
        "older_tidy",
        "2024-25-autumn",
        39_200,
        "0.5",
        17_600,
        "300",
        "2",
    ),
}
CME_ANY_POINT = DATA / "cme_full_year_2021-22_preview.csv"
CME_CENSUS_2022_23 = DATA / "cme_census_2022-23_preview.csv"


@pytest.mark.django_db
def test_academic_year_file_imports_every_column(places):
    report = run_import(ACADEMIC_YEAR.read_bytes(), ACADEMIC_YEAR.name)
    assert (report.publication, report.layout) == ("ehe_academic_year", "wide")
    assert report.unknown_columns == [] and report.unplaced_count == 0
    assert report.periods == {"2021-22", "2022-23", "2023-24", "2024-25"}
    assert selectors.england_figure("ehe_anytime", "2024-25").value == 175_900
    assert selectors.england_figure("ehe_starts", "2024-25").value == 78_000
    assert selectors.england_figure("ehe_returns_to_school", "2024-25").value == 28_100
    assert selectors.england_figure("ehe_left_other", "2024-25").value == 5_400
    assert selectors.england_figure("ehe_s437_notices", "2024-25").value == 7_400
    assert selectors.england_figure("ehe_sao_issued", "2024-25").value == 2_500
    assert selectors.england_figure("ehe_sao_revoked", "2024-25").value == 600
    # England's starts by previous school: the count is x (not available), the share published.
    academy = selectors.england_figure("ehe_starts_by_previous_school", "2024-25", "academy")
    assert (academy.value, academy.symbol, academy.percent) == (None, "x", 49)
    kent = {
        figure.category: figure
        for figure in selectors.published_figures(measure="ehe_starts_by_previous_school", period="2024-25")
        if figure.place_code == "886"
    }
    assert len(kent) == 11
    assert (kent["la_maintained"].value, kent["la_maintained"].percent) == (630, 18)
    assert (kent["academy"].value, kent["early_years"].value, kent["not_previously_in_school"].value) == (
        2_100,
        0,
        20,
    )
    assert (kent["already_ehe"].value, kent["other_unknown"].value, kent["other_unknown"].percent) == (60, 420, 12)
    assert kent["early_years"].percent == 0 and kent["free_school"].percent_symbol == "low"
    # Bury's leavers are x: kept as the symbol, never 0.
    bury = selectors.la_figure("351", "ehe_left_other", "2024-25")
    assert (bury.value, bury.symbol) == (None, "x")
    revoked = selectors.la_figure("391", "ehe_sao_revoked", "2024-25")
    assert (revoked.value, revoked.symbol) == (None, "low")


@pytest.mark.django_db
def test_cme_census_tidy_file_imports_as_published(places):
    report = run_import(CME_CENSUS.read_bytes(), CME_CENSUS.name)
    assert (report.publication, report.layout) == ("cme_census", "tidy")
    assert report.unknown_breakdowns == [] and report.unplaced_count == 0
    assert report.periods == {"2025-26-autumn", "2024-25-autumn"}
    total = selectors.england_figure("cme_total", "2025-26-autumn")
    assert (total.value, float(total.rate_per_100)) == (34_700, 0.4)
    moved = selectors.england_figure("cme_by_reason", "2025-26-autumn", "moved_in_from_another_la")
    assert (moved.value, moved.percent) == (2_900, 8)
    general = selectors.england_figure("cme_by_reason", "2025-26-autumn", "dissatisfaction_general")
    assert (general.value, general.symbol, general.percent_symbol) == (None, "low", "low")
    send = selectors.england_figure("cme_by_reason", "2025-26-autumn", "dissatisfaction_send")
    assert (send.value, send.percent_symbol) == (100, "low")
    believed = selectors.region_figure("E12000001", "cme_by_reason", "2025-26-autumn", "believed_moved_to_another_la")
    assert believed.value == 120
    waltham = selectors.la_figure("320", "cme_by_reason", "2024-25-autumn", "mental_health")
    assert (waltham.value, waltham.symbol) == (None, "x")
    assert selectors.la_figure("320", "cme_total", "2024-25-autumn").value == 30


@pytest.mark.django_db
def test_cme_at_any_point_imports_as_an_academic_year_measure(places):
    """DfE's CME at any point in the academic year (`cme_full_year`, named on DfE's data set page)."""
    report = run_import(CME_ANY_POINT.read_bytes(), "cme_full_year.csv")
    assert (report.publication, report.layout) == ("cme_academic_year", "wide")
    assert report.unknown_columns == [] and report.periods == {"2021-22"}
    assert selectors.england_figure("cme_anytime", "2021-22").value == 94_900
    regions = {f.place_code: f.value for f in selectors.published_figures(measure="cme_anytime", period="2021-22")}
    assert regions["E12000001"] == 2_090 and regions["E12000004"] == 12_530
    # A term's page asks for the academic year's figure, as for the EHE academic-year measures.
    assert selectors.published_period("cme_anytime", "2021-22-spring") == "2021-22"


@pytest.mark.django_db
def test_the_first_cme_census_file_with_one_figure_column_imports(places):
    """The 2022/23 release's CME at census date: `cme_census_date` only, no breakdowns."""
    report = run_import(CME_CENSUS_2022_23.read_bytes(), "cme_census.csv")
    assert (report.publication, report.layout) == ("cme_census", "wide")
    assert report.unknown_columns == []
    assert selectors.england_figure("cme_total", "2022-23-autumn").value == 24_700


@pytest.mark.django_db
def test_the_2022_23_ehe_census_as_the_catalogue_holds_it_now_imports(places):
    """filter_group and filter with the count in ehe_census_date: each breakdown read as one, never
    every line as the total."""
    report = run_import(EHE_CENSUS_CATALOGUE.read_bytes(), "ehe_census.csv")
    assert (report.publication, report.layout) == ("ehe_census", "first_tidy")
    assert report.unknown_columns == []
    assert selectors.england_figure("ehe_total", "2022-23-autumn").value == 80_900
    assert selectors.england_figure("ehe_by_sex", "2022-23-autumn", "female").value == 41_000
    assert selectors.england_figure("ehe_by_sex", "2022-23-autumn", "male").value == 39_700
    assert selectors.england_figure("ehe_by_sex", "2022-23-autumn", "unknown").value == 200  # "Sex unknown"


@pytest.mark.django_db
@pytest.mark.parametrize("name", PREVIEWS)
def test_each_tidy_layout_imports_as_dfes_page_shows_it(places, name):
    """The tidy layouts of 2025/26 and the older tidy layout of 2024/25, as DfE's data set pages
    give them: totals, rates, shares and symbols (`low`, `<0.5`, `x`) kept as published."""
    publication, layout, period, total, rate, female, unknown, share = PREVIEWS[name]
    report = run_import((DATA / name).read_bytes(), f"{publication}.csv")
    assert (report.publication, report.layout) == (publication, layout)
    assert report.unknown_columns == [] and not report.unknown_breakdowns
    prefix = publication[:3]
    england = selectors.england_figure(f"{prefix}_total", period)
    assert (england.value, england.rate_per_100) == (total, Decimal(rate))
    assert selectors.england_figure(f"{prefix}_by_sex", period, "female").value == female
    sex_unknown = selectors.england_figure(f"{prefix}_by_sex", period, "unknown")
    assert str(sex_unknown.value) == unknown and sex_unknown.rate_per_100 is None and sex_unknown.rate_symbol == "x"
    reception = selectors.england_figure(f"{prefix}_by_year_group", period, "reception")
    assert (reception.percent_symbol or str(int(reception.percent))) == share


@pytest.mark.django_db
def test_ehe_census_wide_file_imports_as_published(places):
    report = run_import(EHE_CENSUS.read_bytes(), EHE_CENSUS.name)
    assert (report.publication, report.layout, report.unknown_columns) == ("ehe_census", "wide", [])
    assert selectors.england_figure("ehe_total", "2022-23-autumn").value == 80_900


def _resaved(data: bytes, *, crlf=False, bom=None, encoding=None, reverse_columns=False) -> bytes:
    text = data.decode("utf-8-sig")
    if reverse_columns:
        rows = list(csv.reader(io.StringIO(text)))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([list(reversed(row)) for row in rows])
        text = out.getvalue()
    if crlf:
        text = text.replace("\n", "\r\n")
    encoded = text.encode(encoding or "utf-8")
    if bom is True:
        encoded = b"\xef\xbb\xbf" + encoded
    return encoded


@pytest.mark.django_db
@pytest.mark.parametrize(
    "how",
    [
        {"crlf": True},
        {"bom": True},
        {"encoding": "cp1252"},
        {"reverse_columns": True},
        {"crlf": True, "reverse_columns": True, "bom": True},
    ],
    ids=["windows line endings", "byte order mark", "windows-1252", "columns reordered", "all at once"],
)
def test_the_same_content_saved_differently_is_the_same_release(places, how):
    original = ACADEMIC_YEAR.read_bytes()
    first = run_import(original, ACADEMIC_YEAR.name)
    figures = PublishedFigure.objects.count()
    again = run_import(_resaved(original, **how), "saved again.csv", publication="ehe_academic_year")
    assert again.unchanged and again.release_id == first.release_id
    assert PublishedRelease.objects.count() == 1 and PublishedFigure.objects.count() == figures


@pytest.mark.django_db
def test_a_changed_figure_is_a_new_release(places):
    original = ACADEMIC_YEAR.read_bytes()
    run_import(original, ACADEMIC_YEAR.name)
    revised = original.replace(b",175900,", b",176000,", 1)
    report = run_import(revised, ACADEMIC_YEAR.name)
    assert not report.unchanged and PublishedRelease.objects.count() == 2
    assert selectors.england_figure("ehe_anytime", "2024-25").value == 176_000
