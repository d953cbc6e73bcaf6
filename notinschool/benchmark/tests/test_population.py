"""Population estimates: reading ONS files, the lag setting and the fall-back year."""

import pytest

from notinschool.benchmark.data.population import populations_for, target_mid_year
from notinschool.places.models import PopulationEstimate
from notinschool.places.population import PopulationFileError, import_population_file, load_shipped_population

pytestmark = pytest.mark.django_db


def test_shipped_file_loads_every_la_for_two_years(reference_data):
    result = load_shipped_population()
    assert result.years == {2022, 2023} and not result.unknown_codes
    kent = PopulationEstimate.objects.get(local_authority__old_code="886", mid_year=2023)
    assert kent.age_5_to_16 > 200_000
    assert load_shipped_population().stored == result.stored  # loading twice changes nothing
    assert PopulationEstimate.objects.count() == result.stored


def test_single_ages_long_layout_and_bad_files(reference_data, tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text("new_la_code,mid_year," + ",".join(f"age_{a}" for a in range(5, 17)) + "\n"
                    "E10000016,2024," + ",".join(["100"] * 12) + "\nE92000001,2024," + ",".join(["1"] * 12) + "\n"
                    "E99999999,2024," + ",".join(["1"] * 12) + "\n")  # fmt: skip
    result = import_population_file(wide)
    assert result.stored == 1 and result.not_las == 1 and result.unknown_codes == ["E99999999"]
    assert PopulationEstimate.objects.get(local_authority__old_code="886", mid_year=2024).age_5_to_16 == 1200
    long = tmp_path / "long.csv"
    long.write_text(
        "ladcode23,sex,age,population_2024\n936,1,4,999\n936,1,5,10\n936,2,5,11\n936,1,16,5\n936,1,17,999\n"
    )
    import_population_file(long)
    assert PopulationEstimate.objects.get(local_authority__old_code="936", mid_year=2024).age_5_to_16 == 26
    bad = tmp_path / "bad.csv"
    bad.write_text("new_la_code,mid_year,age_5_to_16," + ",".join(f"age_{a}" for a in range(5, 17)) + "\n"
                   "886,2024,5," + ",".join(["1"] * 12) + "\n")  # fmt: skip
    with pytest.raises(PopulationFileError, match="add up to 12"):
        import_population_file(bad)


def test_lag_setting_and_fall_back_to_the_latest_earlier_year(reference_data, settings):
    load_shipped_population()
    assert target_mid_year("2024-25-autumn") == 2023
    settings.NOTINSCHOOL_POPULATION_LAG_YEARS = 2
    assert target_mid_year("2024-25-autumn") == 2022
    settings.NOTINSCHOOL_POPULATION_LAG_YEARS = 1
    later = populations_for("2026-27-autumn", ["886"])  # wants mid-2025: mid-2023 is the latest loaded
    assert later.years["886"] == 2023 and "mid-2025 is not loaded" in later.describe()
    earlier = populations_for("2022-23-autumn", ["886"])  # wants mid-2021: nothing earlier, so no rate
    assert earlier.of("886") is None and "No ONS population estimate" in earlier.describe()
