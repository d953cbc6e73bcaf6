"""DfE's real 2022/23 EHE census release (wide layout, UTF-8 with a BOM): every row imported,
and England's and the South East's figures exactly as DfE published them."""

import io
import subprocess
import sys

import pytest
from django.core.management import call_command

from notinschool.published import selectors
from notinschool.published.demo import EHE_CENSUS_2022_23
from notinschool.published.models import Level, PublishedFigure, PublishedRelease
from notinschool.published.services import import_ees_path


@pytest.fixture
def census(places):
    return import_ees_path(EHE_CENSUS_2022_23)


@pytest.mark.django_db
def test_every_row_is_imported(census):
    assert census.rows_read == 326
    assert census.unplaced_count == 0
    assert census.figures_imported == 326 * 34
    assert PublishedFigure.objects.count() == 326 * 34
    assert census.periods == {"2022-23-autumn", "2022-23-spring"}
    assert census.publication == "ehe_census" and census.layout == "wide"


@pytest.mark.django_db
def test_symbols_are_counted_and_never_stored_as_zero(census):
    assert dict(census.symbols) == {"low": 1010, "x": 582}
    assert PublishedFigure.objects.filter(symbol="low", value__isnull=True).count() == 1010
    assert PublishedFigure.objects.filter(symbol="x", value__isnull=True).count() == 582
    assert not PublishedFigure.objects.filter(value__isnull=True, symbol="").exists()


@pytest.mark.django_db
def test_england_totals_as_published(census):
    autumn = selectors.england_figure("ehe_total", "2022-23-autumn")
    spring = selectors.england_figure("ehe_total", "2022-23-spring")
    assert (autumn.value, autumn.rounding_base, autumn.level) == (80_900, 100, Level.NATIONAL)
    assert spring.value == 86_200
    assert selectors.england_figure("ehe_by_sex", "2022-23-autumn", "female").value == 41_000
    assert selectors.england_figure("ehe_by_sex", "2022-23-spring", "male").value == 42_100


@pytest.mark.django_db
def test_south_east_totals_as_published(census):
    autumn = selectors.region_figure("E12000008", "ehe_total", "2022-23-autumn")
    spring = selectors.region_figure("E12000008", "ehe_total", "2022-23-spring")
    assert (autumn.value, autumn.rounding_base) == (14_740, 10)
    assert spring.value == 15_680
    assert selectors.region_figure("E12000008", "ehe_by_sex", "2022-23-autumn", "female").value == 7_500


@pytest.mark.django_db
def test_inner_and_outer_london_are_regions(census):
    assert selectors.region_figure("E13000001", "ehe_total", "2022-23-autumn").value == 3_160
    assert selectors.region_figure("E13000002", "ehe_total", "2022-23-spring").value == 6_660


@pytest.mark.django_db
def test_la_codes_go_through_the_code_history(census):
    buckinghamshire = selectors.la_figure("825", "ehe_total", "2022-23-autumn")
    assert buckinghamshire.value == 910 and buckinghamshire.local_authority.new_code == "E06000060"
    assert selectors.la_figure("E10000002", "ehe_total", "2022-23-spring").value == 970
    cumbria = selectors.la_figure("909", "ehe_total", "2022-23-autumn")
    assert cumbria.value == 620 and not cumbria.local_authority.is_current
    assert selectors.la_figure("886", "ehe_total", "2022-23-autumn").value == 2_870


@pytest.mark.django_db
def test_an_la_that_did_not_return_is_x_not_zero(census):
    southampton = selectors.la_figure("852", "ehe_total", "2022-23-autumn")
    assert southampton.value is None and southampton.symbol == "x"
    bury_reception = selectors.la_figure("351", "ehe_by_year_group", "2022-23-autumn", "reception")
    assert bury_reception.value == 0 and bury_reception.symbol == ""


@pytest.mark.django_db
def test_published_figures_lists_every_place(census):
    figures = selectors.published_figures(measure="ehe_total", period="2022-23-autumn")
    assert len(figures) == 1 + 10 + 152
    regional = selectors.published_figures(measure="ehe_total", period="2022-23-autumn", level="regional")
    assert {f.place_code for f in regional} >= {"E12000008", "E13000001", "E13000002"}
    by_sex = selectors.published_figures(measure="ehe_by_sex", period="2022-23-autumn", level="national")
    assert {f.category: f.value for f in by_sex} == {"female": 41_000, "male": 39_700, "unknown": 200}


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(census):
    again = import_ees_path(EHE_CENSUS_2022_23)
    assert again.unchanged and again.release_id == census.release_id
    assert PublishedRelease.objects.count() == 1
    assert PublishedFigure.objects.count() == 326 * 34


@pytest.mark.django_db
def test_the_command_prints_the_report(places):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_ees", str(EHE_CENSUS_2022_23), "--quiet", stdout=out, stderr=err)
    text = out.getvalue()
    assert "rows read: 326" in text and "figures imported: 11,084" in text
    assert "symbols: low 1,010, x 582" in text
    assert err.getvalue() == ""  # no progress bar when stderr is not a terminal
    out = io.StringIO()
    call_command("import_ees", str(EHE_CENSUS_2022_23), stdout=out)
    assert "nothing changed" in out.getvalue()


@pytest.mark.django_db
def test_the_command_refuses_with_exit_1_and_says_why(places, tmp_path):
    bad = tmp_path / "not_ees.csv"
    bad.write_text("name,count\nKent,3\n")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_ees", str(bad), stderr=err)
    assert exit_info.value.code == 1
    assert "not an Explore Education Statistics file" in err.getvalue()
    assert "ERROR FILE-NOT-IMPORTED" in err.getvalue()  # the report every intake prints
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_ees", str(tmp_path / "missing.csv"), stderr=io.StringIO())
    assert exit_info.value.code == 2


def test_the_command_is_documented():
    done = subprocess.run(
        [sys.executable, "-m", "notinschool.manage", "import_ees", "--help"], capture_output=True, text=True, check=True
    )
    assert "--publication" in done.stdout and "--quiet" in done.stdout
