"""The hostile corpus against the population-estimates and statistical-neighbour imports (both
commands): each file gets a clear message and nothing is changed."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from notinschool.intake import NEIGHBOURS, POPULATION
from notinschool.intake.tests.corpus import hostile_files
from notinschool.places.models import PopulationEstimate, StatisticalNeighbour

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("hostile", [pytest.param(h, id=h.name) for h in hostile_files(POPULATION)])
def test_import_population_refuses_each_hostile_file(tmp_path, reference_data, hostile):
    before = set(PopulationEstimate.objects.values_list("local_authority_id", "mid_year", "age_5_to_16"))
    path = tmp_path / hostile.filename
    path.write_bytes(hostile.data)
    with pytest.raises(CommandError, match="Nothing was changed") as refused:
        call_command("import_population", str(path))
    assert len(str(refused.value)) > 40
    assert set(PopulationEstimate.objects.values_list("local_authority_id", "mid_year", "age_5_to_16")) == before


@pytest.mark.parametrize("hostile", [pytest.param(h, id=h.name) for h in hostile_files(NEIGHBOURS)])
def test_load_statistical_neighbours_refuses_each_hostile_file(tmp_path, reference_data, hostile):
    before = set(StatisticalNeighbour.objects.values_list("local_authority_id", "neighbour_id", "rank"))
    path = tmp_path / hostile.filename
    path.write_bytes(hostile.data)
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("load_statistical_neighbours", str(path))
    assert set(StatisticalNeighbour.objects.values_list("local_authority_id", "neighbour_id", "rank")) == before


@pytest.mark.parametrize("count", ["99999999999999999999999", "2147483648000", "٣"])
def test_a_population_count_that_cannot_fit_is_refused(tmp_path, reference_data, count):
    path = tmp_path / "population.csv"
    path.write_text(f"ladcode23,laname23,mid_year,age_5_to_16\nE10000016,Kent,2024,{count}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Row 2"):
        call_command("import_population", str(path))
    assert not PopulationEstimate.objects.filter(mid_year=2024).exists()
