"""The dashboard's pages, downloads and pack on a network with returns (tests/conftest.py)."""

from pathlib import Path

import pytest
from defusedxml import ElementTree
from openpyxl import load_workbook

from notinschool.benchmark.tests.reading import (
    chart_spec,
    csv_sections,
    html_table,
    number,
    png_size,
    svg_texts,
    xlsx_sheets,
)

pytestmark = pytest.mark.django_db
PERIOD = "2023-24-summer"
BASE = f"/dashboard/south-east/{PERIOD}"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "benchmark"


def _csv(response) -> list[list[str]]:
    return csv_sections(response.content)[0]


def test_overview_counts_returns_and_names_the_missing(viewer):
    page = viewer.get(f"{BASE}/").content.decode()
    assert "17 of 19 LAs" in page  # Slough sent nothing, Kent's is not yet approved
    assert "Not yet approved: Kent, Slough." in page
    assert "Shown as provisional: Kent." in page
    assert "Rates use ONS mid-2022 estimates" in page


def test_measure_page_table_and_csv_agree(viewer):
    page = viewer.get(f"{BASE}/ehe_total/?las=886,936,E06000039&highlight=936").content.decode()
    assert "Showing 3 local authorities chosen" in page
    rows = _csv(viewer.get(f"{BASE}/ehe_total/table.csv?las=886,936,E06000039"))
    names = [r[0] for r in rows[1:4]]
    assert set(names) == {"Kent", "Surrey", "Slough"}
    slough = next(r for r in rows if r[0] == "Slough")
    assert slough[2] == "" and slough[4] == "" and slough[11] == "No return"
    for row in rows[1:3]:
        assert row[4] in page  # each rate in the CSV is on the page


def _same_cells(shown: list[list[str]], downloaded: list[list], where: str) -> None:
    """Each page cell equals the downloaded one: numbers as numbers, text as text."""
    assert len(downloaded) == len(shown), where
    for on_page, row in zip(shown, downloaded, strict=True):
        for text, raw in zip(on_page, row, strict=True):
            raw = "" if raw is None else raw
            if text and number(raw) is not None and text.replace(",", "").replace(".", "").isdigit():
                assert number(text) == number(raw), (where, on_page[0], text, raw)
            else:
                assert text == str(raw), (where, on_page[0], text, raw)


@pytest.mark.parametrize(
    ("page", "download", "caption"),
    [
        ("/ehe_total/?las=886,936", "/ehe_total/table", "Children in elective home education,"),
        ("/?las=886", "/overview", "South East Access to Education group: headline figures"),
        ("/la/886/", "/la/886/profile", "Kent: every measure"),
    ],
)
def test_every_download_format(viewer, page, download, caption):
    """The CSV and XLSX hold the page's table, cell for cell; the SVG parses and draws the page's
    chart; the PNG is the same chart at twice the size."""
    html = viewer.get(f"{BASE}{page}").content.decode()
    shown = html_table(html, caption)
    query = page.split("?")[1] if "?" in page else ""
    files = {fmt: viewer.get(f"{BASE}{download}.{fmt}?{query}") for fmt in ("csv", "xlsx", "svg", "png")}
    for fmt, response in files.items():
        assert response.status_code == 200, fmt
        name = download.strip("/").replace("/", "-")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{name}.{fmt}").write_bytes(response.content)
    csv_rows = [r for r in _csv(files["csv"]) if not r[0].startswith("Note:")]
    sheet = [r for r in xlsx_sheets(files["xlsx"].content)[0] if not str(r[0]).startswith("Note:")]
    _same_cells(shown, csv_rows, f"{download}.csv")
    _same_cells(shown, sheet, f"{download}.xlsx")
    texts = svg_texts(files["svg"].content)
    assert chart_spec(html)["title"]["text"] in texts  # the page's chart, drawn
    width = float(ElementTree.fromstring(files["svg"].content).get("width"))
    assert png_size(files["png"].content)[0] == 2 * width


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", ["Headline figures", "Changes since earlier terms", "Every measure"]),
        (
            "/ehe_total/?breakdown=sex&category=female",
            ["% of EHE children", "share of its own EHE children", "Children in elective home education: sex Female"],
        ),
        ("/ehe_total/?view=funnel", ["funnel plot", "Position on the funnel plot"]),
        ("/ehe_total/?order=count", ["count by local authority", "Median count"]),
        ("/cme_total/?neighbours=886", ["Showing 11 local authorities chosen", "Kent and its statistical neighbours"]),
        ("/cme_total/?las=886", ["Showing 1 local authority chosen: Kent."]),
        ("/la/886/", ["Statistical neighbours, closest first: Essex (outside the network), East Sussex"]),
        ("/la/E06000039/", ["Slough", "No return"]),
    ],
)
def test_pages_open(viewer, path, expected):
    response = viewer.get(f"{BASE}{path}")
    assert response.status_code == 200
    html = response.content.decode().replace("&#39;", "'")
    for text in expected:
        assert text in html, text


def test_trend_keeps_gaps(viewer):
    response = viewer.get("/dashboard/south-east/trend/ehe_total/trend.csv?las=871")
    rows = _csv(response)
    assert rows[0][0] == "Term"
    slough = rows[0].index("Slough")
    summer = next(r for r in rows if r[0] == "Summer 2023/24")
    assert summer[slough] == ""  # Slough sent nothing that term: a gap, never 0
    spring = next(r for r in rows if r[0] == "Spring 2023/24")
    assert spring[slough] != ""
    first = next(r for r in rows if r[0] == "Summer 2022/23")
    assert first[1] == ""  # no population estimate for mid-2021 or earlier: no rate


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_trend_and_profile_charts(viewer, fmt):
    """Each chart draws the numbers of its table (SVG text) at a legible size (PNG pixels)."""
    trend = "/dashboard/south-east/trend/ehe_total/"
    cases = [
        (f"{trend}?las=886,936", f"{trend}trend.{fmt}?las=886,936", "Surrey", 2),
        (f"{BASE}/la/886/", f"{BASE}/la/886/profile.{fmt}", "Children in elective home education", 1),
        (f"{BASE}/", f"{BASE}/overview.{fmt}", "Children in elective home education", 3),
    ]
    for page, path, row_name, column in cases:
        html = viewer.get(page).content.decode()
        rows = csv_sections(viewer.get(path.replace(f".{fmt}", ".csv")).content)[0]
        table = {r[0].replace(" (provisional)", ""): r for r in rows}
        response = viewer.get(path)
        assert response.status_code == 200
        name = path.split("/")[-1].split("?")[0]
        (ARTIFACTS / name).parent.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / name).write_bytes(response.content)
        spec = chart_spec(html)
        if fmt == "svg":
            texts = svg_texts(response.content)
            assert spec["title"]["text"] in texts
            if "trend" not in path:
                value = table[row_name][column if "profile" not in path else 2]
                assert any(t.startswith(value) for t in texts), (path, value)  # the bar's label
            else:
                assert "Surrey" in texts and "Term" in texts
        else:
            width, height = png_size(response.content)
            assert width >= 1000 and height >= 300, (path, width, height)  # twice the screen size


def test_unknown_things_are_not_found(viewer):
    assert viewer.get("/dashboard/nowhere/2023-24-summer/").status_code == 404
    assert viewer.get(f"{BASE}/no_such_measure/").status_code == 404
    assert viewer.get(f"{BASE}/la/999/").status_code == 404
    assert viewer.get(f"{BASE}/la/800/").status_code == 404  # Bath: not in this network
    assert viewer.get(f"{BASE}/ehe_total/table.exe").status_code == 404


def test_a_spreadsheet_says_what_it_holds_then_its_headings(viewer):
    response = viewer.get(f"{BASE}/ehe_total/table.xlsx?las=867,868")
    assert response["Content-Disposition"] == (
        f'attachment; filename="south-east-{PERIOD}-ehe-total-2-chosen-las.xlsx"'
    )
    sheet = load_workbook(__import__("io").BytesIO(response.content)).active
    assert sheet["A1"].value == "Children in elective home education, Summer term 2023 to 2024"
    assert sheet["A2"].value == (
        "South East Access to Education group. Local authorities: Bracknell Forest, Windsor and Maidenhead."
    )
    assert sheet["A3"].value.startswith("Source: the LAs' termly returns")
    assert sheet["A6"].value == "Local authority" and sheet.title == "Children in elective home"


def test_a_term_with_no_figures_draws_no_empty_charts(viewer, south_east):
    """A collection just opened has no returns: each page says so in words, with its (empty)
    table, instead of a frame of axes with nothing in it and links to download that frame."""
    from notinschool.benchmark.tests.factories import open_collection

    open_collection(south_east, "2022-23-autumn")
    empty = "/dashboard/south-east/2022-23-autumn"
    for path in (f"{empty}/", f"{empty}/ehe_total/", f"{empty}/ehe_total/?view=funnel", f"{empty}/la/886/"):
        html = viewer.get(path).content.decode()
        assert 'class="app-chart"' not in html and 'id="chart-spec"' not in html, path
        assert "There is no chart to draw." in html and "The chart as SVG" not in html, path
        assert "as CSV" in html, path
    assert "has a figure for autumn term 2022 to 2023" in viewer.get(f"{empty}/ehe_total/").content.decode()
    # The same pages in a term with figures keep their charts and chart downloads.
    for path in (f"{BASE}/", f"{BASE}/ehe_total/", f"{BASE}/ehe_total/?view=funnel", f"{BASE}/la/886/"):
        html = viewer.get(path).content.decode()
        assert 'class="app-chart"' in html and "The chart as SVG" in html, path
        assert "There is no chart to draw." not in html, path


def test_the_measure_tables_links_are_the_profiles_own_addresses(reference_data):
    """The links are reversed once and filled in per LA: each is what reversing it alone gives."""
    from django.urls import reverse

    from notinschool.benchmark.views import _profile_links
    from notinschool.places.selectors import current_local_authorities

    codes = [la.old_code for la in current_local_authorities()]
    links = _profile_links("south-east", "2023-24-summer", codes)
    assert len(links) == len(codes) > 150
    for code in codes:
        kwargs = {"network": "south-east", "period": "2023-24-summer", "la": code}
        assert links[code] == reverse("benchmark:profile", kwargs=kwargs)


@pytest.mark.parametrize(
    ("chosen", "sentence"),
    [
        (
            "871",
            r"The chosen local authority has no rate for summer term 2023 to 2024\. No rate for Slough \(no return\)\.",
        ),
        (
            "936",
            r"The chosen local authority, Surrey, has a rate of \d+\.\d for summer term 2023 to 2024\. .*; Surrey "
            r"was (significantly above|significantly below|not significantly different from) it\.",
        ),
        (
            "936,871",
            r"Of the 2 chosen local authorities, 1 has a rate for summer term 2023 to 2024: \d+\.\d in Surrey\.",
        ),
        ("936,886", r"Of the 2 chosen local authorities, 2 have a rate for summer term 2023 to 2024, from \d+\.\d in "),
        ("871,800", r"None of the 2 chosen local authorities has a rate for summer term 2023 to 2024\."),
    ],
)
def test_what_the_chart_shows_is_said_in_words_for_one_la_or_more(viewer, chosen, sentence):
    import re

    html = viewer.get(f"{BASE}/ehe_total/?las={chosen}").content.decode().replace("&#39;", "'")
    assert re.search(sentence, html), sentence
    assert "1 chosen local authorities" not in html and "the 1 chosen" not in html
