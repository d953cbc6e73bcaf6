"""DfE's figures beside the network's on the measure, trend and profile pages and in downloads:
England, the network's regions, its LAs and LAs outside it, for termly and academic-year
measures, with symbols in words, "no figures" where DfE published none, and rates worked out from
DfE's count where DfE gives none."""

from pathlib import Path

import pytest

from notinschool.published.tests.builders import ENGLAND, run_import, tidy
from tests.access_cases import sign_in

pytestmark = pytest.mark.django_db

ACADEMIC_YEAR = Path(__file__).parents[2] / "published" / "tests" / "data" / "ehe_academic_year_2024-25_excerpt.csv"
SOUTH_EAST = "E92000001,England,E12000008,South East,,,"
KENT = "E92000001,England,E12000008,South East,886,E10000016,Kent"


@pytest.fixture
def published(south_east):
    run_import(ACADEMIC_YEAR.read_bytes(), ACADEMIC_YEAR.name)
    run_import(
        tidy(
            [
                f"202324,Summer term,National,{ENGLAND},Total,Total,98700,100,1.234",
                f"202324,Summer term,Regional,{SOUTH_EAST},Total,Total,16020,100,",
                f"202324,Summer term,Local authority,{KENT},Total,Total,low,100,z",
            ]
        ),
        "ehe_census.csv",
    )


def _section(page: str) -> str:
    start = page.index('id="published-heading"')
    return page[start : page.index("</section>", start)]


def test_measure_page_shows_england_region_and_las_as_published(published):
    from django.test import Client

    client = Client()
    sign_in(client, "viewer@surrey.example")
    page = client.get("/dashboard/south-east/2023-24-summer/ehe_total/").content.decode()
    section = _section(page)
    assert "98,700" in section and "1.2" in section  # England with DfE's rate
    assert "16,020" in section and "South East" in section
    kent = section[section.index(">Kent<") :][:400]
    assert "low" in kent and "rounds to 0 but is not 0" in kent and ">0<" not in kent
    assert "no figures" in section  # network LAs DfE published nothing for


def test_academic_year_measure_shown_for_the_terms_academic_year_with_worked_out_rates(published):
    from django.test import Client

    client = Client()
    sign_in(client, "viewer@surrey.example")
    page = client.get("/dashboard/south-east/2023-24-summer/ehe_starts/").content.decode()
    section = _section(page)
    assert "DfE publishes this measure for the academic year" in section
    assert "Academic year 2023 to 2024" in section
    kent = section[section.index(">Kent<") :][:400]
    assert "3,270" in kent and "worked out from DfE's count" in kent
    assert "ONS" in section and "approximate" in section
    south_east = section[section.index(">South East<") :][:300]
    assert "worked out from DfE's count" in south_east  # the region's rate from its LAs' estimates


def test_measure_download_carries_dfes_figures(published):
    from django.test import Client

    client = Client()
    sign_in(client, "viewer@surrey.example")
    text = client.get("/dashboard/south-east/2023-24-summer/ehe_starts/table.csv").content.decode("utf-8-sig")
    assert "Published by DfE" in text
    kent = next(line for line in text.splitlines() if line.startswith("Kent,In the network"))
    assert ",3270," in kent or ',"3,270",' in kent
    assert "worked out" in kent


def test_profile_shows_every_academic_year_measure(published):
    from django.test import Client

    from notinschool.benchmark.tests.reading import html_table

    client = Client()
    sign_in(client, "viewer@surrey.example")
    page = client.get("/dashboard/south-east/2023-24-summer/la/886/").content.decode()
    table = html_table(page, "Published by DfE")
    rows = {row[0]: row for row in table[1:]}
    assert rows["EHE children at any point in the year"][2].startswith("6,390")
    assert rows["School attendance orders revoked (EHE children)"][2].startswith("0")
    assert rows["s437(1) notices issued to parents of EHE children"][1] == "Academic year 2023 to 2024"
    assert rows["EHE children at the census date"][2].startswith("low (low: rounds to 0 but is not 0)")
    assert rows["Children missing education at the census date"][2] == "no figures"


def test_trend_page_lists_each_period_once(published):
    from django.test import Client

    client = Client()
    sign_in(client, "viewer@surrey.example")
    page = client.get("/dashboard/south-east/trend/ehe_total/").content.decode()
    section = _section(page)
    assert section.count("Summer term 2023 to 2024") >= 1 and "98,700" in section


def test_terms_with_the_same_latest_dfe_figures_share_one_section(published, south_east):
    """The trend's later terms, for which DfE has published nothing newer, show DfE's latest
    figures once, under a heading naming them all, not the same tables under each term."""
    from django.test import Client

    from notinschool.benchmark.tests.factories import open_collection

    for period in ("2024-25-autumn", "2024-25-spring"):  # two terms after DfE's latest (Summer 2023/24)
        open_collection(south_east, period)
    client = Client()
    sign_in(client, "viewer@surrey.example")
    section = _section(client.get("/dashboard/south-east/trend/ehe_total/").content.decode())
    assert section.count("regions, Summer term 2023 to 2024</caption>") == 1
    assert "Summer 2023/24 to Spring 2024/25" in section
    assert (
        "DfE has published no figures for Autumn 2024/25 to Spring 2024/25: its latest, for Summer term 2023 to 2024, "
        "are shown for each of them." in section
    )


@pytest.mark.parametrize(
    ("path", "estimates", "shown"),
    [
        # Every term's section shows England's census figure (the latest DfE published).
        ("/dashboard/south-east/trend/ehe_total/", 2, ["98,700"]),
        # The profile's own rates read ONS's estimates for its terms and for its neighbours; its
        # DfE table has a census measure and academic-year ones.
        ("/dashboard/south-east/2023-24-summer/la/886/", 3, ["rounds to 0 but is not 0", "6,390"]),
    ],
)
def test_a_page_of_many_dfe_sections_reads_what_they_share_once(published, path, estimates, shown):
    """A trend page has a DfE section per term and a profile one per measure: the regions, the
    network's LAs, ONS's estimates (also for the page's own rates), the periods DfE published each
    measure for and DfE's figures of every section are each read once for the page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    sign_in(client, "viewer@surrey.example")
    with CaptureQueriesContext(connection) as made:
        response = client.get(path)
    assert response.status_code == 200
    sql = [query["sql"] for query in made.captured_queries]
    assert sum('FROM "places_region"' in q for q in sql) == 1
    assert sum("DISTINCT" in q and '"published_publishedfigure"."period"' in q for q in sql) == 1
    assert sum('FROM "places_populationestimate"' in q for q in sql) == estimates
    # The sections' figures of every place (with an LA's region, joined); the trend's own England
    # and LA figures are a query of their own.
    assert sum('"published_publishedfigure"."rate_symbol"' in q and 'JOIN "places_region"' in q for q in sql) == 1
    page = response.content.decode()
    assert all(text in page for text in shown)
