"""A map of England's LAs for one measure's rate, drawn on the server as SVG (ADR 0631).

Each LA is shaded by the class its rate falls in (five classes with equal numbers of LAs), LAs
without a figure are pale and say "no figures", the network's LAs are outlined and a chosen LA
is drawn with a thick outline. Every shape has a title naming the LA and its figure, and the
page shows the same figures as a table, so nothing depends on colour alone.

Boundaries: ONS Counties and Unitary Authorities (December 2023) BUC, shipped in
benchmark/data/boundaries; each is matched to an LA through the reference file's code history.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from html import escape
from pathlib import Path

from notinschool.core.presenters import decimals, one_decimal
from notinschool.places.reference import find_la

BOUNDARIES = Path(__file__).resolve().parents[1] / "data" / "boundaries" / "ctyua_dec2023_buc_england.geojson"
SHADES = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]  # light to dark: low to high
NO_FIGURES = "#f3f2f1"
WIDTH = 560
ATTRIBUTION = "Boundaries: ONS, Open Government Licence v3.0; contains OS data © Crown copyright 2023"


@dataclass(frozen=True)
class Area:
    """One LA's shape: the old code it is matched to, its name and its SVG path."""

    code: str
    name: str
    path: str


@functools.lru_cache(maxsize=1)
def areas() -> tuple[tuple[Area, ...], int]:
    """Every boundary as an SVG path in a WIDTH-wide frame, and the frame's height (read once)."""
    features = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]
    rings = []
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings.append((feature["properties"], [ring for polygon in polygons for ring in polygon]))
    points = [point for _, shape in rings for ring in shape for point in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    # Longitude shrinks with latitude: scale it by the cosine of the middle latitude.
    squeeze = math.cos(math.radians((north + south) / 2))
    scale = (WIDTH - 10) / ((east - west) * squeeze)
    height = round((north - south) * scale) + 10

    def xy(point) -> str:
        return f"{5 + (point[0] - west) * squeeze * scale:.1f},{5 + (north - point[1]) * scale:.1f}"

    found = []
    for properties, shape in rings:
        la = find_la(properties["code"])  # current or former ONS codes alike
        code = la.old_code if la is not None else properties["code"]
        path = "".join("M" + "L".join(xy(point) for point in ring) + "Z" for ring in shape)
        found.append(Area(code, la.name if la is not None else properties["name"], path))
    return tuple(found), height


def class_breaks(rates: list[float], classes: int = len(SHADES)) -> list[float]:
    """Upper bounds of `classes` classes holding about equal numbers of LAs (the last is the
    highest rate); fewer when there are fewer distinct rates."""
    ordered = sorted(rates)
    if not ordered:
        return []
    breaks = []
    for index in range(1, classes + 1):
        value = ordered[min(len(ordered) - 1, math.ceil(index * len(ordered) / classes) - 1)]
        if not breaks or value > breaks[-1]:
            breaks.append(value)
    return breaks


def shade(rate: float | None, breaks: list[float]) -> str:
    """The colour of the class `rate` falls in, or the 'no figures' colour."""
    if rate is None or not breaks:
        return NO_FIGURES
    for index, bound in enumerate(breaks):
        if rate <= bound:
            return SHADES[round(index * (len(SHADES) - 1) / max(1, len(breaks) - 1))]
    return SHADES[-1]


def legend_rows(breaks: list[float]) -> list[tuple[str, str]]:
    """(colour, words) for each class, then 'no figures'. Bounds are written to one decimal
    place, or more where one place would make two different bounds look the same (never
    "over 0.9 to 0.9")."""
    places = next((p for p in (1, 2, 3) if len({decimals(b, p) for b in breaks}) == len(breaks)), 4)
    rows, low = [], None
    for bound in breaks:
        shown = decimals(bound, places)
        words = f"up to {shown}" if low is None else f"over {decimals(low, places)} to {shown}"
        rows.append((shade(bound, breaks), words))
        low = bound
    return [*rows, (NO_FIGURES, "no figures")]


def map_svg(
    rates: dict[str, float | None],
    *,
    title: str,
    description: str,
    unit: str,
    network_codes: set[str],
    chosen: str = "",
) -> str:
    """The choropleth: `rates` by old code (None: no figures)."""
    shapes, height = areas()
    breaks = class_breaks([r for r in rates.values() if r is not None])
    legend = legend_rows(breaks)
    legend_top = height + 10
    total = legend_top + 18 * (len(legend) + 3) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total}" width="{WIDTH}" height="{total}" '
        f'role="img" font-family="Arial, Helvetica, sans-serif"><title>{escape(title)}</title>'
        f'<desc>{escape(description)}</desc><rect width="{WIDTH}" height="{total}" fill="#ffffff"/>'
    ]
    outlined = []
    for area in shapes:
        rate = rates.get(area.code)
        words = f"{area.name}: {one_decimal(rate)} {unit}" if rate is not None else f"{area.name}: no figures"
        parts.append(
            f'<path d="{area.path}" fill="{shade(rate, breaks)}" stroke="#ffffff" stroke-width="0.4">'
            f"<title>{escape(words)}</title></path>"
        )
        if area.code in network_codes or area.code == chosen:
            outlined.append(area)
    # Outlines last, so a neighbour's fill never covers them; the chosen LA on top of all.
    for area in sorted(outlined, key=lambda a: a.code == chosen):
        width, colour = ("3", "#d4351c") if area.code == chosen else ("1.2", "#0b0c0c")
        parts.append(f'<path d="{area.path}" fill="none" stroke="{colour}" stroke-width="{width}"/>')
    y = legend_top
    parts.append(f'<text x="10" y="{y + 12}" font-size="12" font-weight="bold">Rate {escape(unit)}</text>')
    for colour, words in legend:
        y += 18
        parts.append(f'<rect x="10" y="{y + 2}" width="24" height="12" fill="{colour}" stroke="#505a5f"/>')
        parts.append(f'<text x="40" y="{y + 12}" font-size="12">{escape(words)}</text>')
    y += 18
    parts.append(f'<rect x="10" y="{y + 2}" width="24" height="12" fill="none" stroke="#0b0c0c" stroke-width="1.2"/>')
    parts.append(f'<text x="40" y="{y + 12}" font-size="12">thin black outline: in the network</text>')
    if chosen:
        y += 18
        parts.append(f'<rect x="10" y="{y + 2}" width="24" height="12" fill="none" stroke="#d4351c" stroke-width="3"/>')
        parts.append(f'<text x="40" y="{y + 12}" font-size="12">thick red outline: the chosen LA</text>')
    parts.append(f'<text x="10" y="{total - 6}" font-size="9" fill="#505a5f">{escape(ATTRIBUTION)}</text>')
    parts.append("</svg>")
    return "".join(parts)
