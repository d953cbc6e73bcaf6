"""The dashboard's pages, downloads and pack on a network with returns (tests/conftest.py)."""

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.access_cases import sign_in

pytestmark = pytest.mark.django_db
PERIOD = "2023-24-summer"
BASE = f"/dashboard/south-east/{PERIOD}"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "benchmark"


@pytest.fixture
def viewer(client, south_east):
    sign_in(client, "viewer@surrey.example")
    return client


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


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


def test_every_download_format(viewer):
    for fmt, start in (("csv", b"\xef\xbb\xbf"), ("xlsx", b"PK"), ("svg", b"<svg"), ("png", b"\x89PNG")):
        response = viewer.get(f"{BASE}/ehe_total/table.{fmt}?las=886,936")
        assert response.status_code == 200
        assert response.content.startswith(start), fmt
        (ARTIFACTS / f"ehe_total.{fmt}").parent.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"ehe_total.{fmt}").write_bytes(response.content)
    sheet = load_workbook(io.BytesIO(viewer.get(f"{BASE}/ehe_total/table.xlsx").content)).active
    assert sheet["A1"].value == "Local authority"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/ehe_total/?breakdown=sex&category=female",
        "/ehe_total/?view=funnel",
        "/ehe_total/?order=count",
        "/cme_total/?neighbours=886",
        "/la/886/",
        "/la/E06000039/",
    ],
)
def test_pages_open(viewer, path):
    assert viewer.get(f"{BASE}{path}").status_code == 200


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
    for path in (f"/dashboard/south-east/trend/ehe_total/trend.{fmt}?las=886,936", f"{BASE}/la/886/profile.{fmt}",
                 f"{BASE}/overview.{fmt}"):  # fmt: skip
        response = viewer.get(path)
        assert response.status_code == 200
        name = path.split("/")[-1].split("?")[0]
        (ARTIFACTS / name).write_bytes(response.content)


def test_unknown_things_are_not_found(viewer):
    assert viewer.get("/dashboard/nowhere/2023-24-summer/").status_code == 404
    assert viewer.get(f"{BASE}/no_such_measure/").status_code == 404
    assert viewer.get(f"{BASE}/la/999/").status_code == 404
    assert viewer.get(f"{BASE}/la/800/").status_code == 404  # Bath: not in this network
    assert viewer.get(f"{BASE}/ehe_total/table.exe").status_code == 404


def test_meeting_pack(viewer):
    html = viewer.get(f"{BASE}/pack/").content.decode()
    assert html.count('class="app-pack__section"') == 1 + 4 + 19  # overview, 4 measures in 2023-24, 19 LAs
    # Every section has its chart, each LA's page included.
    assert html.count('<img class="app-pack__chart" src="data:image/svg+xml;base64,') == 1 + 4 + 19
    kent = html[html.index('id="la-886"') :]
    assert kent.index('class="app-pack__chart"') < kent.index("<table")
    response = viewer.get(f"{BASE}/pack.pdf")
    assert response.content.startswith(b"%PDF")
    (ARTIFACTS / "pack.pdf").write_bytes(response.content)
