"""The meeting pack: built by a job, kept per data version, for the whole network or the chosen
LAs, one sheet per page (tests/conftest.py's network: 4 measures in 2023-24, 19 LAs)."""

import re

import pytest

from notinschool.benchmark.jobs import PACK
from notinschool.jobs.models import Job
from notinschool.jobs.testing import run_queued_jobs

pytestmark = pytest.mark.django_db
PERIOD = "2023-24-summer"
BASE = f"/dashboard/south-east/{PERIOD}"
BERKSHIRE = (
    "867,868,869,870,871,872"  # Bracknell Forest, Windsor and Maidenhead, West Berkshire, Reading, Slough, Wokingham
)


def pages(pdf: bytes) -> int:
    """How many pages a PDF has (Chromium and WeasyPrint both write each page object plainly)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def build(client, query: str = "") -> Job:
    response = client.post(f"{BASE}/pack/{query}")
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    assert run_queued_jobs() >= 1
    job = Job.objects.get(kind=PACK)
    assert job.status == Job.Status.DONE, job.error
    return job


def test_the_pack_is_built_by_a_job_and_then_served_at_once(viewer):
    page = viewer.get(f"{BASE}/pack/").content.decode()
    assert "Build the meeting pack" in page and "all 19 LAs in the network" in page
    # Asked for before it is built, the PDF's address leads to the page that builds it.
    assert viewer.get(f"{BASE}/pack.pdf")["Location"] == f"{BASE}/pack/"
    job = build(viewer)
    assert job.result["url"] == f"{BASE}/pack.pdf" and "26 pages" in job.result["message"]
    response = viewer.get(job.result["url"])
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    # A cover, contents, headlines, one page per measure and one per LA: nothing spilled over.
    assert pages(response.content) == 3 + 4 + 19
    assert response["Content-Disposition"] == f'attachment; filename="south-east-{PERIOD}-meeting-pack.pdf"'
    # Asked again at the same data version: the kept pack, no second job.
    assert viewer.post(f"{BASE}/pack/")["Location"] == f"{BASE}/pack.pdf"
    assert "Download the meeting pack (PDF" in viewer.get(f"{BASE}/pack/").content.decode()
    assert Job.objects.filter(kind=PACK).count() == 1


def test_a_pack_for_chosen_las_covers_just_them(viewer):
    job = build(viewer, f"?las={BERKSHIRE}")
    assert job.result["url"] == f"{BASE}/pack.pdf?las={BERKSHIRE.replace(',', '%2C')}"
    assert "Bracknell Forest, Windsor and Maidenhead" in job.result["message"]
    response = viewer.get(job.result["url"])
    assert pages(response.content) == 3 + 4 + 6
    assert "6-chosen-las" in response["Content-Disposition"]
    # The whole network's pack is another pack, not yet built.
    assert viewer.get(f"{BASE}/pack.pdf").status_code == 302


def test_a_change_to_the_figures_needs_a_new_pack(viewer, south_east):
    from notinschool.places.services import data_changed

    build(viewer)
    assert viewer.get(f"{BASE}/pack.pdf").status_code == 200
    data_changed(network_ids=[south_east.id])
    assert viewer.get(f"{BASE}/pack.pdf")["Location"] == f"{BASE}/pack/"


def test_the_pack_document(south_east):
    """The printed HTML: cover with data status, contents with page numbers, each page's chart
    beside its table, 'no return' said in words, the foot of every page."""
    from notinschool.benchmark.outputs.pack import build_pack
    from notinschool.benchmark.outputs.pack_pdf import pack_html
    from notinschool.benchmark.pages.selection import Selection
    from notinschool.places.selectors import network_ref

    document = build_pack(network_ref(south_east), PERIOD, Selection())
    html = pack_html(document)
    assert "17 approved returns" in html and "1 return not yet approved" in html and "1 LA with no return" in html
    assert [p.number for p in document.measures] == [4, 5, 6, 7] and document.las[-1].number == 26
    assert "Kent</a> <span>page 14</span>" in html
    assert html.count('<img src="data:image/svg+xml;base64,') == 1 + 4 + 19
    kent = html[html.index('id="la-886"') : html.index('id="la-887"')]
    assert kent.index("<img") < kent.index("<table") and "Kent&#39;s figures are provisional" in kent
    measure = html[html.index('id="measure-') : html.index('id="la-')]
    assert "No return" in measure  # Slough sent nothing in 2023-24 summer
    slough = html[html.index('id="la-871"') : html.index('id="la-872"')]
    assert "Slough has no figures to show for summer term 2023 to 2024." in slough
    assert (
        '@bottom-left { content: "South East Access to Education group · Summer term 2023 to 2024 · all 19 LAs' in html
    )
    assert 'counter(page) " of " counter(pages)' in html


def test_a_term_with_no_figures_makes_a_pack_without_charts(viewer, south_east):
    from notinschool.benchmark.tests.factories import open_collection

    open_collection(south_east, "2022-23-autumn")
    response = viewer.post("/dashboard/south-east/2022-23-autumn/pack/")
    run_queued_jobs()
    job = Job.objects.get(kind=PACK)
    assert job.status == Job.Status.DONE, job.error
    assert response["Location"] == job.get_absolute_url()
    assert pages(viewer.get(job.result["url"]).content) == 3 + 4 + 19


def test_packs_older_than_a_day_are_deleted_when_another_is_kept(south_east):
    import datetime
    import os

    from django.core.files.storage import default_storage

    from notinschool.benchmark.packs import keep_pack, kept_pack
    from notinschool.places.selectors import network_ref

    network = network_ref(south_east)
    keep_pack(network, "old", b"%PDF old")
    keep_pack(network, "recent", b"%PDF recent")
    two_days_ago = (datetime.datetime.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(default_storage.path("meeting-packs/south-east/old.pdf"), (two_days_ago, two_days_ago))
    keep_pack(network, "new", b"%PDF new")
    assert kept_pack(network, "old") is None
    assert kept_pack(network, "recent") == b"%PDF recent" and kept_pack(network, "new") == b"%PDF new"


def _pack_with_dfe_figures(south_east) -> str:
    """The printed pack after importing DfE's summer 2023/24 EHE census figures for England, the
    South East and Kent."""
    from notinschool.benchmark.outputs.pack import build_pack
    from notinschool.benchmark.outputs.pack_pdf import pack_html
    from notinschool.benchmark.pages.selection import Selection
    from notinschool.places.selectors import network_ref
    from notinschool.published.tests.builders import ENGLAND, run_import, tidy

    region = "E92000001,England,E12000008,South East,,,"
    kent = "E92000001,England,E12000008,South East,886,E10000016,Kent"
    run_import(
        tidy(
            [
                f"202324,Summer term,National,{ENGLAND},Total,Total,98700,100,1.234",
                f"202324,Summer term,Regional,{region},Total,Total,16020,100,",
                f"202324,Summer term,Local authority,{kent},Total,Total,2870,100,",
            ]
        ),
        "ehe_census.csv",
    )
    return pack_html(build_pack(network_ref(south_east), PERIOD, Selection()))


def _section(html: str, anchor: str) -> str:
    """One page of the printed pack, from its id to the end of its section."""
    page = html[html.index(f'id="{anchor}"') :]
    return page[: page.index("</section>")]


def test_measure_pages_show_dfe_figures_for_england_and_the_region_or_say_there_are_none(south_east):
    """DfE's published figures beside the network's on each measure page (issue 18): England's and
    the region's, as the measure page reads them; a measure DfE has published nothing for says so."""
    html = _pack_with_dfe_figures(south_east)
    published = _section(html, "measure-ehe_total")
    published = published[published.index("Published by DfE") :]
    assert "Summer term 2023 to 2024" in published
    assert ">England<" in published and "98,700" in published and "1.2" in published
    assert ">South East<" in published and "16,020" in published
    others = _section(html, "measure-cme_total")
    assert "No figures: DfE has published none" in others and ">0<" not in others[others.index("Published by DfE") :]


def test_la_pages_show_dfe_figures_for_the_la_its_region_and_england(south_east):
    """Each LA's page carries DfE's figures as its profile page does (issue 18): the LA's own, its
    region's and England's, each measure with its period; a measure with nothing published says so."""
    page = _section(_pack_with_dfe_figures(south_east), "la-886")
    published = page[page.index("Published by DfE") :]
    ehe = published[published.index("EHE children at the census date") :]
    ehe = ehe[: ehe.index("</tr>")]
    assert "Summer term 2023 to 2024" in ehe
    assert ehe.index("2,870") < ehe.index("16,020") < ehe.index("98,700")  # LA, region, England
    cme = published[published.index("Children missing education at the census date") :]
    assert "no figures" in cme[: cme.index("</tr>")].lower() and ">0<" not in cme[: cme.index("</tr>")]


def test_an_la_page_is_worked_out_once_per_data_version_and_shared_by_packs(south_east, monkeypatch):
    from notinschool.benchmark.outputs import pack
    from notinschool.benchmark.pages.selection import Selection
    from notinschool.places.selectors import network_ref

    network = network_ref(south_east)
    whole = pack.build_pack(network, PERIOD, Selection())

    def not_again(**kwargs):
        raise AssertionError("an LA's page was worked out twice at one data version")

    monkeypatch.setattr(pack, "profile_page", not_again)
    six = pack.build_pack(network, PERIOD, Selection(codes=BERKSHIRE.split(",")))
    assert [p.heading for p in six.las] == [p.heading for p in whole.las if p.anchor[3:] in BERKSHIRE.split(",")]
    assert six.las[0].chart == next(p.chart for p in whole.las if p.heading == six.las[0].heading)


def test_a_new_release_of_the_service_makes_new_packs(south_east, monkeypatch):
    """A pack kept before a release would keep the old layout: its name includes the code's
    fingerprint, as the dashboard's cached pages do."""
    from notinschool.benchmark import packs
    from notinschool.benchmark.pages.selection import Selection
    from notinschool.places.selectors import network_ref

    network = network_ref(south_east)
    before = packs.pack_key(network, PERIOD, Selection())
    assert packs.pack_key(network, PERIOD, Selection()) == before
    monkeypatch.setattr(packs, "code_fingerprint", lambda: "another-release")
    assert packs.pack_key(network, PERIOD, Selection()) != before
