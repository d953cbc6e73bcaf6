"""Dashboard pages are cached per data version: a change of figures is seen at once, and one
person's cached page never shows another person's comparison groups."""

import pytest

from notinschool.benchmark.caching import data_version
from notinschool.benchmark.tests.factories import store_returns
from notinschool.places.selectors import la_by_code
from notinschool.places.services import comparison_group_create
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
    assert "Slough" not in after.split("Not yet approved")[1][:400] if "Not yet approved" in after else True


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
