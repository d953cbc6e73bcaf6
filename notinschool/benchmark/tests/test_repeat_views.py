"""A dashboard page seen again in the same session within the minute is answered before the session,
person and permissions are loaded; anything that could change what that person may see, or what the
page says, sends the request the ordinary way (ADR 0615)."""

import re
import time

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory

from notinschool.accounts.middleware import LAST_SEEN_AT
from notinschool.accounts.models import User
from notinschool.benchmark.repeat_views import EPOCH_KEY
from notinschool.benchmark.tests.factories import store_returns
from notinschool.places.selectors import la_by_code
from tests.access_cases import sign_in

MEASURE = "/dashboard/south-east/2023-24-summer/ehe_total/?las=886,936"
DOWNLOAD = "/dashboard/south-east/2023-24-summer/ehe_total/table.csv"


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def message_waiting(client, text: str) -> None:
    """A message for the next page, as one left by saving something (a comparison group) rides in
    a cookie."""
    waiting = CookieStorage(RequestFactory().get("/"))
    waiting.add(messages.SUCCESS, text)
    carrier = HttpResponse()
    waiting.update(carrier)
    client.cookies[CookieStorage.cookie_name] = carrier.cookies[CookieStorage.cookie_name].value


def _without_token(page: bytes) -> bytes:
    """The page without its form token (masked afresh for each page the ordinary way)."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", page)


def get(client, path: str):
    """The response and the SQL statements it made."""
    made = []

    def count(execute, sql, params, many, context):
        made.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    return response, made


def seen(client, path: str = MEASURE):
    """Show the page until it is kept for the session (the first answer writes the session's
    last use, which sets its cookie, so that one is not kept)."""
    for _ in range(2):
        response, _ = get(client, path)
        assert response.status_code == 200
    return response


def again(client, path: str = MEASURE):
    """The next answer, which must have come the quick way: the session comes from the cache, and
    at most one statement reads the network's data version (when the cache does not hold it)."""
    response, made = get(client, path)
    assert response.status_code == 200
    assert len(made) <= 1 and all("data_version_when_read" in sql for sql in made), made
    return response


def ordinary(client, path: str = MEASURE):
    response, made = get(client, path)
    assert len(made) > 2, "the page was answered without the ordinary checks"
    return response


@pytest.mark.django_db
def test_a_page_seen_again_is_the_same_page_and_headers_without_the_database(viewer):
    first = seen(viewer)
    again(viewer)
    repeat, made = get(viewer, MEASURE)
    assert made == []  # the session and the network's data version both came from the cache
    assert repeat.content == first.content
    assert repeat["Content-Type"] == first["Content-Type"]
    assert "no-store" in repeat["Cache-Control"]
    # Headers added around every page (content security, framing) are still there.
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy"):
        assert repeat[header] == first[header]
    assert not repeat.cookies


@pytest.mark.django_db
def test_a_download_seen_again_comes_the_quick_way(viewer):
    first = seen(viewer, DOWNLOAD)
    repeat = again(viewer, DOWNLOAD)
    assert repeat.content == first.content
    assert repeat["Content-Disposition"] == first["Content-Disposition"]


@pytest.mark.django_db
def test_another_persons_session_never_gets_the_kept_page(viewer, south_east):
    seen(viewer)
    other = Client()
    sign_in(other, "coordinator@south-east.example")
    page = ordinary(other)
    assert page.status_code == 200
    assert b"viewer@surrey.example" not in page.content


@pytest.mark.django_db
def test_after_signing_out_the_old_session_gets_nothing(viewer):
    seen(viewer)
    assert_signed_out_session_gets_nothing(viewer, MEASURE)


def assert_signed_out_session_gets_nothing(client, path: str) -> None:
    """Sign ``client`` out; its old session cookie, sent again for ``path``, is sent to sign in."""
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/accounts/sign-out/")
    stranger = Client()
    stranger.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response, _ = get(stranger, path)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


@pytest.mark.django_db
def test_an_unknown_session_cookie_gets_nothing(viewer):
    seen(viewer)
    stranger = Client()
    stranger.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    response, _ = get(stranger, MEASURE)
    assert response.status_code == 302


@pytest.mark.django_db
def test_new_figures_are_shown_at_once(viewer, south_east):
    first = seen(viewer)
    store_returns(periods=["2023-24-summer"], local_authorities=[la_by_code("871")], scale=lambda la: 300)
    after = ordinary(viewer)
    assert after.status_code == 200 and after.content != first.content
    assert again(viewer).content == after.content


@pytest.mark.django_db
def test_a_person_who_loses_access_is_refused_at_once(viewer):
    seen(viewer)
    user = User.objects.get(email="viewer@surrey.example")
    user.local_authority = la_by_code("202")  # Camden: in no network of the South East
    user.save()
    response = ordinary(viewer)
    assert response.status_code in (403, 404)


@pytest.mark.django_db
def test_a_disabled_account_is_refused_at_once(viewer):
    from notinschool.accounts.services import user_set_active
    from notinschool.core.actor import Actor

    seen(viewer)
    user_set_active(actor=Actor.system(), user=User.objects.get(email="viewer@surrey.example"), active=False)
    response, _ = get(viewer, MEASURE)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


@pytest.mark.django_db
def test_access_changes_give_a_new_epoch_but_signing_in_does_not():
    from django.core.cache import cache
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from notinschool.accounts.services import user_roles_set
    from notinschool.core.actor import Actor

    user = User.objects.create_user(email="someone@kent.example", password="a long enough password 1")
    epochs = [cache.get(EPOCH_KEY)]
    user.last_login = user.date_joined
    user.save(update_fields=["last_login"])
    assert cache.get(EPOCH_KEY) == epochs[-1]
    user_roles_set(actor=Actor.system(), user=user, roles=["la_contributor"])
    epochs.append(cache.get(EPOCH_KEY))
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    epochs.append(cache.get(EPOCH_KEY))
    device.delete()
    epochs.append(cache.get(EPOCH_KEY))
    user_roles_set(actor=Actor.system(), user=user, roles=[])
    epochs.append(cache.get(EPOCH_KEY))
    assert None not in epochs[1:] and len(set(epochs)) == len(epochs)


@pytest.mark.django_db
def test_after_a_minute_unused_the_ordinary_way_writes_the_last_use(viewer):
    seen(viewer)
    session = viewer.session
    session[LAST_SEEN_AT] = time.time() - 61
    session.save()
    ordinary(viewer)
    assert time.time() - viewer.session[LAST_SEEN_AT] < 5


@pytest.mark.django_db
def test_a_session_idle_too_long_is_ended_not_answered(viewer):
    seen(viewer)
    session = viewer.session
    session[LAST_SEEN_AT] = time.time() - settings.NOTINSCHOOL_SESSION_IDLE_SECONDS - 1
    session.save()
    response, _ = get(viewer, MEASURE)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


@pytest.mark.django_db
def test_a_message_waiting_is_shown_not_skipped(viewer):
    seen(viewer)
    message_waiting(viewer, "Your comparison group was saved.")
    page = ordinary(viewer)
    assert b"Your comparison group was saved." in page.content


@pytest.mark.django_db
def test_each_page_and_choice_is_kept_apart(viewer):
    seen(viewer)
    other = "/dashboard/south-east/2023-24-summer/ehe_total/?las=886"
    first_other = ordinary(viewer, other)
    assert first_other.content != again(viewer).content


@pytest.mark.django_db
def test_a_host_the_service_does_not_answer_for_is_refused(viewer):
    seen(viewer)
    response = viewer.get(MEASURE, HTTP_HOST="attacker.example")
    assert response.status_code == 400


@pytest.mark.django_db
def test_when_the_cache_lets_the_content_go_the_page_is_made_the_ordinary_way(viewer):
    from django.core.cache import cache

    from notinschool.benchmark.repeat_views import _key

    first = seen(viewer)
    kept = cache.get(_key(viewer.cookies[settings.SESSION_COOKIE_NAME].value, MEASURE))
    before, after = kept["around"]
    assert b"Sign out" in before and b"Accessibility statement" in after  # this person's header; the footer
    assert len(before) + len(after) < len(first.content) / 4  # the content itself is not kept twice
    cache.delete(kept["content_key"])
    made = ordinary(viewer).content
    assert _without_token(made) == _without_token(first.content)
    assert again(viewer).content == made


@pytest.mark.django_db
def test_the_epoch_is_renewed_again_when_the_change_is_committed(django_capture_on_commit_callbacks):
    """A page made while a role was being taken away, from the roles before, is kept under the
    epoch given during the change: the commit gives another, so that page is never answered."""
    from django.core.cache import cache

    from notinschool.accounts.services import user_roles_set
    from notinschool.core.actor import Actor

    user = User.objects.create_user(email="someone@kent.example", password="a long enough password 1")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        user_roles_set(actor=Actor.system(), user=user, roles=["la_contributor"])
        during = cache.get(EPOCH_KEY)
    assert callbacks
    assert cache.get(EPOCH_KEY) not in (None, during)


@pytest.mark.django_db
def test_the_data_version_kept_for_pages_seen_again_follows_each_write(south_east, django_capture_on_commit_callbacks):
    """Gone from the cache as soon as a write gives a new version; the new one is set when the
    write commits, over an old one a reader put back meanwhile (ADR 0617)."""
    from django.core.cache import cache

    from notinschool.places.selectors import data_version, data_version_key, data_version_now
    from notinschool.places.services import data_changed

    key = data_version_key("south-east")
    before = data_version_now("south-east")
    assert cache.get(key) == before == data_version(south_east)
    with django_capture_on_commit_callbacks(execute=True):
        data_changed(network_ids=[south_east.id])
        assert cache.get(key) is None
        cache.add(key, before)  # a reader who read the version before the commit
    after = data_version(south_east)
    assert after != before and cache.get(key) == after == data_version_now("south-east")
    assert data_version_now("no-such-network") is None


@pytest.mark.django_db
def test_a_page_answered_again_is_kept_in_the_process_until_its_figures_change(viewer, south_east):
    from django.core.cache import cache

    from notinschool.benchmark.repeat_views import _key

    first = seen(viewer)
    assert again(viewer).content == first.content
    kept = cache.get(_key(viewer.cookies[settings.SESSION_COOKIE_NAME].value, MEASURE))
    cache.delete(kept["content_key"])
    repeat, made = get(viewer, MEASURE)
    assert made == [] and repeat.content == first.content  # the process's own copy, unchanged
    store_returns(periods=["2023-24-summer"], local_authorities=[la_by_code("871")], scale=lambda la: 300)
    assert ordinary(viewer).content != first.content


@pytest.mark.django_db
def test_a_hostile_path_or_cookie_names_no_cache_key(viewer):
    """Only a network's short name and a session key as Django makes them go into a cache key."""
    import warnings

    from django.core.cache import CacheKeyWarning

    seen(viewer)
    stranger = Client()
    stranger.cookies[settings.SESSION_COOKIE_NAME] = "a b\x7f" * 100
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        for client in (viewer, stranger):
            for path in ("/dashboard/a%20b%7F/2023-24-summer/", "/dashboard/" + "x" * 300 + "/"):
                response, _ = get(client, path)
                assert response.status_code in (302, 404)
