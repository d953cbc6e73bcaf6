"""The map of England for a measure's rate: drawn on the server, with its figures as a table."""

import pytest
from defusedxml import ElementTree

from notinschool.benchmark.outputs.map import NO_FIGURES, areas, class_breaks, legend_rows, shade
from notinschool.benchmark.tests.reading import png_size

pytestmark = pytest.mark.django_db
PERIOD = "2023-24-summer"
MAP = f"/dashboard/south-east/{PERIOD}/ehe_total/map/"
SVG = "{http://www.w3.org/2000/svg}"


def test_every_boundary_is_matched_to_an_la():
    shapes, height = areas()
    assert len(shapes) == 153 and height > 500
    # Matched through the code history to the old codes the service keys LAs by.
    assert {"886", "867", "201"} <= {area.code for area in shapes}
    assert all(area.code.isdigit() for area in shapes)


def test_classes_hold_equal_numbers_and_no_figures_is_its_own_class():
    breaks = class_breaks([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0])
    assert breaks == [2.0, 4.0, 6.0, 8.0, 10.0]
    assert shade(None, breaks) == NO_FIGURES and shade(1.5, breaks) != shade(9.5, breaks)
    assert legend_rows(breaks)[0][1] == "up to 2.0" and legend_rows(breaks)[1][1] == "over 2.0 to 4.0"
    assert legend_rows(breaks)[-1] == (NO_FIGURES, "no figures")
    assert class_breaks([]) == [] and class_breaks([3.0, 3.0]) == [3.0]
    # Bounds that one decimal place would make look alike are written with two.
    close = legend_rows([0.46, 0.86, 0.94])
    assert [words for _, words in close[:3]] == ["up to 0.46", "over 0.46 to 0.86", "over 0.86 to 0.94"]


def test_the_map_page_draws_england_without_javascript(viewer):
    html = viewer.get(f"{MAP}?highlight=886").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    root = ElementTree.fromstring(svg)
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert titles[0].startswith("Children in elective home education: rate by local authority in England")
    assert any(t.startswith("Kent: ") and "per 100" in t for t in titles)
    assert any(t.endswith(": no figures") for t in titles)  # outside the network, nothing for this term
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "no figures" in texts and "thick red outline: the chosen LA" in texts
    assert any(t.startswith("Boundaries: ONS") for t in texts)
    # The chosen LA's thick outline, and the network's 19 thin ones.
    outlines = [p for p in root.iter(f"{SVG}path") if p.get("fill") == "none"]
    assert len(outlines) == 19 and sum(p.get("stroke-width") == "3" for p in outlines) == 1
    assert "Rates on the map, highest first" in html and "No figures for this term:" in html


def test_the_map_downloads_as_svg_and_png(viewer):
    svg = viewer.get(f"{MAP[:-1]}.svg?highlight=886")
    assert svg["Content-Type"] == "image/svg+xml"
    assert 'filename="south-east-2023-24-summer-ehe-total-map-of-england-886.svg"' in svg["Content-Disposition"]
    ElementTree.fromstring(svg.content)
    width, height = png_size(viewer.get(f"{MAP[:-1]}.png").content)
    assert width == 1120 and height > 1000
    assert viewer.get(f"{MAP[:-1]}.csv").status_code == 404
