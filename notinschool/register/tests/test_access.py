"""Register pages: only the LA's own register officers with two-factor; other LAs get 404
for the LA's children (audited); reads are audited; pages are never cached."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from notinschool.accounts.models import Role
from notinschool.audit.models import AuditEntry
from notinschool.register.tenancy import scoped as in_la
from notinschool.register.tests import access
from notinschool.register.tests.conftest import make_user, signed_in

pytestmark = pytest.mark.django_db
VIEWS = Path(__file__).resolve().parents[1] / "views"


def urls_for(child):
    access.prepare()
    for name, (kwargs, _outcomes) in access.EXPECTED.items():
        made = kwargs() if callable(kwargs) else kwargs
        if "child_id" in made:
            made = {**made, "child_id": child.pk}
            if "episode_id" in made:
                made["episode_id"] = child.episodes.first().pk
            if "contact_id" in made:
                made["contact_id"] = child.contacts.first().pk if child.contacts.exists() else 1
            for key, related in (("notification_id", "notifications"), ("transfer_id", "transfers")):
                if key in made:
                    first = getattr(child, related).first()
                    made[key] = first.pk if first else 1
        yield name, reverse(name, kwargs=made or None)


@pytest.fixture
def kent_child_with_contact(child, kent, surrey):
    with in_la(kent):
        child.contacts.create(kind="home_visit", scheduled_for="2025-10-01")
        child.notifications.create(sent_by="parent", sender_name="A parent", received_on="2025-10-02", awaiting="x")
        child.transfers.create(local_authority=kent, direction="out", other_la=surrey, moved_on="2025-11-01")
    return child


def test_another_las_officer_gets_404_for_every_child_url_and_is_audited_for_both_las(
    client, surrey_officer, kent_child_with_contact, kent, surrey
):
    """Every attempt is logged under Surrey (the person's LA) and under Kent (the child's), so
    Kent's own audit shows it as well as the administrator's."""
    signed_in(client, surrey_officer)
    child = kent_child_with_contact
    refused = AuditEntry.objects.filter(action="access.refused", target_id=child.pk)
    for name, url in urls_for(child):
        if child.pk not in url:
            continue
        for method in (client.get, client.post):
            before_surrey = refused.filter(local_authority=surrey).count()
            before_kent = refused.filter(local_authority=kent).count()
            response = method(url)
            if response.status_code == 405:  # a GET-only page refuses POST before looking
                continue
            assert response.status_code == 404, (name, method.__name__, response.status_code)
            assert refused.filter(local_authority=surrey).count() == before_surrey + 1, name
            assert refused.filter(local_authority=kent).count() == before_kent + 1, name
            entry = refused.filter(local_authority=kent).first()
            assert entry.actor_email == "officer@surrey.test" and entry.details["from_la"] == "936"
    with in_la(kent):
        assert child.episodes.count() == 1  # nothing changed


def test_an_unknown_id_is_audited_under_the_persons_la_only(officer_client, kent):
    response = officer_client.get("/register/children/no-such-child-at-all00/")
    assert response.status_code == 404
    entries = AuditEntry.objects.filter(action="access.refused", target_id="no-such-child-at-all00")
    assert [e.local_authority_id for e in entries] == [kent.pk]


def test_own_officer_can_open_every_child_url(officer_client, kent_child_with_contact):
    for name, url in urls_for(kent_child_with_contact):
        response = officer_client.get(url)
        assert response.status_code in (200, 302, 405), (name, response.status_code)
        assert "no-store" in response["Cache-Control"], name


@pytest.mark.parametrize(
    ("email", "la", "role"),
    [
        ("contributor@kent.test", "886", Role.LA_CONTRIBUTOR),
        ("approver@kent.test", "886", Role.LA_APPROVER),
        ("admin@service.test", None, Role.SYSTEM_ADMINISTRATOR),
    ],
)
def test_other_roles_are_refused(client, child, email, la, role):
    signed_in(client, make_user(email, la, role))
    for name, url in urls_for(child):
        assert client.get(url).status_code == 403, name


def test_officer_without_second_factor_is_sent_to_give_it(client, officer, child):
    signed_in(client, officer, two_factor=False)
    response = client.get(reverse("register:child", kwargs={"child_id": child.pk}))
    assert response.status_code == 302 and "/accounts/two-factor/" in response["Location"]


def test_signed_out_people_are_sent_to_sign_in(client, child):
    response = client.get(reverse("register:child", kwargs={"child_id": child.pk}))
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_reading_a_record_is_audited_with_who_and_which_child(officer_client, officer, child):
    officer_client.get(reverse("register:child", kwargs={"child_id": child.pk}))
    entry = AuditEntry.objects.filter(action="personal-data.read", target_id=child.pk).get()
    assert entry.actor == officer and entry.local_authority_id == child.local_authority_id
    assert entry.details["what"] == "record"


def test_child_ids_are_opaque_tokens(child):
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", child.pk)


def test_search_keeps_names_out_of_urls(officer_client, child):
    response = officer_client.post(reverse("register:home"), {"name": "Testcase", "date_of_birth": "4/5/2014"})
    assert response.status_code == 302
    assert "Testcase" not in response["Location"] and "2014" not in response["Location"]
    page = officer_client.get(response["Location"])
    assert "Testcase" in page.content.decode()
    assert AuditEntry.objects.filter(action="personal-data.read", details__what="search").exists()


def test_search_form_errors_return_200_with_summary(officer_client):
    response = officer_client.post(reverse("register:home"), {"name": "", "date_of_birth": "31/2/2014"})
    assert response.status_code == 200
    assert "<title>Error: " in response.content.decode()


def test_views_never_query_children_from_the_model():
    offenders = [p.name for p in VIEWS.glob("*.py") if "Child.objects" in p.read_text()]
    assert offenders == [], "views must start from the LA: la.children.filter(...)"
