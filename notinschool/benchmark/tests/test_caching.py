"""Dashboard pages are cached per data version: a change of figures is seen at once, and one
person's cached page never shows another person's comparison groups."""

import pytest

from notinschool.benchmark.tests.factories import store_returns
from notinschool.places.selectors import data_version, la_by_code
from notinschool.places.services import comparison_group_create, network_create
from notinschool.returns.models import Return
from notinschool.returns.services import return_reopen
from tests.access_cases import sign_in

OVERVIEW = "/dashboard/south-east/2023-24-summer/"


def main(client) -> str:
    html = client.get(OVERVIEW).content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_an_approval_changes_the_data_version_and_the_page(client, south_east):
    sign_in(client, "coordinator@south-east.example")
    before_version = data_version(south_east)
    first = main(client)
    again = main(client)
    assert first == again
    assert "Slough" in first.split("Not yet approved")[1][:400]

    store_returns(periods=["2023-24-summer"], local_authorities=[la_by_code("871")], scale=lambda la: 300)
    assert data_version(south_east) != before_version
    after = main(client)
    assert after != first
    # Kent's return is still waiting, so the list is there, now without Slough.
    assert "Not yet approved: Kent." in after and "17 of 19 LAs" in first and "18 of 19 LAs" in after


@pytest.mark.django_db
def test_reopening_a_return_changes_the_data_version(client, south_east):
    version = data_version(south_east)
    record = Return.objects.filter(period="2023-24-autumn", approved_version__isnull=False).first()
    return_reopen(record=record, reason="A late correction from the LA")
    assert data_version(south_east) != version


@pytest.mark.django_db
def test_one_persons_groups_never_reach_anothers_cached_page(client, south_east):
    from notinschool.accounts.models import User

    owner = User.objects.get(email="contributor@kent.example")
    comparison_group_create(
        owner=owner, name="Kent's private comparators", local_authorities=[la_by_code("886"), la_by_code("887")]
    )
    sign_in(client, "contributor@kent.example")
    assert "Kent&#39;s private comparators" in client.get(OVERVIEW).content.decode()
    client.logout()
    sign_in(client, "contributor@surrey.example")
    html = client.get(OVERVIEW).content.decode()
    assert "private comparators" not in html
    assert "Sasha Contributor" in html and "Kim Contributor" not in html


@pytest.mark.django_db
def test_replacing_a_population_estimate_changes_the_data_version(south_east, tmp_path):
    from notinschool.places.population import import_population_file

    version = data_version(south_east)
    replacement = tmp_path / "kent.csv"
    # The same LA and year as one already loaded: the row is replaced in place (no new id).
    replacement.write_text("new_la_code,mid_year,age_5_to_16\nE10000016,2023,123456\n")
    import_population_file(replacement)
    assert data_version(south_east) != version


@pytest.mark.django_db
def test_loading_statistical_neighbours_changes_the_data_version(south_east):
    """A profile's neighbours come from this table; a load must not leave yesterday's page."""
    from notinschool.places.services import load_statistical_neighbours

    codes = ["936", "938", "850", "931", "845", "825", "881", "919", "935", "926"]
    header = "la_num," + ",".join(f"sn{i},snp{i}" for i in range(1, 11))
    version = data_version(south_east)
    load_statistical_neighbours(f"{header}\n886,{','.join(f'{c},Close' for c in codes)}".encode())
    reloaded = data_version(south_east)
    assert reloaded != version
    # The same neighbours loaded again are new rows: the version moves again, never back.
    load_statistical_neighbours(f"{header}\n886,{','.join(f'{c},Close' for c in codes)}".encode())
    assert data_version(south_east) not in (version, reloaded)


@pytest.mark.django_db
def test_a_change_of_members_changes_the_data_version(south_east):
    def members(codes):  # members change through the places service, as everywhere in the service
        network_create(slug=south_east.slug, name=south_east.name, la_codes=codes)

    codes = [la.old_code for la in south_east.local_authorities.all()]
    version = data_version(south_east)
    members([c for c in codes if c != "871"])
    removed = data_version(south_east)
    assert removed != version
    members([c for c in codes if c != "871"] + ["800"])  # as many members as at first, not the same
    assert data_version(south_east) not in (version, removed)


@pytest.mark.django_db
def test_a_cached_page_costs_a_few_queries(client, south_east, django_assert_max_num_queries):
    """Signed in, a cached page reads the session, the person (with their LA, authenticator, roles
    and the header's network), the network with its data version, their membership and their
    groups: each once. (Seen again in the same session it costs two: test_repeat_views.)"""
    sign_in(client, "contributor@kent.example")
    assert client.get(OVERVIEW).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(OVERVIEW).status_code == 200


@pytest.mark.django_db
def test_a_new_build_never_serves_a_page_the_old_build_rendered(client, south_east, monkeypatch):
    from notinschool.benchmark import caching, page_keys

    sign_in(client, "coordinator@south-east.example")
    first = main(client)
    key_before = caching.page_key(_request(OVERVIEW), _network(south_east), [])
    monkeypatch.setattr(page_keys, "code_fingerprint", lambda: "a-new-build")
    key_after = caching.page_key(_request(OVERVIEW), _network(south_east), [])
    assert key_before != key_after
    assert main(client) == first  # same figures, same page: only the key is new


def test_the_build_fingerprint_follows_the_files(tmp_path, monkeypatch):
    from notinschool.core import release

    (tmp_path / "views.py").write_text("one")
    monkeypatch.setattr(release, "PACKAGE", tmp_path)
    release.code_fingerprint.cache_clear()
    try:
        before = release.code_fingerprint()
        (tmp_path / "views.py").write_text("two")
        release.code_fingerprint.cache_clear()
        changed = release.code_fingerprint()
        assert changed != before
        (tmp_path / "tests").mkdir()
        (tmp_path / "tests" / "test_x.py").write_text("a test")
        release.code_fingerprint.cache_clear()
        assert release.code_fingerprint() == changed  # tests are not the build
    finally:
        release.code_fingerprint.cache_clear()


def _request(path):
    from django.test import RequestFactory
    from django.urls import resolve

    request = RequestFactory().get(path)
    request.resolver_match = resolve(request.path_info)
    return request


def _network(network):
    from notinschool.places.selectors import network_ref

    return network_ref(network)
