"""DfE's part of a dashboard page is kept per reference version and the network's members: it
outlives the approval of a return, and is made again at once when DfE's figures, population
estimates or the network's members change (ADR 0616)."""

import pytest
from django.test import Client

from notinschool.benchmark.tests.factories import store_returns
from notinschool.benchmark.tests.test_published_figures import _section, published  # noqa: F401 - a fixture
from notinschool.places.selectors import la_by_code, network_by_slug, network_ref
from notinschool.places.services import data_changed
from notinschool.published.tests.builders import ENGLAND, run_import, tidy
from tests.access_cases import sign_in

pytestmark = pytest.mark.django_db
MEASURE = "/dashboard/south-east/2023-24-summer/ehe_total/"
SOUTH_EAST = "E92000001,England,E12000008,South East,,,"
# A later release of the census file with a new figure for the South East.
NEW_FIGURES = tidy(
    [
        f"202324,Summer term,National,{ENGLAND},Total,Total,98700,100,1.234",
        f"202324,Summer term,Regional,{SOUTH_EAST},Total,Total,17110,100,",
    ]
)


def _kept_section():
    """The measure page's DfE section as the page builder gets it now."""
    from notinschool.benchmark.data.measures import dashboard_measure
    from notinschool.benchmark.pages.measure import measure_page
    from notinschool.benchmark.pages.published_figures import for_measure_page
    from notinschool.benchmark.pages.selection import Selection

    network = network_ref(network_by_slug("south-east"))
    page = measure_page(
        network=network,
        period="2023-24-summer",
        measure=dashboard_measure("2023-24-summer", "ehe_total"),
        selection=Selection(),
    )
    return network, for_measure_page(page)


def test_an_approved_return_keeps_dfes_part_a_dfe_import_makes_it_again(published):  # noqa: F811
    before, section = _kept_section()
    store_returns(periods=["2023-24-summer"], local_authorities=[la_by_code("871")], scale=lambda la: 300)
    after, again = _kept_section()
    assert after.data_version != before.data_version
    assert after.reference_version == before.reference_version
    assert again is section  # not made again: nothing DfE publishes changed

    run_import(NEW_FIGURES, "ehe_census.csv")
    imported, renewed = _kept_section()
    assert imported.reference_version != before.reference_version
    assert renewed is not section
    assert any(row.count == "17,110" for row in renewed.headline)


def test_a_page_shows_dfes_new_figures_at_once(published):  # noqa: F811
    client = Client()
    sign_in(client, "viewer@surrey.example")
    assert "16,020" in _section(client.get(MEASURE).content.decode())
    run_import(NEW_FIGURES, "ehe_census.csv")
    section = _section(client.get(MEASURE).content.decode())
    assert "17,110" in section and "16,020" not in section


def test_a_change_of_members_makes_dfes_part_again(published):  # noqa: F811
    from notinschool.places.models import Network

    _, section = _kept_section()
    network = Network.objects.get(slug="south-east")
    network.local_authorities.remove(la_by_code("886"))
    data_changed(network_ids=[network.id])
    _, again = _kept_section()
    assert again is not section
    assert "Kent" in {row.name for row in section.network}
    assert "Kent" not in {row.name for row in again.network}
    assert "Kent" in {row.name for row in again.outside}


def test_population_estimates_loaded_make_dfes_part_again(published):  # noqa: F811
    before, section = _kept_section()
    data_changed(everywhere=True)  # as loading population estimates does, in its transaction
    after, again = _kept_section()
    assert after.reference_version != before.reference_version and again is not section


def _kent_row(client) -> str:
    page = client.get(MEASURE).content.decode()
    start = page.index("<tbody")
    return page[page.index(">Kent<", start) :].split("</tr>")[0]


def test_a_population_estimate_replaced_changes_the_rates_at_once(south_east, tmp_path):
    from notinschool.benchmark.data.population import populations_for
    from notinschool.places.population import import_population_file

    client = Client()
    sign_in(client, "viewer@surrey.example")
    row_before = _kent_row(client)
    network = network_ref(network_by_slug("south-east"))
    kept = populations_for("2023-24-summer", ["886", "936"], reference_version=network.reference_version)
    assert populations_for("2023-24-summer", ["936", "886"], reference_version=network.reference_version) is kept

    replacement = tmp_path / "kent.csv"
    replacement.write_text("new_la_code,mid_year,age_5_to_16\nE10000016,2022,123456\n")
    import_population_file(replacement)
    network = network_ref(network_by_slug("south-east"))
    now = populations_for("2023-24-summer", ["886", "936"], reference_version=network.reference_version)
    assert kept.of("886") != 123456 and now.of("886") == 123456
    assert _kent_row(client) != row_before  # Kent's rate, from the new estimate


def test_dfes_latest_figures_of_las_without_a_return_are_kept_until_dfe_publishes(published):  # noqa: F811
    """The figures a profile or the overview shows for LAs without a return: kept across an
    approval, read again once DfE's new figures are imported."""
    from notinschool.benchmark.data.published import latest_by_la
    from notinschool.published.tests.builders import KENT

    def latest():
        version = network_ref(network_by_slug("south-east")).reference_version
        return latest_by_la(["ehe_total"], "2023-24-summer", {"886"}, reference_version=version)

    first = latest()
    assert first[("886", "ehe_total")].value.figure.value is None  # DfE's "low"
    store_returns(periods=["2023-24-summer"], local_authorities=[la_by_code("871")], scale=lambda la: 300)
    assert latest() is first
    run_import(tidy([f"202324,Summer term,Local authority,{KENT},Total,Total,990,100,"]), "ehe_census.csv")
    assert latest()[("886", "ehe_total")].value.figure.value == 990


def test_a_networks_la_is_found_by_any_of_its_codes_without_a_query_for_the_usual_ones(south_east):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notinschool.benchmark.data.reference_kept import network_places_kept, place_in_network_kept

    network = network_ref(network_by_slug("south-east"))
    network_places_kept(network)  # the network's LAs, read once for its data version
    with CaptureQueriesContext(connection) as read:
        by_old, by_new = place_in_network_kept(network, "825"), place_in_network_kept(network, " e06000060 ")
    assert by_old == by_new and by_old.name == "Buckinghamshire" and len(read) == 0
    # Buckinghamshire's code before 2020 is not among the kept LAs' codes: looked up as before.
    assert place_in_network_kept(network, "E10000002") == by_old
    assert place_in_network_kept(network, "800") is None  # Bath: not in the network
    assert place_in_network_kept(network, "999") is None


def test_neighbours_and_their_names_are_read_once_a_reference_version(south_east):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notinschool.benchmark.data.reference_kept import neighbour_codes_kept, places_by_old_codes_kept
    from notinschool.places.models import StatisticalNeighbour
    from notinschool.places.selectors import places_by_old_codes

    network = network_ref(network_by_slug("south-east"))
    neighbours = neighbour_codes_kept(network, "825")
    names = places_by_old_codes_kept(network, neighbours)
    assert len(neighbours) == 10 and set(names) == set(neighbours)
    asked = [*neighbours, "E06000060", "999"]  # a current code is not an old code
    assert places_by_old_codes_kept(network, asked) == places_by_old_codes(asked)
    assert list(places_by_old_codes_kept(network, asked)) == list(places_by_old_codes(asked))  # name order
    with CaptureQueriesContext(connection) as read:
        assert neighbour_codes_kept(network, "825") == neighbours
        assert places_by_old_codes_kept(network, reversed(neighbours)) == names
    assert len(read) == 0
    neighbours.append("999")  # a caller's own list: what is kept is not changed
    assert len(neighbour_codes_kept(network, "825")) == 10

    # A new neighbour file: loading it gives a new reference version, and the new neighbours show.
    StatisticalNeighbour.objects.filter(local_authority__old_code="825", rank__gt=3).delete()
    data_changed(everywhere=True)
    renewed = network_ref(network_by_slug("south-east"))
    assert renewed.reference_version != network.reference_version
    assert neighbour_codes_kept(renewed, "825") == neighbours[:3]


def test_las_chosen_by_any_code_are_found_as_the_selector_finds_them_from_one_kept_map(south_east):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notinschool.benchmark.data import reference_kept
    from notinschool.places.selectors import places_by_codes

    network = network_ref(network_by_slug("south-east"))
    asked = ["886", " e06000060", "E10000002", "825", "800", "999", "not a code", "E06000039"]
    assert reference_kept.places_by_codes_kept(network, asked) == places_by_codes(asked)
    entries = len(reference_kept._kept)
    with CaptureQueriesContext(connection) as read:
        chosen = reference_kept.places_by_codes_kept(network, ["936", "E06000039"])
        assert [p.name for p in chosen] == ["Slough", "Surrey"]
        for n in range(50):  # a reader's choices, however many, add nothing to what is kept
            reference_kept.places_by_codes_kept(network, [f"X{n}", "886"])
    assert len(read) == 0 and len(reference_kept._kept) == entries
