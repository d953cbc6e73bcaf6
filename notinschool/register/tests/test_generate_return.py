"""The generated return goes to the returns system as a draft version, source register."""

import datetime

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from notinschool.jobs.testing import run_queued_jobs
from notinschool.places.models import Network
from notinschool.register.models import Episode
from notinschool.returns.models import Collection, Return, ReturnVersion

pytestmark = pytest.mark.django_db
PERIOD = "2025-26-autumn"


@pytest.fixture
def collections(kent):
    network = Network.objects.create(slug="test-net", name="Test network")
    network.local_authorities.add(kent)
    Collection.objects.create(
        network=network, period="2024-25-summer", census_date=datetime.date(2025, 5, 15),
        due_date=datetime.date(2025, 6, 13), status=Collection.Status.CLOSED,
    )  # fmt: skip
    return Collection.objects.create(
        network=network, period=PERIOD, census_date=datetime.date(2025, 10, 2), due_date=datetime.date(2025, 10, 31)
    )


def test_page_counts_and_sends_a_draft(officer_client, child, collections):
    page = officer_client.get(reverse("register:return", kwargs={"period": PERIOD}))
    assert page.status_code == 200 and "2 October 2025" in page.content.decode()
    response = officer_client.post(reverse("register:return-send", kwargs={"period": PERIOD}))
    assert response["Location"].startswith("/jobs/")  # a job counts and stores it
    run_queued_jobs()
    assert "Sent to your return for Autumn term 2025 to 2026 as version 1" in (
        officer_client.get(response["Location"]).content.decode()
    )
    version = Return.objects.get(local_authority=child.local_authority, period=PERIOD).versions.get()
    assert version.source == ReturnVersion.Source.REGISTER and version.error_count == 0
    assert version.figures.get(measure="ehe_total", category="").value == 1


def test_drill_down_names_the_children_behind_a_figure(officer_client, child, collections):
    url = reverse(
        "register:return-figure", kwargs={"period": PERIOD, "measure": "ehe_by_reason", "category": "religious"}
    )
    page = officer_client.get(url).content.decode()
    assert "Testcase, Ada" in page
    other = reverse("register:return-figure", kwargs={"period": PERIOD, "measure": "cme_total", "category": "total"})
    assert "Testcase" not in officer_client.get(other).content.decode()


def test_command_writes_the_template_and_stores_a_version(tmp_path, child, collections):
    out = tmp_path / "return.xlsx"
    call_command("generate_return", la="886", period=PERIOD, out=str(out))
    assert openpyxl.load_workbook(out).sheetnames
    assert Return.objects.get(period=PERIOD).versions.count() == 1


def test_command_needs_dates_when_no_collection_gives_them(child):
    with pytest.raises(CommandError, match="census date"):
        call_command("generate_return", la="886", period=PERIOD, no_store=True)
    call_command(
        "generate_return", la="886", period=PERIOD, census_date="2025-10-02", previous_census_date="2025-05-15",
        no_store=True,
    )  # fmt: skip


def test_command_refused_when_the_collection_is_closed(child, collections):
    collections.status = Collection.Status.CLOSED
    collections.save()
    with pytest.raises(CommandError, match="Not stored"):
        call_command("generate_return", la="886", period=PERIOD)


def test_episode_leaving_on_census_day_counts_as_leaver_not_at_census(officer_client, child, collections):
    Episode.objects.filter(child=child).update(end_date=datetime.date(2025, 10, 2), outcome="moved_away")
    officer_client.post(reverse("register:return-send", kwargs={"period": PERIOD}))
    run_queued_jobs()
    version = Return.objects.get(period=PERIOD).versions.get()
    assert version.figures.get(measure="ehe_total", category="").value == 0
    assert version.figures.get(measure="ehe_left_other", category="").value == 1


def test_provision_started_without_a_referral_date_is_a_problem_to_put_right():
    """The median days to provision can only be worked out from episodes with a referral date:
    one without is named as something to put right, not left to a query on the return."""
    from notinschool.periods.specs import load_spec
    from notinschool.register.generation import ChildFacts, EpisodeFacts, compute_return

    child = ChildFacts(id="c1", sex="female", date_of_birth=datetime.date(2015, 3, 1))
    started = {
        "kind": "s19",
        "child_id": "c1",
        "start_date": datetime.date(2025, 9, 10),
        "provision_type": "home_tuition",
    }
    started["provision_started_on"] = datetime.date(2025, 9, 20)
    facts = {"census_date": datetime.date(2025, 10, 2), "term_start": datetime.date(2025, 9, 1), "children": [child]}
    without = compute_return(load_spec(PERIOD), episodes=[EpisodeFacts(id=1, **started)], **facts)
    assert without.figures[("s19_provision_started", None)] == 1
    assert any("no referral date" in problem for problem in without.problems)
    with_date = compute_return(
        load_spec(PERIOD), episodes=[EpisodeFacts(id=1, referral_on=datetime.date(2025, 9, 12), **started)], **facts
    )
    assert not any("no referral date" in problem for problem in with_date.problems)
    assert with_date.figures[("s19_median_days_to_provision", None)] == 5  # Mon 15 to Fri 19 September
