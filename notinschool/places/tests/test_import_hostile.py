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
    with pytest.raises(CommandError, match="line 2, column age_5_to_16"):
        call_command("import_population", str(path))
    assert not PopulationEstimate.objects.filter(mid_year=2024).exists()


def test_every_problem_in_a_population_file_is_reported_not_just_the_first(tmp_path, reference_data, capsys):
    path = tmp_path / "population.csv"
    path.write_text(
        "ladcode23,mid_year,age_5_to_16\nE10000016,2024,12x\nE06000036,2024,=SUM(A1)\nE06000037,2024,5000\n"
        "E06000038,20x4,6000\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("import_population", str(path))
    printed = capsys.readouterr().err
    # One report, as every import prints it: each problem with its code, line, column and value.
    assert "population.csv: not valid: 3 errors" in printed
    assert "ROW-VALUE              line 2: age_5_to_16 “12x”" in printed
    assert "line 3: age_5_to_16 “=SUM(A1)”" in printed
    assert "line 5: mid_year “20x4”" in printed
    assert not PopulationEstimate.objects.filter(mid_year=2024).exists()  # nor the good row


def test_a_population_file_laid_out_wrong_is_a_layout_problem_at_its_first_line(tmp_path, reference_data):
    from notinschool.places.population import PopulationFileError, import_population_file

    path = tmp_path / "population.csv"
    path.write_text("ladcode23,mid_year,children\nE10000016,2024,12\n", encoding="utf-8")
    with pytest.raises(PopulationFileError) as refused:
        import_population_file(path)
    [issue] = refused.value.report("population.csv").issues
    assert (issue.rule_code, issue.row) == ("FILE-LAYOUT", 1)
    assert "age_5_to_16" in issue.message


def test_every_unknown_code_in_a_neighbour_file_is_reported_with_its_column(tmp_path, reference_data, capsys):
    header = "la_num," + ",".join(f"sn{i},snp{i}" for i in range(1, 11))
    codes = ["936", "938", "850", "931", "845", "825", "881", "919", "935", "926"]
    kent = "886," + ",".join(f"{code},Close" for code in codes)
    surrey = "999," + ",".join(f"{code},Close" for code in codes)
    path = tmp_path / "neighbours.csv"
    path.write_text(f"{header}\n{kent.replace('850,', '12,', 1)}\n{surrey}\n", encoding="utf-8")
    before = set(StatisticalNeighbour.objects.values_list("local_authority_id", "neighbour_id", "rank"))
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("load_statistical_neighbours", str(path))
    printed = capsys.readouterr().err
    assert "neighbours.csv: not valid: 2 errors" in printed
    assert "ROW-UNKNOWN-LA         line 2: sn3 “12”: neighbour 3 of Kent, '12', is not a known LA." in printed
    assert "line 3: la_num “999”: LA code '999' is not a known LA." in printed
    assert set(StatisticalNeighbour.objects.values_list("local_authority_id", "neighbour_id", "rank")) == before


@pytest.mark.parametrize("age", ["²", "١٢"])
def test_an_age_written_in_other_digits_is_not_one_of_the_ages_counted(tmp_path, reference_data, age):
    # Single years of age in rows: "²" is a digit to Python but no number; the row is not a 5 to 16.
    path = tmp_path / "population.csv"
    rows = "".join(f"E10000016,{a},{n}\n" for a, n in [(5, 100), (age, 999), *((a, 10) for a in range(6, 17))])
    path.write_text("ladcode23,age,population_2024\n" + rows, encoding="utf-8")
    call_command("import_population", str(path))
    assert PopulationEstimate.objects.get(mid_year=2024, local_authority__old_code="886").age_5_to_16 == 210
