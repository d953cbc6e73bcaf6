"""The shipped LA reference data against DfE's own file."""

import csv
from pathlib import Path

import pytest

from notinschool.places import reference, selectors
from notinschool.places.models import LocalAuthority, Network, Region, StatisticalNeighbour
from notinschool.places.services import (
    ReferenceDataError,
    load_reference_data,
    load_statistical_neighbours,
    network_create,
)

EES_FILE = Path(__file__).resolve().parents[2] / "published" / "data" / "ehe_census_2022-23_release.csv"


def ees_rows(level: str) -> list[dict]:
    with EES_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["geographic_level"] == level]


def test_every_la_in_dfes_file_is_known_by_both_codes():
    rows = ees_rows("Local authority")
    assert len({row["old_la_code"] for row in rows}) == 152
    for row in rows:
        by_old = reference.find_la(row["old_la_code"])
        by_new = reference.find_la(row["new_la_code"])
        assert by_old is not None, row["la_name"]
        assert by_new is by_old, row["la_name"]
        assert by_old.name == row["la_name"]


def test_buckinghamshire_old_code_resolves_to_the_current_la():
    bucks = reference.find_la("E10000002")
    assert (bucks.old_code, bucks.new_code, bucks.is_current) == ("825", "E06000060", True)
    assert reference.find_la("825") is bucks
    assert reference.find_la(" e06000060 ") is bucks


@pytest.mark.parametrize(
    ("old_code", "former", "current"),
    [("815", "E10000023", "E06000065"), ("933", "E10000027", "E06000066")],
)
def test_reorganised_counties_keep_their_three_digit_code(old_code, former, current):
    assert reference.find_la(former).new_code == current
    assert reference.find_la(old_code).new_code == current


def test_cumbria_is_a_former_la_split_in_two():
    cumbria = reference.find_la("E10000006")
    assert cumbria.status == "former"
    assert cumbria.successor_old_codes == ("942", "943")
    assert reference.find_la("942").name == "Cumberland"
    assert reference.find_la("943").name == "Westmorland and Furness"


def test_there_are_153_current_las_and_unknown_codes_are_none():
    assert len(reference.current_las()) == 153
    assert reference.find_la("999") is None
    assert reference.find_la("") is None


def test_regions_include_inner_and_outer_london_as_dfe_publishes():
    codes = {region.code: region for region in reference.regions()}
    nine = [r for r in codes.values() if r.kind == "region"]
    assert len(nine) == 9
    assert codes["E13000001"].name == "Inner London"
    assert codes["E13000002"].parent_code == "E12000007"
    # Every region DfE's file uses is known.
    for row in ees_rows("Regional"):
        assert row["region_code"] in codes, row["region_name"]


@pytest.mark.django_db
def test_loading_is_idempotent_and_lookups_accept_either_code():
    first = load_reference_data()
    second = load_reference_data()
    assert first == second
    assert LocalAuthority.objects.count() == 158
    assert Region.objects.count() == 12
    kent = selectors.la_by_code("E10000016")
    assert kent == selectors.la_by_code("886")
    assert selectors.la_by_code("E10000002").name == "Buckinghamshire"
    camden = selectors.la_by_code("202")
    assert (camden.region.code, camden.sub_region.code) == ("E12000007", "E13000001")


@pytest.mark.django_db
def test_every_current_la_has_ten_statistical_neighbours(reference_data):
    kent = selectors.la_by_code("886")
    neighbours = selectors.statistical_neighbours(kent)
    assert [n.rank for n in neighbours] == list(range(1, 11))
    assert neighbours[0].neighbour.old_code == "881"  # Essex, DfE's closest to Kent in May 2025
    for la in selectors.current_local_authorities():
        assert StatisticalNeighbour.objects.filter(local_authority=la).count() == 10, la.name


@pytest.mark.django_db
def test_neighbours_reload_from_csv_and_a_bad_file_changes_nothing(reference_data):
    kent = selectors.la_by_code("886")
    header = "la_num," + ",".join(f"sn{i},snp{i}" for i in range(1, 11))
    good = (
        header
        + "\n886,"
        + ",".join(f"{code},Close" for code in ["936", "938", "850", "931", "845", "825", "881", "919", "935", "926"])
    )
    assert load_statistical_neighbours(good.encode()) == 10
    assert selectors.statistical_neighbours(kent)[0].neighbour.name == "Surrey"

    bad = good.replace("936,Close", "123,Close", 1)
    with pytest.raises(ReferenceDataError, match="'123', is not a known LA"):
        load_statistical_neighbours(bad.encode())
    assert selectors.statistical_neighbours(kent)[0].neighbour.name == "Surrey"

    with pytest.raises(ReferenceDataError, match="no column"):
        load_statistical_neighbours(b"name,value\nKent,1\n")
    with pytest.raises(ReferenceDataError, match="UTF-16"):
        load_statistical_neighbours("la_num,sn1\n886,\xe9".encode("utf-16"))


@pytest.mark.django_db
def test_network_accepts_either_code_and_refuses_unknown(reference_data):
    network = network_create(slug="berkshire", name="Berkshire six", la_codes=["867", "E06000037", "870"])
    assert sorted(network.local_authorities.values_list("old_code", flat=True)) == ["867", "869", "870"]
    with pytest.raises(ReferenceDataError, match="not a known LA code"):
        network_create(slug="bad", name="Bad", la_codes=["886", "000"])
    assert not Network.objects.filter(slug="bad").exists()
