"""The register to the letter of the Act (s436B–s436E): eligibility, each parent's time,
providers, optional facts with their source, the fact history, notifications and what is
outstanding, identifiers and duplicates, dates, and a child's name never in a page title."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from notinschool.core.actor import Actor
from notinschool.register import factset, selectors, services
from notinschool.register.models import FactChange, SAOEvent
from notinschool.register.tenancy import scoped

pytestmark = pytest.mark.django_db


def child_url(name, child, **kwargs):
    return reverse(f"register:{name}", kwargs={"child_id": child.pk, **kwargs})


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)


def test_a_childs_name_is_never_in_a_page_title(officer_client, child):
    for name in ("child", "child-edit", "parent-add", "sao-add", "notification-add", "transfer-out"):
        response = officer_client.get(child_url(name, child))
        assert response.status_code == 200
        assert "Ada" not in title_of(response) and "Testcase" not in title_of(response), name
    assert "Ada Testcase" in officer_client.get(child_url("child", child)).content.decode()


def test_eligibility_ground_defaults_from_the_kind_and_shows_on_the_record(officer_client, child, kent):
    response = officer_client.post(child_url("episode-add", child, kind="flexi"), {"start_date": "1/9/2025"})
    assert response.status_code == 302
    with scoped(kent):
        flexi = child.episodes.get(kind="flexi")
    assert flexi.eligibility_ground == "educated_elsewhere"
    page = officer_client.get(child_url("child", child)).content.decode()
    assert "s436B(5)(b)" in page and "s436B(5)(a)" in page and "Of compulsory school age" in page


def test_each_parent_has_their_own_time_and_the_history_keeps_it(officer_client, child, kent):
    url = child_url("parent-add", child)
    officer_client.post(url, {"name": "Pat Parent", "educates_child": "on", "hours_educating": "12"})
    officer_client.post(url, {"name": "Sam Parent", "educates_child": "on", "hours_educating": "6.5"})
    page = officer_client.get(child_url("child", child)).content.decode()
    assert "educates the child, 12 hours a week" in page and "6.5 hours a week" in page and "12.0" not in page
    with scoped(kent):
        times = list(FactChange.objects.filter(child=child, fact="time_by_parents").values_list("value", "changed_on"))
    assert times[-1] == ("Pat Parent: 12 hours a week; Sam Parent: 6.5 hours a week", datetime.date.today())
    assert len(times) == 2  # each change recorded, with its date


def _in_earlier_words(child, officer, fact: str, value: str) -> None:
    """The history holds ``value`` for ``fact`` today, as it was worded before 2026-12-05."""
    today = datetime.date.today()
    FactChange.objects.create(
        child=child, fact=fact, value=value, changed_on=today, field_set=factset.in_force(today).version,
        recorded_by=officer,
    )  # fmt: skip


def _recorded(child, officer, facts) -> list[tuple[str, str]]:
    """(fact, value) of each change recorded today from ``facts``."""
    from notinschool.register.services.facts import facts_record

    changed = facts_record(child=child, facts=facts, changed_on=datetime.date.today(), actor=Actor.of(officer))
    return [(c.fact, c.value) for c in changed]


def test_a_parents_time_in_the_earlier_wording_is_no_change(child, kent, officer):
    from notinschool.register.models import Parent
    from notinschool.register.services.children import parent_facts

    with scoped(kent):
        Parent.objects.create(child=child, name="Pat Parent", educates_child=True, hours_educating=Decimal("12"))
        _in_earlier_words(child, officer, "time_by_parents", "Pat Parent: 12.0 hours a week")
        assert "time_by_parents" not in [fact for fact, _ in _recorded(child, officer, parent_facts(child))]
        Parent.objects.filter(child=child).update(hours_educating=Decimal("1"))
        assert _recorded(child, officer, parent_facts(child)) == [("time_by_parents", "Pat Parent: 1 hour a week")]


def test_hours_of_0_are_shown_as_0_not_left_out(child, kent):
    from notinschool.register.presenters import episode_summary

    with scoped(kent):
        episode = child.episodes.get()
        episode.hours_by_others, episode.hours_in_school = Decimal("0"), Decimal("12.0")
        rows = dict(episode_summary(episode))
    assert rows["Hours a week by others"] == "0" and rows["Hours a week in school"] == "12"


def test_time_educated_by_others_reads_in_the_right_number_and_earlier_wordings_are_no_change(child, kent, officer):
    from notinschool.register.services.episodes import episode_facts
    from notinschool.register.services.facts import hours_a_week

    assert [hours_a_week(h) for h in (1, 6.5, None)] == ["1 hour a week", "6.5 hours a week", "hours a week not known"]
    with scoped(kent):
        episode = child.episodes.get()
        episode.hours_by_others = 1
        episode.save()
        assert episode_facts(child)["time_by_others"] == "1 hour a week"
        # The history holds the earlier wording: the same value in today's words is no change.
        _in_earlier_words(child, officer, "time_by_others", "1 hours a week")
        assert "time_by_others" not in [fact for fact, _ in _recorded(child, officer, episode_facts(child))]
        episode.hours_by_others = 2
        episode.save()
        assert _recorded(child, officer, episode_facts(child)) == [("time_by_others", "2 hours a week")]


def test_hours_for_a_parent_who_does_not_educate_are_refused(officer_client, child):
    response = officer_client.post(child_url("parent-add", child), {"name": "Pat", "hours_educating": "4"})
    assert response.status_code == 200 and "tick that box" in response.content.decode()


def test_a_provider_needs_a_place_or_an_online_address_and_fewer_unsupervised_hours(officer_client, child, kent):
    episode = child.episodes.get()
    url = child_url("provider-add", child, episode_id=episode.pk)
    data = {"name": "Maths Online", "provider_type": "online", "hours_a_week": "5", "unsupervised_hours": "6"}
    page = officer_client.post(url, data).content.decode()
    assert "or the website or email" in page and "cannot be more than the hours" in page
    response = officer_client.post(url, {**data, "unsupervised_hours": "5", "online_address": "https://example.org"})
    assert response.status_code == 302
    page = officer_client.get(child_url("child", child)).content.decode()
    assert "Online school or online tutoring" in page and "https://example.org" in page
    assert "5 hours a week, 5 hours without a parent present" in page


def test_optional_facts_are_marked_optional_with_their_source(officer_client, child, kent):
    form = officer_client.get(child_url("child-edit", child)).content.decode()
    assert "(optional, s436C(2))" in form and "Where the optional facts came from" in form
    data = {"given_name": "Ada", "family_name": "Testcase", "sex": "female", "date_of_birth": "4/5/2014",
            "upn": "B801200005001", "version": child.version, "ehcp": "on",
            "optional_facts_source": "school"}  # fmt: skip
    assert officer_client.post(child_url("child-edit", child), data).status_code == 302
    with scoped(kent):
        change = FactChange.objects.get(child=child, fact="ehcp")
    assert change.value == "yes" and change.source == "school" and change.field_set == "cwsa-2026"
    assert "A school" in officer_client.get(child_url("child", child)).content.decode()


def test_every_fact_change_is_a_fact_of_the_field_set_in_force():
    field_set = factset.in_force(datetime.date(2026, 9, 1))
    assert field_set.version == "cwsa-2026"
    assert {f.section for f in field_set.facts if f.required} >= {"s436C(1)(a)", "s436C(1)(b)", "s436C(1)(e)"}
    assert all(not f.required for f in field_set.facts if f.section == "s436C(2)")


def test_notifications_are_logged_and_what_is_awaited_is_outstanding(officer_client, child, kent):
    response = officer_client.post(
        child_url("notification-add", child),
        {"sent_by": "parent", "sender_name": "Pat Parent", "received_on": "2/3/2026", "facts": ["providers"],
         "what_changed": "A new tutor from March", "awaiting": "The tutor address"},
    )  # fmt: skip
    assert response.status_code == 302
    outstanding = officer_client.get(reverse("register:list", kwargs={"list_name": "outstanding"})).content.decode()
    assert "The tutor address" in outstanding and "Pat Parent" in outstanding
    with scoped(kent):
        notification = child.notifications.get()
    assert notification.facts == ["providers"] and notification.outstanding
    settle = child_url("notification-settle", child, notification_id=notification.pk)
    assert officer_client.post(settle, {"settled_on": "5/3/2026"}).status_code == 302
    outstanding = officer_client.get(reverse("register:list", kwargs={"list_name": "outstanding"})).content.decode()
    assert "Nothing is awaited" in outstanding


def test_a_notification_dated_in_the_future_is_refused(officer_client, child):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = officer_client.post(
        child_url("notification-add", child),
        {"sent_by": "provider", "sender_name": "Tutor", "received_on": tomorrow.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 200 and "today or in the past" in response.content.decode()


@pytest.mark.parametrize("born", ["1/1/0001", "1/1/1800", "1/1/2030"])
def test_impossible_dates_of_birth_are_refused_with_the_range(officer_client, born):
    data = {"child-given_name": "New", "child-family_name": "Child", "child-sex": "male", "child-date_of_birth": born}
    response = officer_client.post(reverse("register:child-add"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "compulsory school age" in page or "real date" in page or "today or in the past" in page


def test_a_wrong_upn_or_nhs_number_is_refused_on_the_form(officer_client):
    data = {"child-given_name": "New", "child-family_name": "Child", "child-sex": "male",
            "child-upn": "A801200005001", "child-nhs_number": "9434765871"}  # fmt: skip
    page = officer_client.post(reverse("register:child-add"), data).content.decode()
    assert "check letter does not match" in page and "check digit does not match" in page


def test_a_possible_duplicate_is_flagged_on_entry_never_merged(officer_client, child, kent):
    data = {"child-given_name": "Ada", "child-family_name": "Testcase", "child-sex": "female",
            "child-date_of_birth": "4/5/2014", "child-upn": "B801200005001"}  # fmt: skip
    response = officer_client.post(reverse("register:child-add"), data, follow=True)
    page = response.content.decode()
    assert "may be the same child" in page and "Nothing has been merged" in page
    with scoped(kent):
        assert kent.children.filter(family_name="Testcase").count() == 2
    assert "This may be the same child as another record" in page


def test_events_in_the_future_are_refused(officer_client, child):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    page = officer_client.post(child_url("sao-add", child), {"kind": "sao_served", "happened_on": tomorrow}).content
    assert b"today or in the past" in page
    page = officer_client.post(child_url("episode-add", child, kind="cme"), {"start_date": tomorrow}).content
    assert b"today or in the past" in page


def test_an_early_sao_step_is_saved_with_a_warning(officer_client, child, kent):
    response = officer_client.post(
        child_url("sao-add", child), {"kind": "sao_served", "happened_on": "1/10/2025", "notes": "Oak Academy named"},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert "SAO step recorded" in page and "No notice of intention is recorded" in page
    with scoped(kent):
        assert SAOEvent.objects.filter(child=child).count() == 1
    assert "Notes: Oak Academy named" in page  # notes typed on SAO steps are on the record


def test_duplicates_among_imported_rows_and_the_register_are_warnings(kent, officer, child):
    from notinschool.register.services.importing import register_import

    header = "child_reference,given_name,family_name,date_of_birth,sex,upn,nhs_number\n"
    rows = (
        "R1,Ada,Testcase,2014-05-04,female,,\n"
        "R2,Bo,Other,2013-01-01,male,,9434765870\n"
        "R3,Bo,Else,2013-02-02,male,,943 476 5870\n"
    )
    result = register_import(la=kent, data=(header + rows).encode(), filename="r.csv", actor=Actor.of(officer))
    assert result.errors == []
    assert any("R1" in w and "already on the register" in w for w in result.warnings)
    assert any("R3" in w and "NHS number" in w for w in result.warnings)
    with scoped(kent):
        assert kent.children.count() == 4


def test_import_checks_identifiers_and_dates(kent, officer):
    from notinschool.register.services.importing import register_import

    header = "child_reference,given_name,family_name,date_of_birth,sex,upn,nhs_number,episode_type,start_date\n"
    rows = "R1,Ada,One,1800-01-01,female,A801200005001,9434765871,ehe,2031-01-01\n"
    result = register_import(la=kent, data=(header + rows).encode(), filename="r.csv", actor=Actor.of(officer))
    assert {e.column for e in result.errors} == {"date_of_birth", "upn", "nhs_number", "start_date"}


def test_possible_duplicates_selector_names_why(kent, child):
    with scoped(kent):
        twin = services.child_create(la=kent, actor=Actor.system(), given_name="Ada", family_name="Testcase",
                                     date_of_birth=datetime.date(2014, 5, 4), upn="", sex="female")  # fmt: skip
        found = selectors.possible_duplicates(kent, twin)
    assert [(other.pk, why) for other, why in found] == [(child.pk, ["the same name and date of birth"])]
    assert twin.warnings
