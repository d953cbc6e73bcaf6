"""The meeting pack as a document: a cover, contents, a page of headlines, one page per measure
and one page per LA, each page a chart with a compact table beside it (ADR 0630).

Every page is laid out to fit one landscape A4 sheet, so page numbers are known before printing
and the contents can give them. A pack for a filter or a saved comparison group covers just
those LAs: their measure pages show only them, and only they get LA pages.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter

from django.core.cache import cache
from django.utils import timezone

from notinschool.benchmark.data.measures import RATE_UNIT, dashboard_measures
from notinschool.benchmark.outputs import svg
from notinschool.benchmark.outputs.charts import missing_words
from notinschool.benchmark.outputs.measure import MeasureLine, measure_content
from notinschool.benchmark.outputs.overview import overview_content
from notinschool.benchmark.outputs.profile import ProfileRow, chart_items, profile_content
from notinschool.benchmark.outputs.tables import Column, Table, cell_text, column
from notinschool.benchmark.pages.measure import MeasurePage, measure_page
from notinschool.benchmark.pages.overview import OverviewPage, overview_page
from notinschool.benchmark.pages.profile import profile_page, profile_tables, published_for
from notinschool.benchmark.pages.published_figures import PublishedRow, for_measure_page, for_profile_page
from notinschool.benchmark.pages.selection import Selection
from notinschool.benchmark.statistics.measure_table import Source
from notinschool.core.presenters import counted, long_date
from notinschool.core.release import code_fingerprint
from notinschool.periods import period_label
from notinschool.places.selectors import NetworkRef, neighbour_codes, network_places

SOURCE = "Source: the LAs' termly returns; ONS mid-year population estimates; DfE's published figures for England"
FRONT_PAGES = 3  # the cover, the contents and the headlines come before the measures
LA_PAGE_SECONDS = 15 * 60  # an LA's page is the same in every pack at one data version


@dataclass
class PackPage:
    """One printed page: a heading, a sentence on what it shows, a chart and a compact table."""

    heading: str
    anchor: str
    summary: str
    chart: str  # data: URI of the SVG, or '' when there is nothing to draw
    chart_text: str  # the chart's text alternative
    table: Table
    number: int = 0
    kind: str = "measure"  # 'headlines', 'measure' or 'la': the layout
    published: Table | None = None  # DfE's figures: England and the region (measure pages), and the LA (LA pages)


@dataclass
class PackDocument:
    """The whole pack, in page order."""

    network: NetworkRef
    period: str
    scope: str  # which LAs it covers, in words
    scope_name: str  # a short name for file names: '' for the whole network
    made_on: str
    status: list[str]
    headlines: PackPage
    measures: list[PackPage] = field(default_factory=list)
    las: list[PackPage] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return period_label(self.period)

    @property
    def pages(self) -> int:
        return FRONT_PAGES + len(self.measures) + len(self.las)


def _uri(drawing: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(drawing.encode("utf-8")).decode("ascii")


def _cells(*columns: Column) -> list[Column]:
    return list(columns)


def _as_text(table: Table) -> Table:
    """The table with every cell already written as text, read by position: a table that can be
    kept in the cache (a column reading a row through a lambda cannot be)."""
    columns = [Column(c.heading, itemgetter(i), c.numeric) for i, c in enumerate(table.columns)]
    rows = [[cell_text(value) for value in table.cells(row)] for row in table.rows]
    return Table(table.caption, columns, rows, list(table.notes), table.heading)


def _measure_bar(row) -> svg.Bar:
    if row.source is Source.PROVISIONAL:
        return svg.Bar(f"{row.name} (provisional)", row.rate, "provisional", missing_words(row))
    if row.source is Source.PUBLISHED:
        return svg.Bar(f"{row.name} (DfE, rounded)", row.rate, "published")
    return svg.Bar(row.name, row.rate, "return", missing_words(row))


def _measure_page(page: MeasurePage) -> PackPage:
    content = measure_content(page, with_spec=False)
    table = Table(
        content.table.caption,
        _cells(
            column("Local authority", "name"),
            column("Count", "count", numeric=True),
            column(page.value_label, "rate", numeric=True),
            column(f"Against {page.network.name}", "against"),
            Column("Figure", lambda line: line.note if line.note and not isinstance(line, str) else line.source),
        ),
        [line for line in content.table.rows if isinstance(line, MeasureLine)],
    )
    references = [
        (f"{page.network.name} (pooled)", page.table.region.rate_per_100),
        ("Median of the LAs", page.table.median_rate),
    ]
    if page.table.england is not None:
        references.append(("England (DfE)", page.table.england.rate))
    summary = content.summary
    chart = ""
    if content.has_figures:
        chart = _uri(
            svg.ranking_svg(
                [_measure_bar(row) for row in page.shown_rows],
                title=f"{page.figure_title}: rate by local authority",
                description=summary,
                value_title=page.value_label,
                references=references,
            )
        )
    part = PackPage(page.figure_title, f"measure-{page.measure.code}", summary, chart, summary, table)
    part.published = _published_table(page)
    return part


def _published_table(page: MeasurePage) -> Table:
    """England's and the region's figures as DfE published them (the measure page's section), or
    a note saying why there are none: never a 0 or a blank."""
    section = for_measure_page(page)
    caption = f"Published by DfE, {section.period_label}" if section.period_label else "Published by DfE"

    def count(row: PublishedRow) -> str:
        return f"{row.count} ({row.meaning})" if row.meaning and row.count != "no figures" else row.count

    def rate(row: PublishedRow) -> str:
        if not row.rate:
            return "none" + (f" ({row.rate_source})" if row.rate_source else "")
        return row.rate + (" (worked out)" if row.rate_source == "worked out" else "")

    return Table(
        caption,
        _cells(
            Column("Place", lambda row: row.name),
            Column("Children (rounded)", count, numeric=True),
            Column(f"Rate {RATE_UNIT}", rate, numeric=True),
        ),
        list(section.headline),
        notes=list(section.notes) or ["Rounded by DfE; never pooled with the network's figures."],
    )


def _change_words(row: ProfileRow) -> str:
    if not row.previous_change:
        return ""
    if row.previous_change.startswith("no change"):
        return "no change"
    size = cell_text(row.previous_size)
    return f"{row.previous_change} {size}".strip()


def _against(words: str) -> str:
    return words.replace("Significantly ", "").lower() if words else ""


def _la_page(page) -> PackPage:
    content = profile_content(page, with_spec=False)
    table = Table(
        f"{page.la.name}: key figures, {period_label(page.period)}",
        _cells(
            column("Measure", "measure"),
            column("Count", "count", numeric=True),
            column(f"Rate {RATE_UNIT}", "rate", numeric=True),
            column("Network rate", "network_rate", numeric=True),
            Column("Against the network", lambda row: _against(row.against) or row.figure),
            Column("Rank", lambda row: (row.rank or "").replace(" of ", "/")),
            Column("Since last term", _change_words),
        ),
        list(content.table.rows),
    )
    chart = ""
    if content.has_figures:
        chart = _uri(
            svg.comparison_svg(
                chart_items(page),
                title=f"{page.la.name} against the network and its neighbours",
                description=content.summary,
            )
        )
    part = PackPage(
        page.la.name, f"la-{page.la.code}", content.summary, chart, content.summary, _as_text(table), kind="la"
    )
    # The LA's, its region's and England's figures as DfE published them, as on its profile page.
    part.published = _as_text(for_profile_page(page, page.la.code, page.la.region_code))
    return part


def _headlines(page: OverviewPage) -> PackPage:
    content = overview_content(page, with_spec=False)
    items = []
    for row in content.table.rows:
        items.append({"measure": row.measure, "area": f"{page.network.name} (pooled)", "value": row.rate})
        items.append({"measure": row.measure, "area": "England (published by DfE)", "value": row.england_rate})
    chart = ""
    if content.has_figures:
        chart = _uri(svg.comparison_svg(items, title="Headline rates", description=content.summary))
    table = Table(
        content.table.caption,
        _cells(
            column("Measure", "measure"),
            column("Count", "count", numeric=True),
            column(f"Rate {RATE_UNIT}", "rate", numeric=True),
            column("England rate", "england_rate", numeric=True),
            column("LAs with a rate", "las_with_rate", numeric=True),
        ),
        list(content.table.rows),
        notes=content.table.notes,
    )
    return PackPage("Headlines", "headlines", content.summary, chart, content.summary, table)


def _la_key(network: NetworkRef, period: str, code: str) -> str:
    return f"benchmark:pack-la:{code_fingerprint()}:{network.id}:{network.data_version}:{period}:{code}"


def _la_pages(network: NetworkRef, period: str, places: list) -> list[PackPage]:
    """Each LA's page, worked out and drawn once per data version and shared by every pack that
    covers the LA (the Berkshire six's pages come from the whole network's pack)."""
    kept = cache.get_many([_la_key(network, period, p.code) for p in places])
    missing = [p for p in places if _la_key(network, period, p.code) not in kept]
    if missing:
        tables = profile_tables(network=network, period=period, la_codes={p.code for p in missing})
        codes = {p.code for p in network_places(network.id)}
        neighbours = neighbour_codes([p.code for p in missing])
        found = published_for(tables, {code for some in neighbours.values() for code in some})
        made = {}
        for place in missing:
            page = profile_page(
                network=network,
                period=period,
                la=place,
                tables=tables,
                network_codes=codes,
                found=found,
                neighbours=neighbours[place.code],
            )
            made[_la_key(network, period, place.code)] = _la_page(page)
        cache.set_many(made, LA_PAGE_SECONDS)
        kept.update(made)
    return [kept[_la_key(network, period, p.code)] for p in places]


def _status(page: OverviewPage, shown: set[str] | None) -> list[str]:
    def count(places) -> int:
        return sum(1 for p in places if shown is None or p.code in shown)

    # The overview's 'missing' are the LAs without an approved return, so it holds the provisional too.
    sent = {p.code for p in page.provisional}
    return [
        f"{counted(count(page.approved), 'approved return')}",
        f"{counted(count(page.provisional), 'return')} not yet approved (shown as provisional)",
        f"{counted(count(p for p in page.missing if p.code not in sent), 'LA')} with no return yet "
        "(shown as 'no return')",
    ]


def build_pack(
    network: NetworkRef,
    period: str,
    selection: Selection,
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> PackDocument:
    """Work out every page of the pack for the network (or the chosen LAs) and draw its charts."""
    report = progress or (lambda stage, done, total: None)
    places = network_places(network.id)
    if selection.codes:
        chosen = set(selection.codes)
        places = [p for p in places if p.code in chosen]
    names = {p.code: p.name for p in network_places(network.id)}
    scope = selection.describe(names) if selection.codes else f"all {len(places)} LAs in the network"
    measures = dashboard_measures(period)
    total = 1 + len(measures) + len(places)
    report("Working out the headlines", 0, total)
    overview = overview_page(network=network, period=period, selection=selection)
    document = PackDocument(
        network=network,
        period=period,
        scope=scope,
        scope_name=selection.group_name or ("chosen-las" if selection.codes else ""),
        made_on=long_date(timezone.localdate()),
        status=_status(overview, {p.code for p in places} if selection.codes else None),
        headlines=_headlines(overview),
    )
    for index, measure in enumerate(measures, start=1):
        report("Drawing the measures", index, total)
        page = measure_page(network=network, period=period, measure=measure, selection=selection)
        document.measures.append(_measure_page(page))
    report("Drawing the local authorities", 1 + len(measures), total)
    document.las = _la_pages(network, period, places)
    number = FRONT_PAGES
    document.headlines.number = FRONT_PAGES
    for part in [*document.measures, *document.las]:
        number += 1
        part.number = number
    return document
