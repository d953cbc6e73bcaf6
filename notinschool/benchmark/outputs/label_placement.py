"""Where to write LA names on a funnel plot so that they neither overlap nor cover a point.

Vega-Lite writes each text mark where it is told and never moves one out of another's way, so
names of LAs with similar populations and rates were printed over each other. The chart's scales
are fixed here (``FunnelScales``) so that the plot's pixels are known before it is drawn; each
name then takes the first of a few places beside its point that is inside the plot and clear of
every name already placed and of every point. A name with no clear place takes the one it
overlaps least. Text widths are estimated from the number of characters, generously.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CHARACTER_WIDTH = 6.3  # pixels per character at 11 px Arial, a little over the average
TEXT_HEIGHT = 13.0
GAP = 7.0  # from a point's centre to the nearest edge of its name
POINT_RADIUS = 5.0
# (side, vertical shift in pixels), in order of preference: beside the point, then a little above
# or below it, then further away.
PLACES = [(side, shift) for shift in (0, -11, 11, -22, 22) for side in ("right", "left")]


@dataclass(frozen=True)
class FunnelScales:
    """A log x scale (population) and a linear y scale (rate) with fixed domains and sizes."""

    x_domain: tuple[float, float]
    y_domain: tuple[float, float]
    width: float
    height: float

    def pixels(self, x: float, y: float) -> tuple[float, float]:
        """The point's position in the plot, from its top left corner."""
        low, high = (math.log10(v) for v in self.x_domain)
        px = (math.log10(x) - low) / (high - low) * self.width
        py = (self.y_domain[1] - y) / (self.y_domain[1] - self.y_domain[0]) * self.height
        return px, py

    def values(self, px: float, py: float) -> tuple[float, float]:
        """The data values at a position in the plot (the inverse of `pixels`)."""
        low, high = (math.log10(v) for v in self.x_domain)
        x = 10 ** (low + px / self.width * (high - low))
        y = self.y_domain[1] - py / self.height * (self.y_domain[1] - self.y_domain[0])
        return x, y


def funnel_scales(xs: list[float], ys: list[float], *, width: float, height: float) -> FunnelScales:
    """Domains as Vega would choose them (log x to whole powers of ten, y from zero to a round
    number), but fixed, so that labels can be placed against them."""
    x_domain = (10.0 ** math.floor(math.log10(min(xs))), 10.0 ** math.ceil(math.log10(max(xs))))
    if x_domain[0] == x_domain[1]:
        x_domain = (x_domain[0], x_domain[1] * 10)
    return FunnelScales(x_domain, (0.0, _round_up(max([*ys, 0.0]))), width, height)


def _round_up(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ step multiple at or above ``value``, about five steps."""
    if value < 1e-9:  # every rate zero (or too small to draw): Vega's default of 0 to 1
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value / 5))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if value / (m * magnitude) <= 10)
    return math.ceil(value / step - 1e-9) * step


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlap(self, other: Box) -> float:
        """The area this box shares with ``other``, in square pixels."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return width * height if width > 0 and height > 0 else 0.0


@dataclass(frozen=True)
class Placement:
    """Where a name goes: its anchor in data values, and which side of the anchor it runs."""

    x: float
    y: float
    align: str  # "left": the name starts at the anchor; "right": it ends there
    box: Box


def _box(px: float, py: float, side: str, shift: float, text: str) -> Box:
    width = len(text) * CHARACTER_WIDTH
    middle = py + shift
    left = px + GAP if side == "right" else px - GAP - width
    return Box(left, middle - TEXT_HEIGHT / 2, left + width, middle + TEXT_HEIGHT / 2)


def place_labels(
    points: list[tuple[float, float]],
    labels: dict[int, str],
    scales: FunnelScales,
    lines: list[tuple[float, float]] = (),
) -> dict[int, Placement]:
    """Places for ``labels`` (index into ``points`` → text), clear of each other and of every point
    and, where they can be, of the limit ``lines`` (given as the points they are drawn through)."""
    pixels = [scales.pixels(x, y) for x, y in points]
    taken = [Box(px - POINT_RADIUS, py - POINT_RADIUS, px + POINT_RADIUS, py + POINT_RADIUS) for px, py in pixels]
    # A line is sampled often enough (every few pixels) that a name across it covers a sample.
    taken += [Box(px - 1.5, py - 1.5, px + 1.5, py + 1.5) for px, py in (scales.pixels(x, y) for x, y in lines)]
    placed: dict[int, Placement] = {}
    # Top to bottom, left to right: a stable order, so the same data always gives the same chart.
    for index in sorted(labels, key=lambda i: (pixels[i][1], pixels[i][0])):
        px, py = pixels[index]
        best, best_cost = None, math.inf
        for side, shift in PLACES:
            box = _box(px, py, side, shift, labels[index])
            outside = box.left < 0 or box.right > scales.width or box.top < 0 or box.bottom > scales.height
            cost = sum(box.overlap(other) for other in taken) + (1e6 if outside else 0)
            if cost < best_cost:
                best, best_cost = (side, box), cost
            if cost == 0:
                break
        side, box = best
        taken.append(box)
        anchor_x = box.left if side == "right" else box.right
        x, y = scales.values(anchor_x, (box.top + box.bottom) / 2)
        placed[index] = Placement(x, y, "left" if side == "right" else "right", box)
    return placed
