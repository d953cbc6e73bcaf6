"""DfE's published figures beside the network's own, for the measure, trend and profile pages
and their downloads: England, the network's regions, the network's LAs and every LA outside it.

Figures are read through the published app's front door and shown as DfE published them: rounded,
with a symbol shown as what it means, never as 0 or blank, and "no figures" where DfE published
none. Measures DfE publishes only for the academic year (any point, starts, returns, s437 notices,
SAOs, starts by previous school type) are shown for the academic year of the page's term. Where
DfE gives a count but no rate, the rate is worked out from DfE's rounded count and the ONS
estimate of children aged 5 to 16 that the dashboard's rates use, and the page says so.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup

from notinschool.benchmark.data.population import Populations, populations_from
from notinschool.benchmark.data.reference_kept import kept_for_reference, network_places_kept
from notinschool.benchmark.outputs.table_markup import published_rows
from notinschool.benchmark.outputs.tables import Column, Table
from notinschool.core.presenters import one_decimal, whole_number
from notinschool.periods import period_label, short_period_label
from notinschool.places.selectors import (
    NetworkRef,
    Place,
    places_by_old_codes,
    population_estimates,
    regions_in_order,
)
from notinschool.published import selectors as published

NO_FIGURES = "no figures"
ENGLAND = "E92000001"
SYMBOL_MEANINGS = {
    "x": "not available",
    "z": "not applicable",
    "low": "low: rounds to 0 but is not 0",
    "c": "suppressed to protect confidentiality",
    "<0.5": "less than 0.5",
    "u": "low reliability",
}
PROFILE_MEASURES = (
    ("ehe_total", "EHE children at the census date"),
    ("cme_total", "Children missing education at the census date"),
    ("ehe_anytime", "EHE children at any point in the year"),
    ("cme_anytime", "Children missing education at any point in the year"),
    ("ehe_starts", "Started EHE in the year"),
    ("ehe_returns_to_school", "Returned to school from EHE in the year"),
    ("ehe_left_other", "Left EHE for another reason in the year"),
    ("ehe_s437_notices", "s437(1) notices issued to parents of EHE children"),
    ("ehe_sao_issued", "School attendance orders issued (EHE children)"),
    ("ehe_sao_revoked", "School attendance orders revoked (EHE children)"),
)


def _periods_words(periods: list[str]) -> str:
    """One period in words, or several (newest first) as a short range: "Autumn 2023/24 to Summer 2026/27"."""
    if len(periods) == 1:
        return period_label(periods[0])
    return f"{short_period_label(periods[-1])} to {short_period_label(periods[0])}"


def count_shown(value: published.PublishedValue | None) -> tuple[str, str]:
    """(the count as shown, what a symbol means): "no figures" when DfE published none."""
    if value is None:
        return NO_FIGURES, "DfE published no figure for this place and period"
    if value.value is not None:
        return whole_number(value.value), ""
    return value.symbol, SYMBOL_MEANINGS.get(value.symbol, value.symbol)


@dataclass(frozen=True)
class PublishedRow:
    """One place's published figure as the page shows it."""

    code: str  # LA old code, region code, or England's code
    name: str
    kind: str  # England, Region, In the network, Outside the network
    count: str
    meaning: str
    rate: str
    rate_source: str  # "DfE", "worked out", or why there is none


@dataclass
class PublishedSection:
    """DfE's figures for one measure and period, ready for `_published_figures.html`."""

    title: str
    period: str | None
    period_label: str
    notes: list[str] = field(default_factory=list)
    headline: list[PublishedRow] = field(default_factory=list)  # England and the network's regions
    network: list[PublishedRow] = field(default_factory=list)
    outside: list[PublishedRow] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.period is None

    # The rows' markup, written once per list of rows: a kept section is shown by many pages.
    _markup: dict[int, Markup] = field(default_factory=dict, repr=False, compare=False)

    def rows_markup(self, rows: list[PublishedRow]) -> Markup:
        """Some of the section's rows (its `headline`, `network` or `outside`) as a table body
        (`table_markup.published_rows`)."""
        found = self._markup.get(id(rows))
        if found is None:
            found = self._markup[id(rows)] = published_rows(rows)
        return found


class PageLookups:
    """What every DfE section of one page shares, read once for the page: the network's LAs, the
    regions' names, LAs by code, the periods DfE has published each measure for, and DfE's
    figures of the page's sections. A trend page shows a section per term and a profile one per
    measure: the page reads their periods and figures in one query each, not one a section."""

    def __init__(self, network: NetworkRef):
        self.network = network
        self._places: dict[str, Place] = {}
        self._asked: set[str] = set()
        self._periods: dict[str, list[str]] = {}
        self._estimates: dict[str, dict[int, int]] = {}
        self._estimated: set[str] = set()
        self._values: dict[tuple[str, str, str | None], list[published.PublishedValue]] = {}

    @functools.cached_property
    def members(self) -> list[Place]:
        return network_places_kept(self.network)

    @functools.cached_property
    def region_names(self) -> dict[str, str]:
        return {region.code: region.name for region in regions_in_order()}

    def places(self, codes: Iterable[str]) -> dict[str, Place]:
        """{old code: Place} for these LAs (and any asked for before); unknown codes absent."""
        missing = set(codes) - self._asked
        if missing:
            self._places.update(places_by_old_codes(missing))
            self._asked |= missing
        return self._places

    def populations(self, term: str, codes: Iterable[str]) -> Populations:
        """As `populations_for`, reading each LA's estimates (every year) once for the page."""
        wanted = set(codes)
        if missing := wanted - self._estimated:
            self._estimates.update(population_estimates(missing, up_to_year=9999))
            self._estimated |= missing
        return populations_from(term, {code: self._estimates[code] for code in wanted if code in self._estimates})

    def read_periods(self, measures: Iterable[str]) -> None:
        """Read the periods DfE has published these measures for, in one query."""
        if missing := [measure for measure in measures if measure not in self._periods]:
            found = published.england_periods_of(missing)
            self._periods.update({measure: found.get(measure, []) for measure in missing})

    def latest_period(self, measure: str, *, up_to: str) -> str | None:
        """The latest period, no later than `up_to`, for which DfE's current figures hold
        England's figure for the measure (None when there is none)."""
        self.read_periods([measure])
        return published.latest_of(self._periods[measure], up_to=up_to)

    def read_values(self, pairs: Iterable[tuple[str, str]], category: str | None = None) -> None:
        """Read DfE's figures of every place for these (measure, period) pairs, in one query."""
        if missing := {
            (measure, period) for measure, period in pairs if (measure, period, category) not in self._values
        }:
            found = published.place_values_of(missing, category=category)
            self._values.update({(*pair, category): found.get(pair, []) for pair in missing})

    def values(self, measure: str, period: str, category: str | None = None) -> list[published.PublishedValue]:
        """DfE's figures of every place for a measure (or one category) in a period."""
        self.read_values([(measure, period)], category)
        return self._values[(measure, period, category)]


class _Rates:
    """Rates per 100 children aged 5 to 16: DfE's own, or worked out from its count."""

    def __init__(self, period: str, las: list[published.PublishedValue], lookups: PageLookups):
        term = period if len(period) > len("2024-25") else f"{period}-autumn"
        self.populations = lookups.populations(term, [la.place_code for la in las])
        places = lookups.places(la.place_code for la in las)
        self.region_of = {
            la.place_code: la.region_code or (places[la.place_code].region_code if la.place_code in places else "")
            for la in las
        }
        self.worked_out = False

    def children(self, value: published.PublishedValue) -> int | None:
        children = self.populations.children
        if value.level == "local_authority":
            return children.get(value.place_code)
        codes = [
            code for code, region in self.region_of.items() if value.level == "national" or region == value.place_code
        ]
        if not codes or any(code not in children for code in codes):
            return None  # a partial denominator would give a wrong rate: none rather than a guess
        return sum(children[code] for code in codes)

    def of(self, value: published.PublishedValue | None) -> tuple[str, str]:
        if value is None:
            return "", ""
        if value.rate_per_100 is not None:
            return one_decimal(value.rate_per_100), "DfE"
        if value.value is None:
            return "", "no count to work from"
        children = self.children(value)
        if not children:
            return "", "no ONS estimate loaded"
        self.worked_out = True
        return one_decimal(value.value * 100 / children), "worked out"

    def note(self) -> str:
        years = " and ".join(f"mid-{year}" for year in self.populations.years_used)
        return (
            "DfE publishes a count but no rate for some of these figures: their rates (marked "
            f"“worked out”) divide DfE's rounded count by ONS's {years} estimate of children aged 5 "
            "to 16, as the dashboard's own rates do, so they are approximate."
        )


def section_for(
    network: NetworkRef,
    period: str,
    measure: str,
    category: str | None = None,
    *,
    title: str = "",
    lookups: PageLookups | None = None,
    places: set[str] | None = None,
):
    """DfE's figures for a measure (its total, or one category) on a page for `period`: the
    term, or its academic year for a measure DfE publishes only for the academic year. When DfE
    has not published that period yet, the latest earlier one is shown and the page says so.
    A page with several sections passes the same `lookups` to each; one that shows a few places
    names them in `places` (codes) and gets only their rows (rates still from every LA's figures)."""
    lookups = lookups or PageLookups(network)
    wanted = published.published_period(measure, period)
    found = lookups.latest_period(measure, up_to=wanted)
    section = PublishedSection(title or "Published by DfE", found, period_label(found) if found else "")
    if found is None:
        section.notes.append(f"DfE has published no figures for this measure for {period_label(wanted)} or before.")
        return section
    if found != wanted:
        section.notes.append(
            f"DfE has not published figures for {period_label(wanted)} yet: these are for {period_label(found)}."
        )
    elif len(found) == len("2024-25") and len(period) > len(found):
        section.notes.append(
            f"DfE publishes this measure for the academic year, so these are for {period_label(found)}."
        )
    values = lookups.values(measure, found, category)
    las = [value for value in values if value.level == "local_authority"]
    rates = _Rates(found, las, lookups)
    members = lookups.members
    member_codes = {place.code for place in members}
    regions = {place.region_code for place in members}
    by_place = {(value.level, value.place_code): value for value in values}
    region_names = lookups.region_names

    def row(code: str, name: str, kind: str, value: published.PublishedValue | None) -> PublishedRow:
        return PublishedRow(code, name, kind, *count_shown(value), *rates.of(value))

    def shown(code: str) -> bool:
        return places is None or code in places

    if shown(ENGLAND):
        section.headline.append(row(ENGLAND, "England", "England", by_place.get(("national", ENGLAND))))
    for code in sorted(filter(shown, regions)):
        section.headline.append(row(code, region_names.get(code, code), "Region", by_place.get(("regional", code))))
    for place in members:
        if shown(place.code):
            section.network.append(
                row(place.code, place.name, "In the network", by_place.get(("local_authority", place.code)))
            )
    outside = [value for value in las if value.place_code not in member_codes and shown(value.place_code)]
    names = lookups.places(value.place_code for value in outside)
    for value in sorted(outside, key=lambda v: names[v.place_code].name if v.place_code in names else v.place_code):
        name = names[value.place_code].name if value.place_code in names else value.place_code
        section.outside.append(row(value.place_code, name, "Outside the network", value))
    if rates.worked_out:
        section.notes.append(rates.note())
    return section


def for_measure_page(page) -> PublishedSection:
    """DfE's figures for the measure page's measure (or its chosen category) and term."""
    lookups = PageLookups(page.network)
    if page.breakdown:
        measure, category = page.breakdown.measure_code, page.category
    else:
        measure, category = page.measure.code, None
    return kept_for_reference(
        page.network.reference_version,
        ("measure", tuple(lookups.members), page.period, measure, category),
        lambda: section_for(page.network, page.period, measure, category, lookups=lookups),
    )


def for_trend_page(page) -> list[PublishedSection]:
    """DfE's figures for each period the trend shows (each period once)."""
    lookups = PageLookups(page.network)
    return kept_for_reference(
        page.network.reference_version,
        ("trend", tuple(lookups.members), page.measure.code, tuple(page.periods)),
        lambda: _trend_sections(page, lookups),
    )


def _trend_sections(page, lookups: PageLookups) -> list[PublishedSection]:
    """One section for each of DfE's periods the trend's terms show, newest first. Terms whose
    latest figures from DfE are the same period's share its section, which names them all (a
    national trend once repeated the same tables of 150 LAs under each of a dozen terms)."""
    measure = page.measure.code
    shown: dict[str, str] = {}  # the period DfE publishes → the first of the page's periods in it
    for period in reversed(page.periods):
        shown.setdefault(published.published_period(measure, period), period)
    by_found: dict[str | None, list[str]] = {}  # DfE's latest period → the periods wanted, newest first
    for wanted in shown:
        by_found.setdefault(lookups.latest_period(measure, up_to=wanted), []).append(wanted)
    lookups.read_values((measure, found) for found in by_found if found is not None)
    sections = []
    for found, wanted in by_found.items():
        section = section_for(page.network, shown[wanted[0]], measure, title=_periods_words(wanted), lookups=lookups)
        if found is not None and len(wanted) > 1:
            later = [w for w in wanted if w != found]
            section.notes = [
                f"DfE has published no figures for {_periods_words(later)}: its latest, for {period_label(found)}, "
                f"are shown for {'it' if len(later) == 1 else 'each of them'}."
            ]
        sections.append(section)
    return sections


def for_profile_page(page, la_code: str, region_code: str) -> Table:
    """The LA's, its region's and England's published figures for DfE's termly headlines and
    every academic-year measure, as one table."""
    lookups = PageLookups(page.network)
    return kept_for_reference(
        page.network.reference_version,
        ("profile", tuple(lookups.members), page.period, la_code, region_code),
        lambda: _profile_table(page, la_code, region_code, lookups),
    )


def _profile_table(page, la_code: str, region_code: str, lookups: PageLookups) -> Table:
    rows = []
    lookups.read_periods(measure for measure, _ in PROFILE_MEASURES)
    found = {
        measure: lookups.latest_period(measure, up_to=published.published_period(measure, page.period))
        for measure, _ in PROFILE_MEASURES
    }
    lookups.read_values((measure, period) for measure, period in found.items() if period)
    places = {la_code, region_code, ENGLAND}
    for measure, label in PROFILE_MEASURES:
        section = section_for(page.network, page.period, measure, lookups=lookups, places=places)
        by_code = {row.code: row for row in [*section.headline, *section.network, *section.outside]}
        rows.append(
            _ProfileRow(
                label,
                section.period_label or NO_FIGURES,
                _shown(by_code.get(la_code)),
                _shown(by_code.get(region_code)),
                _shown(by_code.get(ENGLAND)),
            )
        )
    return Table(
        caption="Published by DfE",
        heading="Published by DfE",
        columns=[
            Column("Measure", lambda r: r.label),
            Column("Period", lambda r: r.period),
            Column("This local authority", lambda r: r.la, numeric=True),
            Column("Region", lambda r: r.region, numeric=True),
            Column("England", lambda r: r.england, numeric=True),
        ],
        rows=rows,
        notes=[
            "Counts as DfE published them, rounded; a symbol is shown with its meaning, never as 0. "
            "Rates marked “worked out” divide DfE's rounded count by ONS's estimate of children aged 5 to 16."
        ],
    )


@dataclass(frozen=True)
class _ProfileRow:
    label: str
    period: str
    la: str
    region: str
    england: str


def _shown(row: PublishedRow | None) -> str:
    if row is None:
        return NO_FIGURES
    text = row.count if not row.meaning or row.count == NO_FIGURES else f"{row.count} ({row.meaning})"
    if row.rate:
        text += f"; rate {row.rate}" + (" (worked out)" if row.rate_source == "worked out" else "")
    return text


def download_table(section: PublishedSection) -> Table:
    """The section as a table for the CSV and spreadsheet downloads."""
    rows = [*section.headline, *section.network, *section.outside]
    return Table(
        caption=f"{section.title}: {section.period_label or NO_FIGURES}",
        heading="Published by DfE",
        columns=[
            Column("Place", lambda r: r.name),
            Column("Kind", lambda r: r.kind),
            Column("Count (rounded by DfE)", lambda r: r.count, numeric=True),
            Column("Meaning", lambda r: r.meaning),
            Column("Rate per 100", lambda r: r.rate, numeric=True),
            Column("Rate from", lambda r: r.rate_source),
        ],
        rows=rows,
        notes=list(section.notes),
    )


class _PublishedTable(Table):
    """A download table that remembers the section it shows, so the page need not read it twice."""

    section: PublishedSection | None = None


def _carrying(section: PublishedSection) -> Table:
    table = download_table(section)
    carried = _PublishedTable(**{name: getattr(table, name) for name in table.__dataclass_fields__})
    carried.section = section
    return carried


def with_measure_figures(page, content):
    """The measure page's content with DfE's figures added (shown on the page, and in downloads)."""
    content.more.append(_carrying(for_measure_page(page)))
    return content


def with_trend_figures(page, content):
    """The trend page's content with DfE's figures for each period added."""
    content.more.extend(_carrying(section) for section in for_trend_page(page))
    return content


def with_profile_figures(page, place, content):
    """The profile's content with the LA's, its region's and England's published figures added."""
    content.more.append(for_profile_page(page, place.code, place.region_code))
    return content


def sections_of(content) -> list[PublishedSection]:
    """The published sections carried by a page's content, for `_published_figures.html`."""
    return [table.section for table in content.more if isinstance(table, _PublishedTable) and table.section]
