"""Vega-Lite chart specifications, built with Altair from the same rows as the tables.

One definition serves the page (drawn by vega-embed from assets/js/charts.js), the SVG and PNG
downloads and the meeting pack (rendered on the server by vl-convert). Data are inline, in the
spec's ``datasets``, so nothing is fetched when a chart is drawn. Colours are GOV.UK palette
colours with at least 3:1 contrast against white; reference lines differ by dash as well as
colour (ADR 0605).

Altair takes about 0.2 s to build a layered chart, too slow for every page view, so each chart's
*shape* (its encodings, scales and labels, without data or title) is built once per distinct
shape and cached as JSON; each request adds its data, title and height (ADR 0607).
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import altair as alt

from notinschool.benchmark.statistics.measure_table import OrderBy, Row, Source
from notinschool.core.presenters import one_decimal, whole_number

BLUE, PINK, BLACK, PURPLE, DARK_GREY, GREY = "#1d70b8", "#d53880", "#0b0c0c", "#912b88", "#505a5f", "#6f777b"
GREEN, BROWN = "#00703c", "#85660d"
FONT = "Arial, Helvetica, Liberation Sans, sans-serif"
WIDTH = 560
BAR_COLOURS = {
    "From returns": BLUE,
    "Provisional": DARK_GREY,
    "Published by DfE, rounded": GREY,
    "Highlighted": PINK,
}
LINE_STYLES = {"region": (BLACK, [1, 0]), "england": (PURPLE, [8, 4]), "median": (DARK_GREY, [2, 3])}
SERIES_COLOURS = [BLACK, PURPLE, BLUE, PINK, GREEN, BROWN, DARK_GREY, "#4c2c92", "#b4271b", "#005a30"]
SERIES_DASHES = [[1, 0], [8, 4], [1, 0], [4, 2], [1, 0], [6, 2, 2, 2], [2, 2], [1, 0], [4, 4], [8, 2]]


def configure(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure(font=FONT)
        .configure_axis(labelFontSize=12, titleFontSize=13, labelColor=BLACK, titleColor=BLACK, labelLimit=220)
        .configure_title(fontSize=16, subtitleFontSize=13, anchor="start", color=BLACK, subtitleColor=DARK_GREY)
        .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom", direction="vertical", labelLimit=400)
        .configure_view(stroke=None)
    )


def finish(template: str, *, datasets: dict, title: str, subtitle: str, height: int | None = None) -> dict:
    spec = json.loads(template)
    spec["datasets"] = datasets
    spec["title"] = {"text": title, "subtitle": subtitle}
    if height is not None:
        spec["height"] = height
    return spec


def la_label(row: Row) -> str:
    if row.source is Source.PROVISIONAL:
        return f"{row.name} (provisional)"
    if row.source is Source.PUBLISHED:
        return f"{row.name} (DfE, rounded)"
    return row.name


def missing_words(row: Row) -> str:
    """Why an LA has no bar, in the few words drawn where its bar would be ("no return", "not yet
    approved: no rate"): an LA without a figure stays in the chart, never silently dropped."""
    if row.source is Source.PROVISIONAL:
        return "not yet approved: no rate"
    if row.source is Source.NONE:
        return (row.note or "no return").lower()
    return (row.note or "no figure").lower()


def _bar_group(row: Row, highlight: str) -> str:
    if row.code == highlight:
        return "Highlighted"
    if row.source is Source.PUBLISHED:
        return "Published by DfE, rounded"
    if row.source is Source.PROVISIONAL:
        return "Provisional"
    return "From returns"


@functools.lru_cache(maxsize=256)
def _ranking_template(value_title: str, with_interval: bool, groups: tuple, lines: tuple) -> str:
    import altair as alt  # loaded when a chart is drawn: it takes a second or more to import

    # Bars are coloured by `fill` and lines by `stroke`, so each keeps one legend of its own.
    y = alt.Y("la:N", title="Local authority")
    base = alt.Chart(alt.NamedData("bars"))
    layers = [
        base.mark_bar(height={"band": 0.7}).encode(
            y=y,
            x=alt.X("value:Q", title=value_title),
            fill=alt.Fill(
                "group:N", title="Bars", scale=alt.Scale(domain=list(groups), range=[BAR_COLOURS[g] for g in groups])
            ),
            tooltip=[alt.Tooltip("la:N", title="Local authority"), alt.Tooltip("shown:N", title=value_title)],
        ),
        base.mark_text(align="left", dx=5, color=BLACK, fontSize=11).encode(y=y, x="label_at:Q", text="shown:N"),
    ]
    if with_interval:
        layers.append(
            base.transform_filter("datum.lower != null")
            .mark_rule(color=BLACK, strokeWidth=1)
            .encode(y=y, x="lower:Q", x2="upper:Q")
        )
    if lines:
        domain = [label for _, label in lines]
        layers.append(
            alt.Chart(alt.NamedData("lines"))
            .mark_rule(strokeWidth=2)
            .encode(
                x="value:Q",
                stroke=alt.Stroke(
                    "label:N",
                    title="Lines",
                    scale=alt.Scale(domain=domain, range=[LINE_STYLES[k][0] for k, _ in lines]),
                ),
                strokeDash=alt.StrokeDash(
                    "label:N",
                    title="Lines",
                    scale=alt.Scale(domain=domain, range=[LINE_STYLES[k][1] for k, _ in lines]),
                ),
                tooltip=[alt.Tooltip("label:N", title="Line"), alt.Tooltip("value:Q", title=value_title, format=".1f")],
            )
        )
    chart = alt.layer(*layers).properties(width=WIDTH)
    return json.dumps(configure(chart).to_dict(validate=False))


def ranking_chart(
    rows: list[Row],
    *,
    title: str,
    subtitle: str,
    value_title: str,
    order_by: OrderBy,
    references: list[tuple[str, str, float | None]],
    highlight: str = "",
) -> dict:
    """Horizontal bars, one per LA in rank order, with the 95% interval and reference lines.

    ``references`` are (kind, label, value) with kind ``region``, ``england`` or ``median``."""
    by_rate = order_by is OrderBy.RATE
    values = []
    for position, row in enumerate(rows):
        value = row.rate if by_rate else row.count
        if value is None and not by_rate and row.published is not None:
            value = row.published.value
        if value is None:
            # Kept in the chart: no bar, the reason written where the bar would start.
            values.append(
                {"position": position, "la": la_label(row), "value": None, "shown": missing_words(row),
                 "lower": None, "upper": None, "group": _bar_group(row, highlight), "label_at": 0.0}
            )  # fmt: skip
            continue
        values.append(
            {
                "position": position,
                "la": la_label(row),
                "value": float(value),
                "shown": one_decimal(value) if by_rate else whole_number(int(value)),
                "lower": row.lower if by_rate else None,
                "upper": row.upper if by_rate else None,
                "group": _bar_group(row, highlight),
                "label_at": max(float(value), row.upper or 0.0) if by_rate else float(value),
            }
        )
    groups = tuple(sorted({v["group"] for v in values if v["value"] is not None}, key=list(BAR_COLOURS).index))
    lines = [
        {"label": label, "value": float(value), "kind": kind} for kind, label, value in references if value is not None
    ]
    template = _ranking_template(
        value_title,
        any(v["lower"] is not None for v in values),
        groups,
        tuple((line["kind"], line["label"]) for line in lines),
    )
    spec = finish(
        template,
        datasets={"bars": values, "lines": lines},
        title=title,
        subtitle=subtitle,
        height=max(60, 20 * len(values)),
    )
    # Rank order, given as the explicit order of the axis (a sort field is lost across layers).
    order = [v["la"] for v in values]
    for layer in spec.get("layer", []):
        if layer.get("encoding", {}).get("y", {}).get("field") == "la":
            layer["encoding"]["y"]["sort"] = order
    return spec


TREND_MARKERS = {  # each point's shape says where its figure comes from
    "From approved returns": "circle",
    "Provisional (not yet approved)": "triangle-up",
    "Published by DfE, rounded": "square",
}


@functools.lru_cache(maxsize=256)
def _trend_template(value_title: str, areas: tuple, periods: tuple, figures: tuple) -> str:
    import altair as alt  # loaded when a chart is drawn: it takes a second or more to import

    colours = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(areas))]
    dashes = [SERIES_DASHES[i % len(SERIES_DASHES)] for i in range(len(areas))]
    x = alt.X("term:O", title="Term", sort=list(periods), axis=alt.Axis(labelAngle=-40))
    y = alt.Y("value:Q", title=value_title)
    scale = alt.Scale(domain=list(areas), range=colours)
    # Areas are told apart by line (colour and dash), so their legend shows a stretch of line.
    colour = alt.Color(
        "area:N", title="Area", scale=scale, legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=2, symbolSize=400)
    )
    tooltip = [
        alt.Tooltip("area:N", title="Area"),
        alt.Tooltip("term:O", title="Term"),
        alt.Tooltip("shown:N", title=value_title),
    ]
    base = alt.Chart(alt.NamedData("points"))
    lines = base.mark_line(strokeWidth=2, invalid="break-paths-show-domains").encode(
        x=x,
        y=y,
        color=colour,
        strokeDash=alt.StrokeDash("area:N", title="Area", scale=alt.Scale(domain=list(areas), range=dashes)),
        tooltip=tooltip,
    )
    dots = (
        base.transform_filter("datum.value != null")
        .mark_point(filled=True, size=60, opacity=1)
        .encode(
            x=x,
            y=y,
            # The same colour encoding as the lines (not legend=None, which hides the shared legend).
            color=colour,
            shape=alt.Shape(
                "figure:N",
                title="Figures",
                scale=alt.Scale(domain=list(figures), range=[TREND_MARKERS[f] for f in figures]),
            ),
            tooltip=tooltip,
        )
    )
    chart = alt.layer(lines, dots).properties(width=WIDTH, height=320)
    return json.dumps(configure(chart).to_dict(validate=False))


def _trend_figure(kind: str, provisional: bool) -> str:
    if kind in ("england", "published"):
        return "Published by DfE, rounded"
    return "Provisional (not yet approved)" if provisional else "From approved returns"


def trend_chart(series, *, title: str, subtitle: str, value_title: str, use_rate: bool, periods: list[str]) -> dict:
    """Lines over terms; a term with no figure breaks its line (a gap is never joined or filled).

    Each point's shape says whether it comes from approved returns, returns not yet approved
    (provisional) or DfE's published files."""
    values = []
    for line in series:
        for point in line.points:
            value = point.rate if use_rate else point.count
            shown = "no figure"
            if value is not None:
                shown = one_decimal(value) if use_rate else whole_number(int(value))
                if point.provisional:
                    shown += " (provisional)"
            values.append(
                {
                    "term": point.period,
                    "area": line.label,
                    "value": None if value is None else float(value),
                    "shown": shown,
                    "figure": _trend_figure(line.kind, point.provisional),
                }
            )
    areas = tuple(dict.fromkeys(line.label for line in series))
    figures = tuple(f for f in TREND_MARKERS if any(v["figure"] == f and v["value"] is not None for v in values))
    template = _trend_template(value_title, areas, tuple(periods), figures or ("From approved returns",))
    return finish(template, datasets={"points": values}, title=title, subtitle=subtitle)


FINAL, PROVISIONAL = "Final", "Provisional: includes returns not yet approved"
COMPARISON_FIGURES = {  # (fill opacity, outline dash): provisional bars are paler and dashed
    FINAL: (1.0, [1, 0]),
    PROVISIONAL: (0.45, [4, 2]),
}


@functools.lru_cache(maxsize=256)
def _comparison_template(value_title: str, areas: tuple, measures: tuple, figures: tuple) -> str:
    import altair as alt  # loaded when a chart is drawn: it takes a second or more to import

    palette = [BLUE, BLACK, PURPLE, PINK, DARK_GREY]
    y = alt.Y("area:N", title=None, sort=list(areas), axis=None)
    x = alt.X("value:Q", title=value_title)
    base = alt.Chart()
    bars = base.mark_bar(stroke=BLACK, strokeWidth=1).encode(
        y=y,
        x=x,
        color=alt.Color(
            "area:N",
            title="Area",
            sort=list(areas),
            scale=alt.Scale(domain=list(areas), range=palette[: len(areas)]),
        ),
        # Both kinds are always in the scales, so a bar's look never depends on what else is drawn;
        # the legend lists only the kinds present, and only when a provisional bar is among them.
        opacity=alt.Opacity(
            "figure:N",
            title="Figures",
            scale=alt.Scale(domain=list(COMPARISON_FIGURES), range=[v[0] for v in COMPARISON_FIGURES.values()]),
            legend=alt.Legend(values=list(figures)) if PROVISIONAL in figures else None,
        ),
        strokeDash=alt.StrokeDash(
            "figure:N",
            title="Figures",
            scale=alt.Scale(domain=list(COMPARISON_FIGURES), range=[v[1] for v in COMPARISON_FIGURES.values()]),
            legend=alt.Legend(values=list(figures)) if PROVISIONAL in figures else None,
        ),
        tooltip=[
            alt.Tooltip("measure:N", title="Measure"),
            alt.Tooltip("area:N", title="Area"),
            alt.Tooltip("shown:N", title=value_title),
        ],
    )
    # The value is written at the end of each bar, with "provisional" or what it covers.
    labels = base.mark_text(align="left", dx=4, fontSize=11, color=BLACK).encode(y=y, x=x, text="label:N")
    chart = (
        alt.layer(bars, labels, data=alt.NamedData("bars"))
        .properties(width=WIDTH - 160, height=alt.Step(16))
        .facet(
            row=alt.Row(
                "measure:N",
                title=None,
                sort=list(measures),
                header=alt.Header(labelAngle=0, labelAlign="left", labelFontSize=12, labelLimit=420),
            )
        )
    )
    return json.dumps(configure(chart).to_dict(validate=False))


def comparison_chart(items: list[dict], *, title: str, subtitle: str, value_title: str) -> dict:
    """Grouped bars: for each measure, one bar per area.

    ``items``: measure, area, value, shown; optionally ``provisional`` (the figure includes
    returns not yet approved) and ``note`` (written after the value, such as what a pooled
    figure covers)."""
    areas = tuple(dict.fromkeys(i["area"] for i in items))
    measures = tuple(dict.fromkeys(i["measure"] for i in items))
    values = []
    for item in items:
        if item["value"] is None:
            continue
        provisional = bool(item.get("provisional"))
        label = item["shown"] + (" provisional" if provisional else "")
        if item.get("note"):
            label += f" ({item['note']})"
        figure = PROVISIONAL if provisional else FINAL
        values.append({**item, "label": label, "figure": figure})
    figures = tuple(f for f in COMPARISON_FIGURES if any(v["figure"] == f for v in values)) or (FINAL,)
    template = _comparison_template(value_title, areas, measures, figures)
    return finish(template, datasets={"bars": values}, title=title, subtitle=subtitle)
