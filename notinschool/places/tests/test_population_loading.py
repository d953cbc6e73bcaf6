"""`load_places` loads the shipped ONS populations, so a fresh deployment has rates; it never
replaces an estimate an administrator imported from a file."""

import csv
import io

import pytest
from django.core.management import call_command

from notinschool.places.models import PopulationEstimate
from notinschool.places.population import SHIPPED_FILE, import_population_file

pytestmark = pytest.mark.django_db


def _shipped(new_code: str, year: int) -> int:
    """An LA's estimate as the shipped file gives it, read here straight from the CSV."""
    for row in csv.DictReader(SHIPPED_FILE.read_text(encoding="utf-8-sig").splitlines()):
        if row["new_la_code"] == new_code and int(row["mid_year"]) == year:
            return int(row["age_5_to_16"])
    raise AssertionError(f"{new_code} mid-{year} is not in the shipped file")


def _load_places() -> str:
    out = io.StringIO()
    call_command("load_places", stdout=out)
    return out.getvalue()


def test_load_places_loads_the_shipped_populations_once():
    assert PopulationEstimate.objects.count() == 0
    output = _load_places()
    rows = sum(1 for _ in csv.DictReader(SHIPPED_FILE.read_text(encoding="utf-8-sig").splitlines()))
    assert PopulationEstimate.objects.count() == rows == 306  # 153 LAs, mid-2022 and mid-2023
    kent = PopulationEstimate.objects.get(local_authority__old_code="886", mid_year=2023)
    assert kent.age_5_to_16 == _shipped("E10000016", 2023) and kent.source == SHIPPED_FILE.name
    assert "306 estimates of children aged 5 to 16 stored (mid-2022, mid-2023)." in output
    _load_places()
    assert PopulationEstimate.objects.count() == rows  # idempotent


def test_an_imported_estimate_is_never_replaced_by_the_shipped_one(tmp_path):
    _load_places()
    corrected = tmp_path / "ons-revised.csv"
    corrected.write_text("new_la_code,mid_year,age_5_to_16\nE10000016,2023,123456\n")
    import_population_file(corrected)
    output = _load_places()
    kent = PopulationEstimate.objects.get(local_authority__old_code="886", mid_year=2023)
    assert (kent.age_5_to_16, kent.source) == (123456, "ons-revised.csv")
    assert "1 estimate imported from another file was kept, not replaced." in output
    call_command("import_population", stdout=io.StringIO())  # without FILE: the shipped file, same rule
    assert PopulationEstimate.objects.get(pk=kent.pk).age_5_to_16 == 123456


def test_a_shipped_estimate_is_refreshed_from_the_shipped_file():
    # A release whose shipped file corrects a figure: the row it loaded before is brought up to date.
    _load_places()
    PopulationEstimate.objects.filter(local_authority__old_code="936", mid_year=2022).update(age_5_to_16=1)
    _load_places()
    surrey = PopulationEstimate.objects.get(local_authority__old_code="936", mid_year=2022)
    assert surrey.age_5_to_16 == _shipped("E10000030", 2022)
