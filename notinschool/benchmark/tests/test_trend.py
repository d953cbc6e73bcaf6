"""The trend page marks provisional terms in its table, chart and summary, and labels DfE's
published lines as such."""

import pytest

from notinschool.benchmark.tests.reading import by_first_cell, chart_spec, csv_sections, html_table

pytestmark = pytest.mark.django_db
TREND = "/dashboard/south-east/trend/ehe_total/"


def test_a_provisional_term_is_marked_in_table_chart_and_summary(viewer, south_east):
    html = viewer.get(f"{TREND}?las=886,936").content.decode()
    table = html_table(html, "Children in elective home education over terms")
    assert table[0][-1] == "Provisional (not yet approved)"
    rows = by_first_cell(table[1:])
    # Kent's summer return is not yet approved; the network's pooled figure that term includes it.
    assert rows["Summer 2023/24"][-1] == f"{south_east.name}; Kent"
    assert rows["Spring 2023/24"][-1] == ""
    points = chart_spec(html)["datasets"]["points"]
    kent = {p["term"]: p for p in points if p["area"] == "Kent"}
    assert kent["Summer 2023/24"]["figure"] == "Provisional (not yet approved)"
    assert kent["Summer 2023/24"]["shown"].endswith("(provisional)")
    assert kent["Spring 2023/24"]["figure"] == "From approved returns"
    surrey = [p["figure"] for p in points if p["area"] == "Surrey" and p["value"] is not None]
    assert surrey and set(surrey) == {"From approved returns"}
    assert "Figures for Summer 2023/24 are provisional" in html
    downloaded = by_first_cell(csv_sections(viewer.get(f"{TREND}trend.csv?las=886,936").content)[0])
    assert downloaded["Summer 2023/24"][-1] == f"{south_east.name}; Kent"


def test_published_lines_are_labelled_in_the_legend_and_table(viewer):
    from notinschool.published.demo import load

    load()
    html = viewer.get(f"{TREND}?las=881").content.decode()
    label = "Essex (published by DfE, rounded)"
    assert label in html_table(html, "Children in elective home education over terms")[0]
    spec = chart_spec(html)
    colour = spec["layer"][0]["encoding"]["color"]
    assert label in colour["scale"]["domain"] and "England (published by DfE, rounded)" in colour["scale"]["domain"]
    assert colour["legend"]["symbolType"] == "stroke"  # the Area legend is drawn (it was hidden)
    essex = [p for p in spec["datasets"]["points"] if p["area"] == label]
    assert essex and {p["figure"] for p in essex} == {"Published by DfE, rounded"}
