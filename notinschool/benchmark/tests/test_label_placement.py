"""Names on the funnel plot: fixed scales, and places that keep names apart and off the points."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from notinschool.benchmark.outputs import funnel_chart
from notinschool.benchmark.outputs.label_placement import (
    CHARACTER_WIDTH,
    Box,
    funnel_scales,
    place_labels,
)
from notinschool.benchmark.statistics.measure_table import Row, Source
from notinschool.benchmark.statistics.rates import MeasureKind

WIDTH, HEIGHT = 560, 380

# The demo's CME funnel for summer 2025-26, where nine names had been printed over each other.
CROWD = {
    "Isle of Wight": (16_900, 2.1),
    "Southampton": (25_600, 2.1),
    "East Sussex": (72_800, 2.1),
    "West Berkshire": (24_200, 1.95),
    "Slough": (24_000, 1.65),
    "Brighton and Hove": (25_500, 1.62),
    "Reading": (23_400, 1.58),
    "Windsor and Maidenhead": (22_900, 1.55),
    "West Sussex": (124_600, 1.6),
    "Kent": (232_000, 1.67),
    "Buckinghamshire": (89_000, 1.5),
    "Oxfordshire": (104_400, 1.43),
    "Medway": (43_000, 0.93),
    "Wokingham": (31_000, 0.89),
    "Surrey": (183_000, 0.82),
    "Bracknell Forest": (19_700, 0.65),
    "Portsmouth": (28_800, 0.6),
    "Milton Keynes": (51_000, 0.58),
    "Hampshire": (196_000, 0.38),
}


def _point_box(scales, x, y) -> Box:
    px, py = scales.pixels(x, y)
    return Box(px - 5, py - 5, px + 5, py + 5)


def test_scales_go_from_values_to_pixels_and_back():
    scales = funnel_scales([1_500, 640_000], [0.2, 2.13], width=WIDTH, height=HEIGHT)
    assert scales.x_domain == (1_000, 1_000_000)
    assert scales.y_domain == (0.0, 2.25)  # steps of 0.25, as Vega's axis would have
    assert scales.pixels(1_000, 2.25) == (0, 0)
    assert scales.pixels(1_000_000, 0) == (WIDTH, HEIGHT)
    assert scales.pixels(10_000, 1.125) == (WIDTH / 3, HEIGHT / 2)
    x, y = scales.values(*scales.pixels(31_623, 0.7))
    assert math.isclose(x, 31_623) and math.isclose(y, 0.7)


def test_a_crowd_of_names_neither_overlaps_nor_covers_a_point():
    names = list(CROWD)
    points = [CROWD[name] for name in names]
    xs = [x for x, _ in points]
    # The limit lines run from half the smallest population to twice the largest, as drawn.
    scales = funnel_scales([*xs, min(xs) // 2, max(xs) * 2], [y for _, y in points], width=WIDTH, height=HEIGHT)
    placed = place_labels(points, dict(enumerate(names)), scales)
    boxes = [placed[i].box for i in range(len(names))]
    for i, box in enumerate(boxes):
        assert box.left >= 0 and box.right <= WIDTH and box.top >= 0 and box.bottom <= HEIGHT, names[i]
        assert math.isclose(box.right - box.left, len(names[i]) * CHARACTER_WIDTH)
        for j, other in enumerate(boxes[:i]):
            assert box.overlap(other) == 0, (names[i], names[j])
        for x, y in points:
            assert box.overlap(_point_box(scales, x, y)) == 0, names[i]
        # The anchor is the box's edge on the side the name runs from, beside its own point.
        anchor = scales.pixels(placed[i].x, placed[i].y)
        edge = box.left if placed[i].align == "left" else box.right
        assert math.isclose(anchor[0], edge, abs_tol=1e-6)
        assert math.isclose(anchor[1], (box.top + box.bottom) / 2, abs_tol=1e-6)
        px, py = scales.pixels(*points[i])
        assert abs(anchor[1] - py) <= 22 and min(abs(box.left - px), abs(box.right - px)) <= 8


def test_only_the_named_points_get_places_and_the_same_data_gives_the_same_places():
    points = [(20_000, 1.0), (40_000, 1.5), (80_000, 2.0)]
    scales = funnel_scales([x for x, _ in points], [y for _, y in points], width=WIDTH, height=HEIGHT)
    first = place_labels(points, {0: "Kent", 2: "Surrey"}, scales)
    assert set(first) == {0, 2}
    assert first == place_labels(points, {0: "Kent", 2: "Surrey"}, scales)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=100, max_value=900_000),
            st.floats(min_value=0, max_value=40, allow_nan=False),
            st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=30),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_every_name_stays_inside_the_plot(rows):
    """Wherever the points fall (corners, one on another), no name is pushed off the chart."""
    points = [(x, y) for x, y, _ in rows]
    scales = funnel_scales([x for x, _ in points], [y for _, y in points], width=WIDTH, height=HEIGHT)
    placed = place_labels(points, {i: name for i, (_, _, name) in enumerate(rows)}, scales)
    assert set(placed) == set(range(len(rows)))
    for place in placed.values():
        box = place.box
        assert box.left >= 0 and box.right <= WIDTH and box.top >= 0 and box.bottom <= HEIGHT


def _row(code: str, name: str, population: int, rate: float) -> Row:
    count = round(population * rate / 100)
    return Row(code, name, count, population, rate, None, None, None, None, None, Source.RETURN, in_network=True)


def test_the_funnel_chart_carries_the_scales_and_places_it_was_laid_out_with():
    rows = [_row(str(800 + i), name, *CROWD[name]) for i, name in enumerate(CROWD)]
    spec = funnel_chart.funnel_chart(
        rows,
        title="t",
        subtitle="s",
        value_title="Rate",
        x_title="Children",
        reference=1.25,
        kind=MeasureKind.STOCK,
        labelled={rows[0].code, rows[4].code},
    )
    encoded = [layer["encoding"] for layer in spec["layer"] if "x" in layer.get("encoding", {})]
    x_domains = {tuple(e["x"]["scale"]["domain"]) for e in encoded}
    y_domains = {tuple(e["y"]["scale"]["domain"]) for e in encoded if "y" in e}
    assert len(x_domains) == 1 and len(y_domains) == 1
    points = spec["datasets"]["points"]
    named = [p for p in points if p["labelled"]]
    assert [p["name"] for p in named] == ["Isle of Wight", "Slough"]
    assert all({"label_x", "label_y", "label_align"} <= set(p) for p in named)
    assert not any("label_x" in p for p in points if not p["labelled"])
    # Every limit line and point lies inside the fixed domains, so nothing is cut off.
    (x_low, x_high), (y_low, y_high) = x_domains.pop(), y_domains.pop()
    for item in points + spec["datasets"]["limits"]:
        assert x_low <= item["population"] <= x_high and y_low <= item["rate"] <= y_high
