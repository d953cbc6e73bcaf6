"""The published-figures pages: listing, importing, one release, and reconciliation."""

import io
import re

import pytest
from django.urls import reverse

from notinschool.jobs.testing import run_queued_jobs
from notinschool.published.models import PublishedRelease
from notinschool.published.tests.access import DEMO_RELEASE_HASH
from notinschool.published.tests.builders import ENGLAND, KENT, tidy
from tests.access_cases import sign_in

SE_AUTUMN = reverse("published:reconciliation", args=["south-east", "2022-23-autumn"])


def row_of(page: str, name: str, *, last: bool = False) -> str:
    """The table row headed by an LA's name (the last such row: the one-figure table)."""
    marker = f'<th scope="row" class="govuk-table__header">{name}</th>'
    start = page.rindex(marker) if last else page.index(marker)
    return page[start : page.index("</tr>", start)]


def upload(client, content: bytes, name: str = "cme_census.csv", publication: str = ""):
    """Post the file; the import runs as a job, run here, and the response is its status page."""
    file = io.BytesIO(content)
    file.name = name
    response = client.post(reverse("published:upload"), {"file": file, "publication": publication})
    if response.status_code == 302 and response["Location"].startswith("/jobs/"):
        run_queued_jobs()
        return client.get(response["Location"])
    return response


def next_link(page: str) -> str:
    """Where the finished job's page sends the person on."""
    return (
        re.search(r'<p class="govuk-body"><a class="govuk-link" href="([^"]+)">', page).group(1).replace("&amp;", "&")
    )


@pytest.mark.django_db
def test_releases_page_lists_the_demo_release(client, demo_release):
    sign_in(client, "contributor@kent.example")
    page = client.get(reverse("published:releases")).content.decode()
    assert "ehe_census_2022-23_release.csv" in page and "Current" in page
    assert "Autumn term 2022 to 2023, Spring term 2022 to 2023" in page
    assert "Import a file" not in page  # only coordinators and administrators import
    assert SE_AUTUMN in page  # Kent is in the South East network


@pytest.mark.django_db
def test_release_page_shows_england_beside_the_regions(client, demo_release):
    sign_in(client, "viewer@surrey.example")
    page = client.get(reverse("published:release", args=[DEMO_RELEASE_HASH])).content.decode()
    assert "EHE children, Autumn term 2022 to 2023" in page
    assert "80,900" in page and "14,740" in page and "Inner London" in page
    assert "low (rounds to 0 but is not 0): 1,010; x (not available): 582" in page
    assert client.get(reverse("published:release", args=["0" * 64])).status_code == 404


@pytest.mark.django_db
def test_a_coordinator_imports_a_file(client, demo_release):
    sign_in(client, "coordinator@south-east.example")
    content = tidy([f"202425,Autumn term,National,{ENGLAND},Total,Total,33000,100,0.4"]).encode()
    response = upload(client, content)
    release = PublishedRelease.objects.get(file_name="cme_census.csv")
    assert "cme_census.csv was imported: 1 figure." in response.content.decode()
    link = next_link(response.content.decode())
    assert link == reverse("published:release", args=[release.content_hash]) + "?outcome=imported"
    assert release.imported_by.email == "coordinator@south-east.example"
    page = client.get(link).content.decode()
    assert "The file was imported." in page and "33,000" in page
    again = upload(client, content)
    assert next_link(again.content.decode()).endswith("?outcome=unchanged")
    assert "already been imported" in client.get(next_link(again.content.decode())).content.decode()


@pytest.mark.django_db
def test_a_refused_file_is_explained_and_nothing_kept(client, demo_release):
    sign_in(client, "admin@notinschool.example")
    before = PublishedRelease.objects.count()
    content = tidy([f"202425,Autumn term,National,{ENGLAND},Total,Total,33000,100,"] * 2).encode()
    response = upload(client, content)
    page = response.content.decode()
    assert response.status_code == 200
    assert "cme_census.csv was not imported; nothing has changed." in page
    assert "lines 2 and 3 both give cme_total" in page
    assert 'href="/published/upload/"' in page  # back to the form, to try again
    assert PublishedRelease.objects.count() == before


@pytest.mark.django_db
def test_the_form_asks_for_a_file(client, demo_release):
    sign_in(client, "coordinator@south-west.example")
    page = client.post(reverse("published:upload"), {}).content.decode()
    assert "Select the CSV file you downloaded" in page


@pytest.mark.django_db
def test_the_publication_can_be_chosen_on_the_form(client, demo_release):
    sign_in(client, "coordinator@south-east.example")
    content = tidy([f"202425,Autumn term,National,{ENGLAND},Duration,Unknown,300,1,"]).encode()
    assert (
        "download.csv was imported"
        in upload(client, content, name="download.csv", publication="cme_census").content.decode()
    )
    assert "Say which statistics" in upload(client, content + b"\n", name="download.csv").content.decode()


@pytest.mark.django_db
def test_la_users_may_not_import(client, demo_release):
    sign_in(client, "approver@kent.example")
    assert client.get(reverse("published:upload")).status_code == 403
    assert upload(client, b"time_period\n").status_code == 403


@pytest.fixture
def kent_and_surrey_returns(monkeypatch):
    """Approved figures as the returns app gives them: Kent agrees with DfE, Surrey does not."""
    from notinschool.returns import selectors as returns_selectors

    figures = {
        "886": {("ehe_total", None): 2_873, ("ehe_by_sex", "female"): 1_500, ("ehe_by_sex", "unknown"): 3},
        "936": {("ehe_total", None): 1_700, ("ehe_by_sex", "unknown"): 2},
        "852": {("ehe_total", None): 400},
    }
    calls = []

    def approved_figures(*, period, local_authorities):
        calls.append((period, sorted(la.old_code for la in local_authorities)))
        return figures

    monkeypatch.setattr(returns_selectors, "approved_figures", approved_figures)
    return calls


@pytest.mark.django_db
def test_reconciliation_flags_differences_rounding_cannot_explain(client, demo_release, kent_and_surrey_returns):
    sign_in(client, "contributor@kent.example")
    page = client.get(SE_AUTUMN).content.decode()
    assert kent_and_surrey_returns[0][0] == "2022-23-autumn" and len(kent_and_surrey_returns[0][1]) == 19
    kent = row_of(page, "Kent", last=True)
    assert "2,873" in kent and "2,870" in kent and "+3" in kent and "Consistent" in kent
    surrey = row_of(page, "Surrey", last=True)
    assert "1,700" in surrey and "1,620" in surrey and "+80" in surrey and "Differs by more than rounding" in surrey
    southampton = row_of(page, "Southampton", last=True)
    assert "Cannot be compared" in southampton


@pytest.mark.django_db
def test_reconciliation_of_one_breakdown(client, demo_release, kent_and_surrey_returns):
    sign_in(client, "coordinator@south-east.example")
    page = client.get(SE_AUTUMN + "?figure=ehe_by_sex:unknown").content.decode()
    assert "EHE children by sex: Unknown" in page
    kent = row_of(page, "Kent", last=True)
    assert "Published as 0, which means none" in kent and "Differs by more than rounding" in kent
    surrey = row_of(page, "Surrey", last=True)
    assert "low" in surrey and "Published as low, which means 1 to 4." in surrey
    summary = row_of(page, "Kent")
    assert "EHE children by sex: Female" in summary  # 1,500 against 1,490: the first of two differences


@pytest.mark.django_db
def test_reconciliation_without_approved_returns(client, demo_release, monkeypatch):
    from notinschool.returns import selectors as returns_selectors

    monkeypatch.setattr(returns_selectors, "approved_figures", lambda **kwargs: {})
    sign_in(client, "coordinator@south-east.example")
    page = client.get(SE_AUTUMN).content.decode()
    assert "No local authority in this network has an approved return" in page


@pytest.mark.django_db
def test_reconciliation_uses_the_returns_apps_real_selector(client, demo_release):
    sign_in(client, "contributor@kent.example")
    assert client.get(SE_AUTUMN).status_code == 200


@pytest.mark.django_db
def test_reconciliation_is_for_members_of_the_network(client, demo_release):
    sign_in(client, "coordinator@south-west.example")
    assert client.get(SE_AUTUMN).status_code == 403
    sign_in(client, "contributor@kent.example")
    assert client.get(reverse("published:reconciliation", args=["south-east", "autumn"])).status_code == 404
    assert client.get(reverse("published:reconciliation", args=["nowhere", "2022-23-autumn"])).status_code == 404


@pytest.mark.django_db
def test_kent_row_built_from_a_second_release(client, demo_release, kent_and_surrey_returns):
    """A newer release for the period is the one reconciled against."""
    from notinschool.published.tests.builders import run_import

    run_import(tidy([f"202223,Autumn term,Local authority,{KENT},Total,Total,2900,100,"]), "ehe_census_v2.csv")
    sign_in(client, "contributor@kent.example")
    kent = row_of(client.get(SE_AUTUMN).content.decode(), "Kent", last=True)
    assert "2,900" in kent and "DfE revised its figure" in kent and "earlier release showed 2,870" in kent
    summary = row_of(client.get(SE_AUTUMN).content.decode(), "Kent")
    assert "EHE children" in summary  # the first flagged figure


@pytest.mark.django_db
def test_reconciliation_shows_the_own_figure_rounded_and_not_yet_published(client, demo_release, monkeypatch):
    from notinschool.returns import selectors as returns_selectors

    figures = {"886": {("ehe_total", None): 2_873, ("ehe_starts", None): 300}}
    monkeypatch.setattr(returns_selectors, "approved_figures", lambda **kwargs: figures)
    sign_in(client, "contributor@kent.example")
    page = client.get(SE_AUTUMN).content.decode()
    kent = row_of(page, "Kent", last=True)
    assert "2,873" in kent and "2,870" in kent
    summary = row_of(page, "Kent")
    cells = re.findall(r'numeric">([^<]*)<', summary)
    assert cells == ["1", "1", "0", "0", "0", "1"]  # compared, consistent, differ, revised, cannot, not yet


@pytest.mark.django_db
def test_an_upload_with_an_unknown_column_says_so_and_the_release_page_names_it(client, demo_release):
    sign_in(client, "coordinator@south-east.example")
    content = (
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
        "old_la_code,new_la_code,la_name,ehe_census_date,ehe_nonbinary\n"
        f"202425,Autumn term,National,{ENGLAND},80900,10\n"
    ).encode()
    page = upload(client, content, name="ehe_census_2024.csv").content.decode()
    assert "was imported" in page and "nothing was guessed" in page and "ehe_nonbinary" in page
    release = client.get(next_link(page)).content.decode()
    assert "What this release has that the service does not know" in release and "ehe_nonbinary" in release
