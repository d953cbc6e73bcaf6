"""Published figures reach the dashboard labelled and unpooled, read through the published app's
front door from a release imported as DfE lays its tidy EHE census files out."""

import pytest

from notinschool.published.tests.builders import ENGLAND, run_import, tidy
from tests.access_cases import sign_in

pytestmark = pytest.mark.django_db

SUMMER = "202324,Summer term"
BATH = "E92000001,England,E12000009,South West,800,E06000022,Bath and North East Somerset"


@pytest.fixture
def published(south_east):
    """England's EHE total with DfE's rate, and Bath and North East Somerset's published as 'low'."""
    run_import(
        tidy(
            [
                f"{SUMMER},National,{ENGLAND},Total,Total,98700,100,1.234",
                f"{SUMMER},Local authority,{BATH},Total,Total,low,100,z",
            ]
        ),
        "ehe_census.csv",
    )


def test_england_and_outside_las_come_from_published_files(client, published):
    sign_in(client, "viewer@surrey.example")
    response = client.get("/dashboard/south-east/2023-24-summer/ehe_total/table.csv?las=800,886")
    text = response.content.decode("utf-8-sig")
    assert 'England,,98700,,1.2,,,,,,"published by DfE, rounded"' in text
    bath = next(line for line in text.splitlines() if line.startswith("Bath"))
    assert ",low," in bath and "Published by DfE" in bath and ",0," not in bath


def test_a_chosen_la_outside_the_network_is_listed_on_the_profile_not_pooled(client, published):
    from notinschool.benchmark.tests.reading import by_first_cell, html_table

    sign_in(client, "viewer@surrey.example")
    html = client.get("/dashboard/south-east/2023-24-summer/la/886/?las=800").content.decode()
    main = html_table(html, "Kent: every measure")
    ehe = dict(zip(main[0], by_first_cell(main[1:])["Children in elective home education"], strict=True))
    # 'low' (1 to 4 children) is a figure, published for this very term: listed, never pooled.
    assert ehe["Chosen LAs: figures"] == "0 of 1 LAs from returns; 1 published by DfE"
    assert ehe["Chosen LAs rate (pooled from returns)"] == ""
    listed = html_table(html, "Kent: neighbours and chosen LAs")
    bath = next(dict(zip(listed[0], row, strict=True)) for row in listed[1:] if row[1] == "800")
    assert bath["Count"] == "low" and bath["Term of the figure"] == "Summer 2023/24"
    assert bath["Source"] == "Published by DfE, rounded" and bath["Compared as"] == "In the comparison group"


def test_one_la_outside_the_network_is_named_in_the_singular(client, published):
    sign_in(client, "viewer@surrey.example")
    html = client.get("/dashboard/south-east/2023-24-summer/ehe_total/").content.decode()
    assert "1 local authority outside the network, Summer term 2023 to 2024" in html
    assert "1 local authorities" not in html
