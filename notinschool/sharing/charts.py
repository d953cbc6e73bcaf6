"""Server-rendered SVG bar charts for survey results: no JavaScript, with a text alternative.

Pure: labels and numbers in, an SVG string out (escaped). The page shows the table of the same
numbers beside it.
"""

from __future__ import annotations

from html import escape

BAR_HEIGHT = 24
GAP = 8
LABEL_WIDTH = 220
CHART_WIDTH = 640


def bar_chart_svg(*, title: str, bars: list[tuple[str, float | None]], unit: str = "") -> str:
    """A horizontal bar chart: one bar per (label, value); a missing value is labelled, not drawn."""
    values = [v for _, v in bars if v is not None]
    biggest = max(values, default=0) or 1
    plot = CHART_WIDTH - LABEL_WIDTH - 80
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    summary = "; ".join(f"{label}: {_text(value)}{unit}" for label, value in bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-bar-chart" role="img" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="100%" aria-label="{escape(title)}. {escape(summary)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT / 2 + 5
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" fill="#0b0c0c">{escape(label)}</text>'
        )
        width = 0 if value is None else max(1, round(plot * value / biggest))
        if value is not None:
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="#1d70b8"/>')
        parts.append(
            f'<text x="{LABEL_WIDTH + width + 6}" y="{middle}" fill="#0b0c0c">'
            f"{escape(_text(value))}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _text(value: float | None) -> str:
    if value is None:
        return "no answer"
    return f"{value:,.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
