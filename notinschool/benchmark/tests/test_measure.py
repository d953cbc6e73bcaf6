"""The measure page's funnel plot names LAs and gives each one's position; ranked by count there
is no funnel, and the table's median is the one the chart draws."""

import statistics

import html5lib
import pytest

from notinschool.benchmark.statistics.funnel import funnel_position
from notinschool.benchmark.statistics.rates import MeasureKind
from notinschool.benchmark.tests.reading import by_first_cell, chart_spec, csv_sections, html_table, number

pytestmark = pytest.mark.django_db
BASE = "/dashboard/south-east/2023-24-summer"
POSITION = "Position on the funnel plot"


def _layer(spec: dict, mark: str) -> dict:
    return next(
        layer
        for layer in spec["layer"]
        if (layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]) == mark
    )


def test_funnel_names_the_highlighted_and_chosen_las(viewer):
    html = viewer.get(f"{BASE}/ehe_total/?view=funnel&las=886,936,870&highlight=936").content.decode()
    spec = chart_spec(html)
    points = {p["la"].split(" (")[0]: p for p in spec["datasets"]["points"]}
    assert set(points) == {"Kent", "Surrey", "Reading"}
    assert points["Surrey"]["group"] == "Highlighted" and all(p["labelled"] for p in points.values())
    assert points["Kent"]["name"] == "Kent (provisional)" and points["Kent"]["group"].startswith("Provisional")
    text = _layer(spec, "text")
    assert text["encoding"]["text"]["field"] == "name" and "datum.labelled" in str(text["transform"])
    assert _layer(spec, "point")["encoding"]["x"]["title"] == "Children aged 5 to 16 (ONS estimate)"
    table = html_table(html, "Children in elective home education,")
    assert table[0][5] == POSITION and table[0][4].startswith("Rate")


def test_funnel_positions_in_the_table_are_worked_from_its_own_numbers(viewer):
    rows = csv_sections(viewer.get(f"{BASE}/ehe_total/table.csv?view=funnel").content)[0]
    headings, body = rows[0], rows[1:]
    assert headings[5] == POSITION
    pooled = next(r for r in body if r[0].endswith("(pooled)"))
    reference = int(pooled[2]) * 100 / int(pooled[3])
    positions = {}
    for row in body:
        if row[1] and row[2] and row[3]:
            expected = funnel_position(int(row[2]) * 100 / int(row[3]), int(row[3]), reference, kind=MeasureKind.STOCK)
            assert row[5] == str(expected), row[0]
            positions[row[0]] = expected
    assert any(p.outside for p in positions.values()) and any(not p.outside for p in positions.values())
    # With nobody chosen, the chart names exactly the LAs outside the 95% limits.
    spec = chart_spec(viewer.get(f"{BASE}/ehe_total/?view=funnel").content.decode())
    named = {p["la"].split(" (")[0] for p in spec["datasets"]["points"] if p["labelled"]}
    assert named == {name for name, p in positions.items() if p.outside}


def test_a_breakdowns_funnel_is_drawn_against_the_las_total(viewer):
    html = viewer.get(f"{BASE}/ehe_total/?view=funnel&breakdown=sex&category=female").content.decode()
    assert _layer(chart_spec(html), "point")["encoding"]["x"]["title"] == "EHE children: the LA's total"
    table = html_table(html, "Children in elective home education: sex")
    assert table[0][3] == "EHE children" and table[0][5] == POSITION


def test_ranked_by_count_there_is_no_funnel_and_the_median_is_of_counts(viewer):
    html = viewer.get(f"{BASE}/ehe_total/?view=funnel&order=count").content.decode()
    assert "cannot show local authorities ranked by count" in html
    document = html5lib.parse(html, namespaceHTMLElements=False)
    view = {i.get("value"): "checked" in i.attrib for i in document.iter("input") if i.get("name") == "view"}
    assert view == {"bar": True, "funnel": False}  # the form shows what is drawn
    spec = chart_spec(html)
    assert "points" not in spec["datasets"] and spec["datasets"]["bars"]
    rows = csv_sections(viewer.get(f"{BASE}/ehe_total/table.csv?order=count").content)[0]
    counts = [int(r[2]) for r in rows[1:] if r[7]]  # ranked LAs
    median = by_first_cell(rows)["Median of the network's LAs"]
    assert number(median[2]) == statistics.median(counts) and median[4] == ""
    line = next(v for v in spec["datasets"]["lines"] if v["kind"] == "median")
    assert line["value"] == statistics.median(counts)
    by_rate = by_first_cell(csv_sections(viewer.get(f"{BASE}/ehe_total/table.csv").content)[0])
    assert by_rate["Median of the network's LAs"][2] == "" and by_rate["Median of the network's LAs"][4] != ""


def test_a_flow_measures_breakdown_is_a_share_tested_as_a_proportion(viewer):
    """EHE starts are a flow (Poisson), but the share of an LA's starts from one kind of school
    is a proportion: its interval is Wilson's, inside 0 to 100%, and so are the funnel's limits."""
    query = "breakdown=previous_school_type&category=academy"
    html = viewer.get(f"{BASE}/ehe_starts/?view=funnel&{query}").content.decode()
    assert "Wilson score interval" in html and "exact Poisson interval" not in html
    rows = csv_sections(viewer.get(f"{BASE}/ehe_starts/table.csv?{query}").content)[0]
    lower, upper = rows[0].index("95% interval: lower"), rows[0].index("95% interval: upper")
    intervals = [(number(r[lower]), number(r[upper])) for r in rows[1:] if r[lower] and r[upper]]
    assert len(intervals) >= 10 and all(0 <= low <= high <= 100 for low, high in intervals)
    limits = chart_spec(html)["datasets"]["limits"]
    assert limits and all(0 <= limit["rate"] <= 100 for limit in limits)
    # The same page without a breakdown is a flow: Poisson.
    assert "exact Poisson interval" in viewer.get(f"{BASE}/ehe_starts/").content.decode()


def test_an_la_with_no_return_stays_on_the_chart_in_words(viewer):
    """Slough sent no return for the term: the server's image (and the interactive chart, drawn
    from the same specification) keeps its row, with 'no return' where the bar would be."""
    drawn = viewer.get("/dashboard/south-east/2023-24-summer/ehe_total/table.svg?las=886,871").content.decode()
    assert "Slough" in drawn and "no return" in drawn and "Kent (provisional)" in drawn


def test_a_csv_carries_its_title_the_source_and_the_filter_after_its_tables(viewer):
    """The CSV starts with its headings (what every reader expects) and ends with a block
    "About this file": the title, the LAs chosen and the source, as the XLSX's first rows say."""
    from notinschool.benchmark.tests.reading import csv_about, xlsx_titles

    query = "?las=867,868,869,870,871,872&breakdown=sex&category=male"
    csv_file = viewer.get(f"{BASE}/ehe_total/table.csv{query}").content
    assert csv_file.decode("utf-8-sig").startswith("Local authority,")
    about = csv_about(csv_file)
    assert about[0].startswith("Children in elective home education: sex Male, Summer term 2023 to 2024")
    assert "Local authorities:" in about[1] and "Bracknell Forest" in about[1]
    assert about[2].startswith("Source: the LAs' termly returns")
    titles = xlsx_titles(viewer.get(f"{BASE}/ehe_total/table.xlsx{query}").content)[0]
    assert titles[:3] == about[:3]
    assert len(csv_sections(csv_file)) == 2  # the LAs' table and DfE's: the block is not a table
