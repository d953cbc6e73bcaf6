"""The funnel plot: each LA's rate against its denominator, inside 95% and 99.8% control limits
round the network's rate, with the names that matter placed clear of the points and lines.
Drawn with the same styles as the other charts (`charts`)."""

from __future__ import annotations

import functools
import json

from notinschool.benchmark.outputs.charts import (
    BLACK,
    BLUE,
    DARK_GREY,
    PINK,
    PURPLE,
    WIDTH,
    configure,
    finish,
    la_label,
)
from notinschool.benchmark.outputs.label_placement import funnel_scales, place_labels
from notinschool.benchmark.statistics.funnel import funnel_limits, funnel_populations
from notinschool.benchmark.statistics.measure_table import Row, Source
from notinschool.benchmark.statistics.rates import MeasureKind
from notinschool.core.presenters import one_decimal

FUNNEL_HEIGHT = 380
POINT_STYLES = {  # a point's colour and shape, so no point is told apart by colour alone
    "From approved returns": (BLUE, "circle"),
    "Provisional (not yet approved)": (DARK_GREY, "triangle-up"),
    "Highlighted": (PINK, "diamond"),
}


@functools.lru_cache(maxsize=64)
def _funnel_template(value_title: str, x_title: str, with_limits: bool, groups: tuple) -> str:
    import altair as alt  # loaded when a chart is drawn: it takes a second or more to import

    layers = []
    x = alt.X("population:Q", title=x_title, scale=alt.Scale(type="log"))
    if with_limits:
        domain = ["95% limits", "99.8% limits"]
        layers.append(
            alt.Chart(alt.NamedData("limits"))
            .mark_line(strokeWidth=1.5)
            .encode(
                x=x,
                y="rate:Q",
                detail="side:N",
                color=alt.Color(
                    "line:N", title="Control limits", scale=alt.Scale(domain=domain, range=[DARK_GREY, PURPLE])
                ),
                strokeDash=alt.StrokeDash(
                    "line:N", title="Control limits", scale=alt.Scale(domain=domain, range=[[6, 3], [2, 2]])
                ),
            )
        )
        layers.append(alt.Chart(alt.NamedData("reference")).mark_rule(color=BLACK).encode(y="rate:Q"))
    points = alt.Chart(alt.NamedData("points"))
    style = alt.Scale(domain=list(groups), range=[POINT_STYLES[g][0] for g in groups])
    layers.append(
        points.mark_point(filled=True, size=70, opacity=1).encode(
            x=x,
            y=alt.Y("rate:Q", title=value_title),
            fill=alt.Fill("group:N", title="Local authorities", scale=style),
            shape=alt.Shape(
                "group:N",
                title="Local authorities",
                scale=alt.Scale(domain=list(groups), range=[POINT_STYLES[g][1] for g in groups]),
            ),
            tooltip=[alt.Tooltip("la:N", title="Local authority"), alt.Tooltip("shown:N", title=value_title)],
        )
    )
    # Names written beside the points that matter, since a chart image has no tooltips; each at
    # the place found for it clear of the others (label_placement), on the side it runs from.
    for align in ("left", "right"):
        layers.append(
            points.transform_filter(f"datum.labelled && datum.label_align == '{align}'")
            .mark_text(align=align, baseline="middle", fontSize=11, color=BLACK)
            .encode(
                x=alt.X("label_x:Q", title=x_title, scale=alt.Scale(type="log")),
                y=alt.Y("label_y:Q", title=value_title),
                text="name:N",
            )
        )
    chart = alt.layer(*layers).properties(width=WIDTH, height=FUNNEL_HEIGHT)
    return json.dumps(configure(chart).to_dict(validate=False))


def funnel_chart(
    rows: list[Row],
    *,
    title: str,
    subtitle: str,
    value_title: str,
    x_title: str,
    reference: float | None,
    kind: MeasureKind,
    highlight: str = "",
    labelled: set[str] | None = None,
) -> dict:
    """Each LA's rate against its denominator, inside 95% and 99.8% limits round the network's rate.

    The highlighted LA and the LAs in ``labelled`` are named on the chart itself."""
    labelled = labelled or set()
    points = [
        {
            "la": la_label(r),
            "name": r.name + (" (provisional)" if r.source is Source.PROVISIONAL else ""),
            "population": r.denominator,
            "rate": r.rate,
            "shown": one_decimal(r.rate),
            "group": "Highlighted"
            if r.code == highlight
            else ("Provisional (not yet approved)" if r.source is Source.PROVISIONAL else "From approved returns"),
            "labelled": r.code == highlight or r.code in labelled,
        }
        for r in rows
        if r.compared and r.rate is not None and r.denominator
    ]
    limits_data = []
    with_limits = reference is not None and bool(points) and (kind is MeasureKind.FLOW or reference <= 100)
    if with_limits:
        smallest = min(p["population"] for p in points)
        largest = max(p["population"] for p in points)
        for point in funnel_limits(reference, funnel_populations(max(1, smallest // 2), largest * 2), kind=kind):
            for line, side, value in (
                ("95% limits", "lower 95", point.lower_95),
                ("95% limits", "upper 95", point.upper_95),
                ("99.8% limits", "lower 99.8", point.lower_99_8),
                ("99.8% limits", "upper 99.8", point.upper_99_8),
            ):
                limits_data.append({"population": point.population, "rate": value, "line": line, "side": side})
    groups = tuple(g for g in POINT_STYLES if any(p["group"] == g for p in points)) or ("From approved returns",)
    datasets = {"points": points, "limits": limits_data, "reference": [{"rate": reference}] if with_limits else []}
    template = _funnel_template(value_title, x_title, with_limits, groups)
    spec = finish(template, datasets=datasets, title=title, subtitle=subtitle)
    if points:
        _place_names(spec, points, limits_data, reference if with_limits else None)
    return spec


def _place_names(spec: dict, points: list[dict], limits_data: list[dict], reference: float | None) -> None:
    """Fix the funnel's scales and give each named point a place for its name (label_placement)."""
    xs = [p["population"] for p in points] + [p["population"] for p in limits_data]
    ys = [p["rate"] for p in points] + [p["rate"] for p in limits_data if p["rate"] is not None]
    scales = funnel_scales(xs, ys + ([reference] if reference is not None else []), width=WIDTH, height=FUNNEL_HEIGHT)
    for layer in spec["layer"]:
        for channel, domain in (("x", scales.x_domain), ("y", scales.y_domain)):
            if channel in layer.get("encoding", {}):
                scale = layer["encoding"][channel].setdefault("scale", {})
                scale.update(domain=list(domain), nice=False, zero=False)
    labels = {i: p["name"] for i, p in enumerate(points) if p["labelled"]}
    lines = [(p["population"], p["rate"]) for p in limits_data if p["rate"] is not None]
    if reference is not None:  # the network's rate, a rule across the whole plot
        lines += [(scales.values(px, 0)[0], reference) for px in range(0, WIDTH + 1, 5)]
    placed = place_labels([(p["population"], p["rate"]) for p in points], labels, scales, lines)
    for index, place in placed.items():
        points[index].update(label_x=place.x, label_y=place.y, label_align=place.align)
