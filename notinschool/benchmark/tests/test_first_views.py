"""A session shown a page of a network the ordinary way within the minute is answered another page of
that network someone else made (with the same comparison groups) from the cache, with its own
header, and nothing else: the same page and headers as the ordinary way gives (ADR 0620)."""

import time

import pytest
from django.test import Client

from notinschool.accounts.middleware import LAST_SEEN_AT
from notinschool.accounts.models import User
from notinschool.benchmark.tests.factories import store_returns
from notinschool.benchmark.tests.test_repeat_views import (  # _empty_cache: the fixture, for these tests too
    _empty_cache,  # noqa: F401
    _without_token,
    assert_signed_out_session_gets_nothing,
    get,
    message_waiting,
    ordinary,
    seen,
)
from notinschool.places.selectors import la_by_code
from notinschool.places.services import comparison_group_create
from tests.access_cases import sign_in

OVERVIEW = "/dashboard/south-east/2023-24-summer/"
MEASURE = "/dashboard/south-east/2023-24-summer/ehe_total/?las=886,936"
PROFILE = "/dashboard/south-east/2023-24-summer/la/886/"
DOWNLOAD = "/dashboard/south-east/2023-24-summer/ehe_total/table.csv"
HEADERS = (
    "Content-Type",
    "Content-Length",
    "Content-Disposition",
    "Cache-Control",
    "Vary",
    "Content-Security-Policy",
    "X-Frame-Options",
)


def person(email: str) -> Client:
    client = Client()
    sign_in(client, email)
    return client


def reader_with_a_pass(*made: str) -> Client:
    """Kim (Kent) in a session just shown the network's overview, after Vic (Surrey, the same
    comparison groups: none) was shown the pages ``made``."""
    maker = person("viewer@surrey.example")
    for path in made:
        seen(maker, path)
    reader = person("contributor@kent.example")
    seen(reader, OVERVIEW)
    return reader


def quick(client, path: str):
    """An answer that came without the ordinary way: no query but, at most, the data version's."""
    response, made = get(client, path)
    assert response.status_code == 200
    assert len(made) <= 1 and all("data_version_when_read" in sql for sql in made), made
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("path", [MEASURE, PROFILE, DOWNLOAD])
def test_a_page_someone_else_made_is_the_page_and_headers_the_ordinary_way_gives(south_east, path):
    seen(person("viewer@surrey.example"), path)  # made and cached, and its frame kept
    reader = person("contributor@kent.example")
    seen(reader, OVERVIEW)  # shown a page of the network: the session's pass
    first = quick(reader, path)
    # The same person in a session without a pass: the ordinary way, from the same cache.
    other_session = person("contributor@kent.example")
    made = ordinary(other_session, path)
    assert _without_token(first.content) == _without_token(made.content)
    for header in HEADERS:
        assert first.get(header) == made.get(header), header
    assert not first.cookies
    if path != DOWNLOAD:  # their own header: their name, never the maker's
        header = first.content.split(b"<!--person:end-->")[0]
        assert b"Kim Contributor" in header and b"Vic Viewer" not in header


@pytest.mark.django_db
def test_the_pass_is_the_networks_only_and_another_network_goes_the_ordinary_way(south_east):
    coordinator = person("coordinator@south-west.example")
    elsewhere = "/dashboard/south-west/2023-24-summer/"
    coordinator.get(elsewhere)  # whatever it is, it is made for the south west's coordinator
    reader = person("viewer@surrey.example")
    seen(reader, OVERVIEW)
    response = ordinary(reader, elsewhere)
    assert response.status_code in (302, 403, 404)


@pytest.mark.django_db
def test_a_page_nobody_has_made_goes_the_ordinary_way(south_east):
    reader = person("viewer@surrey.example")
    seen(reader, OVERVIEW)
    assert ordinary(reader, PROFILE).status_code == 200
    assert ordinary(reader, "/dashboard/south-east/").status_code == 302  # the index redirects: never kept


@pytest.mark.django_db
def test_other_groups_never_get_the_page_and_a_group_change_ends_the_pass(south_east):
    reader = reader_with_a_pass(MEASURE)
    owner = User.objects.get(email="contributor@kent.example")
    codes = ["886", "936", "850"]
    comparison_group_create(owner=owner, name="Kent's own", local_authorities=[la_by_code(c) for c in codes])
    page = ordinary(reader, MEASURE)  # new groups: a new epoch, and another page key
    assert b"Kent&#39;s own" in page.content or b"Kent's own" in page.content


@pytest.mark.django_db
def test_a_person_who_loses_access_is_refused_at_once(south_east):
    reader = reader_with_a_pass(MEASURE)
    user = User.objects.get(email="contributor@kent.example")
    user.local_authority = la_by_code("202")  # Camden: in no network of the South East
    user.save()
    assert ordinary(reader, MEASURE).status_code in (403, 404)


@pytest.mark.django_db
def test_new_figures_are_never_answered_from_the_page_made_before(south_east):
    reader = reader_with_a_pass(MEASURE)
    before = quick(reader, MEASURE).content
    store_returns(periods=["2023-24-summer"], local_authorities=[la_by_code("871")], scale=lambda la: 300)
    after = ordinary(reader, MEASURE)
    assert _without_token(after.content) != _without_token(before)


@pytest.mark.django_db
def test_an_idle_session_or_a_message_waiting_goes_the_ordinary_way(south_east):
    reader = reader_with_a_pass(MEASURE, PROFILE)
    session = reader.session
    session[LAST_SEEN_AT] = time.time() - 61
    session.save()
    ordinary(reader, MEASURE)  # writes the last use again
    message_waiting(reader, "Saved.")
    page = ordinary(reader, PROFILE)
    assert b"Saved." in page.content


@pytest.mark.django_db
def test_a_signed_out_session_gets_nothing(south_east):
    assert_signed_out_session_gets_nothing(reader_with_a_pass(MEASURE), MEASURE)


@pytest.mark.django_db
def test_only_a_view_that_asks_to_see_the_dashboard_is_answered_from_a_pass(south_east, monkeypatch):
    """The pass vouches that the person may see the network's dashboard, nothing more: a view
    that asked more would go the ordinary way even with its page in the cache."""
    from notinschool.benchmark import views
    from notinschool.core.access import ACCESS_ATTRIBUTE

    reader = reader_with_a_pass(MEASURE)
    monkeypatch.setattr(views.measure, ACCESS_ATTRIBUTE, "a_stricter_permission")
    ordinary(reader, MEASURE)


def test_every_dashboard_view_asks_to_see_the_network_in_its_path():
    """What a pass stands on: each view under /dashboard/ needs the dashboard permission on the
    network its path names (so a page any of them made is one the person may see)."""
    from notinschool.accounts.permissions import Permission
    from notinschool.benchmark import urls
    from notinschool.core.access import ACCESS_ATTRIBUTE

    for pattern in urls.urlpatterns:
        assert getattr(pattern.callback, ACCESS_ATTRIBUTE) == str(Permission.VIEW_DASHBOARD), pattern.name
        assert "<slug:network>/" in str(pattern.pattern), pattern.name


@pytest.mark.django_db
def test_a_message_shown_to_the_person_who_made_the_page_never_reaches_anyone_else(south_east):
    maker = person("viewer@surrey.example")
    seen(maker, OVERVIEW)
    message_waiting(maker, "Roles for Jane Secret saved.")
    shown = maker.get(MEASURE)  # the page is made, with the maker's message on it
    assert b"Jane Secret" in shown.content
    reader = person("contributor@kent.example")
    seen(reader, OVERVIEW)
    response, _ = get(reader, MEASURE)
    assert response.status_code == 200 and b"Jane Secret" not in response.content
    assert b"Jane Secret" not in quick(reader, MEASURE).content  # its frame came from an answer without it


@pytest.mark.django_db
def test_a_reader_with_other_groups_goes_the_ordinary_way_while_the_pass_holds(south_east):
    owner = User.objects.get(email="contributor@kent.example")
    codes = ["886", "936", "850"]
    comparison_group_create(owner=owner, name="Kent's own", local_authorities=[la_by_code(c) for c in codes])
    reader = person("contributor@kent.example")
    seen(reader, OVERVIEW)  # the pass, with the reader's group
    seen(person("viewer@surrey.example"), MEASURE)  # made for someone without it
    page = ordinary(reader, MEASURE)
    assert b"Kent&#39;s own" in page.content or b"Kent's own" in page.content


@pytest.mark.django_db
def test_a_pass_from_a_download_alone_answers_downloads_not_pages(south_east):
    maker = person("viewer@surrey.example")
    seen(maker, MEASURE)
    seen(maker, PROFILE)
    reader = person("contributor@kent.example")
    seen(reader, DOWNLOAD)  # a download has no header to keep
    assert ordinary(reader, MEASURE).status_code == 200
    seen(reader, OVERVIEW)  # a page: the pass holds the reader's header
    # A download nobody has made goes the ordinary way; its pass keeps the page's header.
    ordinary(reader, "/dashboard/south-east/2023-24-summer/cme_total/table.csv")
    page = quick(reader, PROFILE)
    assert b"Kim Contributor" in page.content.split(b"<!--person:end-->")[0]
