"""Every kind of write the dashboard shows gives the networks concerned a new data version, in the
same transaction (ADR 0007), and a cached page never shows figures from before the change."""

import datetime
import io

import pytest
from django.core.cache import cache

from notinschool.benchmark.tests.factories import new_version_for_slough
from notinschool.places.models import Network
from notinschool.places.selectors import data_version
from notinschool.places.services import data_changed
from notinschool.published.services import import_ees
from notinschool.published.tests.builders import ENGLAND, tidy
from notinschool.returns import services
from notinschool.returns.models import Collection, Return
from tests.access_cases import sign_in

pytestmark = pytest.mark.django_db
PERIOD = "2023-24-summer"
OVERVIEW = f"/dashboard/south-east/{PERIOD}/"
SUMMER = "202324,Summer term"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _kent() -> Return:
    return Return.objects.get(local_authority__old_code="886", period=PERIOD)  # submitted, not approved


def _collection(network) -> Collection:
    return Collection.objects.get(network=network, period=PERIOD)


def _new_version_for_slough():
    return new_version_for_slough(PERIOD).return_record


def _import(england: str, file_name: str = "ehe_census.csv") -> None:
    text = tidy([f"{SUMMER},National,{ENGLAND},Total,Total,{england},100,1.2"])
    import_ees(source=io.BytesIO(text.encode()), file_name=file_name)


def _population(tmp_path) -> None:
    from notinschool.places.population import import_population_file

    path = tmp_path / "surrey.csv"
    path.write_text("new_la_code,mid_year,age_5_to_16\nE10000030,2022,150000\n")
    import_population_file(path)


def _neighbours() -> None:
    from notinschool.places.services import load_statistical_neighbours

    header = "la_num," + ",".join(f"sn{i},snp{i}" for i in range(1, 11))
    codes = ["936", "938", "850", "931", "845", "825", "881", "919", "935", "926"]
    load_statistical_neighbours(f"{header}\n886,{','.join(f'{c},Close' for c in codes)}".encode())


def _membership(network) -> None:
    from notinschool.places.services import network_create

    codes = [la.old_code for la in network.local_authorities.all() if la.old_code != "871"]
    network_create(slug=network.slug, name=network.name, la_codes=codes)


WRITES = {
    "a new version of a return": lambda network, tmp_path: _new_version_for_slough(),
    "submitting a return": lambda network, tmp_path: services.return_submit(record=_new_version_for_slough()),
    "approving a return": lambda network, tmp_path: services.return_approve(record=_kent()),
    "sending a return back": lambda network, tmp_path: services.return_send_back(record=_kent(), reason="Recount"),
    "reopening a return": lambda network, tmp_path: services.return_reopen(record=_kent(), reason="A correction"),
    "opening a collection": lambda network, tmp_path: services.collection_open(
        network=network,
        period="2024-25-autumn",
        census_date=datetime.date(2024, 10, 3),
        due_date=datetime.date(2024, 10, 31),
    ),
    "changing a collection's settings": lambda network, tmp_path: services.collection_update(
        collection=_collection(network),
        census_date=_collection(network).census_date,
        due_date=_collection(network).due_date,
        provisional_figures="hide",
    ),
    "closing a collection": lambda network, tmp_path: services.collection_close(collection=_collection(network)),
    "reopening a collection": lambda network, tmp_path: services.collection_reopen(collection=_collection(network)),
    "changing a network's members": lambda network, tmp_path: _membership(network),
    "importing DfE's figures": lambda network, tmp_path: _import("98700"),
    "superseding DfE's figures with a later release": lambda network, tmp_path: _import("98800", "ehe_census_v2.csv"),
    "importing population estimates": lambda network, tmp_path: _population(tmp_path),
    "loading statistical neighbours": lambda network, tmp_path: _neighbours(),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_kind_of_write_gives_a_new_version(south_east, tmp_path, write):
    if write == "superseding DfE's figures with a later release":
        _import("98700")
    before = data_version(south_east)
    WRITES[write](south_east, tmp_path)
    assert data_version(south_east) != before


def test_a_return_changes_only_the_networks_its_la_is_in(south_east):
    south_west = Network.objects.get(slug="south-west")
    before = data_version(south_east), data_version(south_west)
    services.return_approve(record=_kent())
    assert data_version(south_east) != before[0] and data_version(south_west) == before[1]


def test_a_write_that_is_rolled_back_leaves_the_version_as_it_was(south_east):
    from django.db import transaction

    before = data_version(south_east)
    with pytest.raises(RuntimeError), transaction.atomic():
        data_changed(network_ids=[south_east.id])
        raise RuntimeError("the write failed")
    assert data_version(south_east) == before


def _page(client) -> str:
    html = client.get(OVERVIEW).content.decode()
    return " ".join(html[html.index("<main") : html.index("</main>")].split())


@pytest.mark.parametrize(
    ("write", "before", "after"),
    [
        ("approving a return", "17 of 19 LAs", "18 of 19 LAs"),
        ("a new version of a return", "Shown as provisional: Kent.", "Shown as provisional: Kent, Slough."),
        ("changing a collection's settings", "Shown as provisional: Kent.", "Only approved returns are shown."),
    ],
)
def test_a_cached_page_never_shows_figures_from_before_a_change(client, south_east, tmp_path, write, before, after):
    sign_in(client, "viewer@surrey.example")
    first = _page(client)
    assert _page(client) == first  # the second time from the cache
    assert before in first
    WRITES[write](south_east, tmp_path)
    now = _page(client)
    assert now != first and after in now


def test_dfe_figures_reach_a_cached_page_as_soon_as_they_are_imported(client, south_east):
    from notinschool.benchmark.tests.reading import by_first_cell, html_table

    def england_rate() -> str:
        table = html_table(client.get(OVERVIEW).content.decode(), "South East Access to Education group: headline")
        ehe = by_first_cell(table[1:])["Children in elective home education (provisional)"]  # Kent's is provisional
        return dict(zip(table[0], ehe, strict=True))["England rate (published)"]

    sign_in(client, "viewer@surrey.example")
    assert england_rate() == "" and england_rate() == ""  # the second from the cache
    _import("98700")
    assert england_rate() == "1.2"


def test_new_population_estimates_change_the_rates_on_a_cached_page(client, south_east, tmp_path):
    sign_in(client, "viewer@surrey.example")
    path = f"/dashboard/south-east/{PERIOD}/ehe_total/table.csv?las=936"
    first = client.get(path).content
    assert client.get(path).content == first
    _population(tmp_path)
    surrey = next(
        line for line in client.get(path).content.decode("utf-8-sig").splitlines() if line.startswith("Surrey")
    )
    assert ",150000," in surrey


@pytest.mark.parametrize(
    "path",
    [
        OVERVIEW,
        f"{OVERVIEW}ehe_total/",
        f"{OVERVIEW}la/886/",
        "/dashboard/south-east/trend/ehe_total/",
        f"{OVERVIEW}overview.csv",
    ],
)
def test_a_cached_page_reads_the_version_with_the_network(client, south_east, django_assert_max_num_queries, path):
    """Session, person with their roles, the network with its data version, membership and groups:
    five queries (seven when the version was worked out from five tables and roles read apart)."""
    sign_in(client, "contributor@kent.example")
    assert client.get(path).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(path).status_code == 200
