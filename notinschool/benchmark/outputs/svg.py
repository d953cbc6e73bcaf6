"""Charts drawn on the server as plain SVG, in milliseconds and without any chart engine.

The meeting pack draws every chart with these (ADR 0630): a pack holds dozens of charts, and the
Vega-Lite engine took most of a second for each. Each chart carries its own title and description
for screen readers, and never uses colour alone: provisional bars have a dashed outline and say so in their
label, DfE's rounded figures are outlined, an LA without a figure says why in words, and each
reference line has its own dash pattern and is named in the legend with its value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from notinschool.core.presenters import one_decimal

FONT = "Arial, Helvetica, sans-serif"
INK, MUTED, GRID = "#0b0c0c", "#505a5f", "#d8dadb"
# Provisional bars are white with a dashed outline and DfE's rounded figures pale with a solid one
# (no fill patterns: Chromium rasterises them when printing, which made the pack four times slower).
FILLS = {"return": "#1d70b8", "provisional": "#ffffff", "published": "#d2e2f1", "highlight": "#0b0c0c"}
STROKES = {"return": "none", "provisional": "#1d70b8", "published": "#1d70b8", "highlight": "none"}
PROVISIONAL_DASH = ' stroke-dasharray="3 2" stroke-width="1.5"'
DASHES = ["", "6 3", "2 3", "8 3 2 3"]  # one per reference line, so none is told apart by colour
LINE_COLOURS = ["#d4351c", "#0b0c0c", "#00703c", "#4c2c92"]
AREA_FILLS = ["#1d70b8", "#f47738", "#b1b4b6", "#ffffff"]


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None draws no bar and writes `missing` instead), and its kind:
    'return', 'provisional', 'published' or 'highlight'."""

    label: str
    value: float | None
    kind: str = "return"
    missing: str = "no figure"


def _text(
    x: float, y: float, words: str, *, size: int = 11, anchor: str = "start", extra: str = "", fill: str = INK
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{extra}>'
        f"{escape(words)}</text>"
    )


def _nice_top(value: float) -> float:
    """The axis end: 1, 2, 2.5 or 5 times a power of ten at or above `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def _open(width: float, height: float, title: str, description: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" font-family="{FONT}">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>'
    )


def ranking_svg(
    bars: list[Bar],
    *,
    title: str,
    description: str,
    value_title: str,
    references: list[tuple[str, float | None]] = (),
    width: int = 640,
) -> str:
    """Horizontal bars, one per LA in the order given, with reference lines (the network's
    pooled rate, the median, England) drawn across them and named in a legend."""
    row, label_width, right = 18, min(230, int(width * 0.36)), 70
    plot = width - label_width - right
    drawn = [r for r in references if r[1] is not None]
    values = [b.value for b in bars if b.value is not None] + [v for _, v in drawn]
    top = _nice_top(max(values, default=0))
    axis_y = 8 + row * len(bars)
    legend = [
        "Solid bars: approved returns",
        "dashed outline: provisional (not yet approved)",
        "pale: DfE's rounded figure",
    ]
    height = axis_y + 40 + 16 * (len(drawn) + len(legend))
    parts = [_open(width, height, title, description)]
    for tick in range(6):  # the axis end is 1, 2, 2.5 or 5 times a power of ten: fifths are round
        x = label_width + plot * tick / 5
        parts.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{axis_y}" stroke="{GRID}"/>')
        parts.append(_text(x, axis_y + 13, _tick(top * tick / 5), size=10, anchor="middle"))
    parts.append(_text(label_width + plot / 2, axis_y + 27, value_title, size=10, anchor="middle"))
    for index, bar in enumerate(bars):
        y = 8 + row * index
        weight = ' font-weight="bold"' if bar.kind == "highlight" else ""
        parts.append(_text(label_width - 6, y + 12, bar.label, anchor="end", extra=weight))
        if bar.value is None:
            parts.append(_text(label_width + 4, y + 12, bar.missing, size=10, extra=' font-style="italic"'))
            continue
        length = max(plot * bar.value / top, 0.5)
        parts.append(
            f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="{row - 5}" '
            f'fill="{FILLS.get(bar.kind, FILLS["return"])}" stroke="{STROKES.get(bar.kind, "none")}"'
            + (PROVISIONAL_DASH if bar.kind == "provisional" else "")
            + "/>"
        )
        parts.append(_text(label_width + length + 4, y + 12, one_decimal(bar.value), size=10))
    for index, (name, value) in enumerate(drawn):
        x = label_width + plot * value / top
        dash = f' stroke-dasharray="{DASHES[index % len(DASHES)]}"' if DASHES[index % len(DASHES)] else ""
        colour = LINE_COLOURS[index % len(LINE_COLOURS)]
        parts.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{axis_y}" stroke="{colour}" stroke-width="2"{dash}/>')
        ly = axis_y + 44 + 16 * index
        parts.append(
            f'<line x1="{label_width}" y1="{ly - 4}" x2="{label_width + 28}" y2="{ly - 4}" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
        )
        parts.append(_text(label_width + 34, ly, f"{name}: {one_decimal(value)}", size=10))
    for index, words in enumerate(legend):
        parts.append(_text(label_width, axis_y + 44 + 16 * (len(drawn) + index), words, size=10, fill=MUTED))
    parts.append("</svg>")
    return "".join(parts)


def comparison_svg(items: list[dict], *, title: str, description: str, width: int = 640) -> str:
    """A block per measure with a bar for each area (the LA, the network, England…), each block on
    its own scale because rates differ a hundredfold between measures; every bar is labelled with
    its value, and a bar with no figure says so."""
    measures = list(dict.fromkeys(item["measure"] for item in items))
    areas = list(dict.fromkeys(item["area"] for item in items))
    by = {(item["measure"], item["area"]): item for item in items}
    # Room on the right for the longest value label: "12.3 (provisional)" is about 80 px at 9 px.
    right = 90 if any(item.get("provisional") for item in items) else 40
    bar, gap, label_width = 10, 6, min(260, int(width * 0.4))
    plot = width - label_width - right
    block = bar * len(areas) + gap
    legend_height = 16 * len(areas) + 8
    height = 6 + block * len(measures) + legend_height
    parts = [_open(width, height, title, description)]
    for m_index, measure in enumerate(measures):
        y0 = 6 + block * m_index
        values = [by[(measure, a)]["value"] for a in areas if (measure, a) in by and by[(measure, a)]["value"]]
        top = max(values, default=0) or 1
        parts.append(f'<line x1="0" y1="{y0 - 3}" x2="{width}" y2="{y0 - 3}" stroke="{GRID}"/>')
        parts.append(_text(label_width - 6, y0 + bar * len(areas) / 2 + 4, _short(measure, 42), size=10, anchor="end"))
        for a_index, area in enumerate(areas):
            item = by.get((measure, area))
            y = y0 + bar * a_index
            value = item["value"] if item else None
            if value is None:
                parts.append(_text(label_width + 4, y + 9, "no figure", size=9, extra=' font-style="italic"'))
                continue
            length = max(plot * value / top, 0.5)
            fill, edge = AREA_FILLS[a_index % len(AREA_FILLS)], ' stroke-width="0.5"'
            if item.get("provisional"):
                fill, edge = "#ffffff", PROVISIONAL_DASH
            parts.append(
                f'<rect x="{label_width}" y="{y + 1}" width="{length:.1f}" height="{bar - 2}" '
                f'fill="{fill}" stroke="{INK}"{edge}/>'
            )
            marker = " (provisional)" if item.get("provisional") else ""
            parts.append(_text(label_width + length + 3, y + 9, one_decimal(value) + marker, size=9))
    ly = 6 + block * len(measures) + 6
    for a_index, area in enumerate(areas):
        y = ly + 16 * a_index
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="18" height="10" fill="{AREA_FILLS[a_index % len(AREA_FILLS)]}" '
            f'stroke="{INK}" stroke-width="0.5"/>'
        )
        parts.append(_text(label_width + 24, y + 9, f"{_ordinal(a_index)} bar: {area}", size=10))
    parts.append("</svg>")
    return "".join(parts)


def _tick(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value else "0"


def _ordinal(index: int) -> str:
    return ["First", "Second", "Third", "Fourth", "Fifth"][index] if index < 5 else f"Bar {index + 1}"


def _short(words: str, limit: int) -> str:
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
