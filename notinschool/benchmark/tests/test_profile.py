"""An LA's profile: neighbours and group members outside the pooled figures are listed with DfE's
published figure and its term (ADR 0612), provisional figures are marked, and the numbers agree
with the measure pages and the downloads."""

from html import unescape

import pytest

from notinschool.benchmark.data.published import LOOKBACK_TERMS
from notinschool.benchmark.tests.reading import (
    by_first_cell,
    chart_spec,
    csv_sections,
    html_table,
    html_tables,
    xlsx_sheets,
)
from notinschool.core.presenters import one_decimal, whole_number
from notinschool.periods import parse_period
from notinschool.places.selectors import la_by_code
from notinschool.places.services import comparison_group_create
from notinschool.returns.models import Collection

pytestmark = pytest.mark.django_db
PERIOD = "2023-24-summer"
BASE = f"/dashboard/south-east/{PERIOD}"
EHE = "Children in elective home education"
# Kent's statistical neighbours, closest first: only East Sussex (845) and West Sussex (938) are
# in the South East network.
KENT_NEIGHBOURS = ["881", "845", "878", "303", "935", "926", "891", "938", "822", "933"]
OUTSIDE = [c for c in KENT_NEIGHBOURS if c not in ("845", "938")]


@pytest.fixture
def published(south_east):
    """DfE's real 2022/23 EHE census release (autumn and spring terms)."""
    from notinschool.published.demo import load

    load()


def _measure_rows(client, measure: str, period: str = PERIOD) -> dict[str, list[str]]:
    rows = csv_sections(client.get(f"/dashboard/south-east/{period}/{measure}/table.csv").content)[0]
    return by_first_cell(rows[1:], column=1)  # by DfE code


def _latest_published(code: str):
    """DfE's figure the profile should show: the latest term at or before the page's, within the
    look-back, worked out here straight from the stored figures."""
    from notinschool.published.models import PublishedFigure

    terms, term = [], parse_period(PERIOD)
    for _ in range(LOOKBACK_TERMS + 1):
        terms.append(str(term))
        term = term.previous()
    for term in terms:
        figure = PublishedFigure.objects.filter(
            place_code=code, period=term, measure="ehe_total", category="", is_current=True
        ).first()
        if figure is not None:
            return figure
    return None


def test_outside_neighbours_come_from_dfe_and_are_never_pooled(viewer, published):
    html = viewer.get(f"{BASE}/la/886/").content.decode()
    main = html_table(html, "Kent: every measure")
    headings, lines = main[0], by_first_cell(main[1:])
    ehe = dict(zip(headings, lines[EHE], strict=True))

    # The neighbours' rate is pooled from East and West Sussex's returns only.
    rows = _measure_rows(viewer, "ehe_total")
    count = sum(int(rows[c][2]) for c in ("845", "938"))
    population = sum(int(rows[c][3]) for c in ("845", "938"))
    assert ehe["Statistical neighbours' rate (pooled from returns)"] == one_decimal(count * 100 / population)

    figures = {code: _latest_published(code) for code in OUTSIDE}
    with_figure = [c for c, f in figures.items() if f is not None and (f.value is not None or f.symbol == "low")]
    assert with_figure, "the shipped release has figures for Kent's neighbours"
    expected = f"2 of 10 neighbours from returns; {len(with_figure)} published by DfE"
    if len(with_figure) < len(OUTSIDE):
        expected += f"; {len(OUTSIDE) - len(with_figure)} no figure"
    assert ehe["Statistical neighbours' figures"] == expected
    # DfE publishes no CME figures in that release: the other eight have no figure.
    cme = dict(zip(headings, lines["Children missing education"], strict=True))
    assert cme["Statistical neighbours' figures"] == "2 of 10 neighbours from returns; 8 no figure"

    listed = html_table(html, "Kent: neighbours and chosen LAs with figures published by DfE")
    one_by_one = {(row[1], row[4]): dict(zip(listed[0], row, strict=True)) for row in listed[1:]}
    essex = one_by_one[("881", EHE)]
    assert essex["Count"] == whole_number(figures["881"].value)
    assert essex["Term of the figure"] == "Spring 2022/23"
    assert essex["Source"] == "Published by DfE, rounded (an earlier term)"
    assert essex["Compared as"] == "Statistical neighbour 1" and essex["In the network"] == "no"
    assert {code for code, _ in one_by_one} == set(OUTSIDE)  # every outside neighbour is listed
    assert ("845", EHE) not in one_by_one  # network neighbours with returns are pooled, not listed
    assert "Essex (outside the network)" in html
    assert f"covers 2 of 10 neighbours ({EHE.lower()}); {len(with_figure)} more are shown" in _summary(html)

    # The downloads carry both tables with the same numbers (then DfE's own figures for the LA).
    first, second, published_by_dfe = csv_sections(viewer.get(f"{BASE}/la/886/profile.csv").content)
    assert published_by_dfe[0][0] == "Measure"
    assert by_first_cell(first[1:])[EHE][headings.index("Statistical neighbours' figures")] == expected
    assert next(r for r in second if r[1] == "881")[5] == str(figures["881"].value)
    sheets = xlsx_sheets(viewer.get(f"{BASE}/la/886/profile.xlsx").content)
    assert len(sheets) == 3
    assert next(r for r in sheets[1] if r[1] == "881")[5] == figures["881"].value


def test_a_figure_older_than_the_look_back_is_not_shown(viewer, published, south_east):
    # Summer 2024/25 looks back to Summer 2022/23: the release's autumn and spring 2022/23 are older.
    from notinschool.benchmark.tests.factories import open_collection

    open_collection(south_east, "2024-25-summer")
    html = viewer.get("/dashboard/south-east/2024-25-summer/la/886/").content.decode()
    main = html_table(html, "Kent: every measure")
    ehe = dict(zip(main[0], by_first_cell(main[1:])[EHE], strict=True))
    assert ehe["Statistical neighbours' figures"] == "0 of 10 neighbours from returns; 10 no figure"


def test_provisional_figures_are_marked_on_the_profile(viewer, south_east):
    html = viewer.get(f"{BASE}/la/886/").content.decode()  # Kent's return is not yet approved
    main = html_table(html, "Kent: every measure")
    ehe = dict(zip(main[0], by_first_cell(main[1:])[EHE], strict=True))
    assert ehe["Kent's figure"] == "Provisional (not yet approved)"
    assert ehe["Network pooled over"] == "18 LAs, including provisional returns"  # Slough sent nothing
    assert ehe["Count"] == whole_number(int(_measure_rows(viewer, "ehe_total")["886"][2]))
    spec = chart_spec(html)
    kent = next(b for b in spec["datasets"]["bars"] if b["area"] == "Kent" and b["measure"] == EHE)
    assert kent["label"].endswith("provisional") and kent["figure"].startswith("Provisional")
    assert "Kent's figures are provisional: its return is not yet approved." in _summary(html)
    # The meeting pack's page for Kent says the same.
    pack = _pack(south_east)
    kent_page = pack[pack.index('id="la-886"') : pack.index('id="la-887"')]
    assert "figures are provisional: its return is not yet approved" in kent_page


def test_with_hide_an_unapproved_return_appears_nowhere(viewer, south_east):
    Collection.objects.filter(network=south_east, period=PERIOD).update(provisional_figures="hide")
    html = viewer.get(f"{BASE}/la/886/").content.decode()
    main = html_table(html, "Kent: every measure")
    ehe = dict(zip(main[0], by_first_cell(main[1:])[EHE], strict=True))
    assert (
        ehe["Count"] == "" and ehe["Rate per 100 children aged 5 to 16"] == "" and ehe["Kent's figure"] == "No return"
    )
    assert ehe["Network pooled over"] == "17 LAs"
    shown = " ".join(" ".join(row) for table in html_tables(html) for row in table) + _summary(html)
    assert "provisional" not in shown.lower() and "not yet approved" not in shown
    assert {bar["figure"] for bar in chart_spec(html)["datasets"]["bars"]} == {"Final"}
    trend = csv_sections(viewer.get("/dashboard/south-east/trend/ehe_total/trend.csv?las=886").content)[0]
    summer = by_first_cell(trend)["Summer 2023/24"]
    assert summer[trend[0].index("Kent")] == "" and summer[-1] == ""
    pages = _pack(south_east)
    pages = pages[pages.index('id="headlines"') :]  # the pages after the cover, which counts the returns
    assert "provisional" not in pages.lower() and "not yet approved" not in pages


def test_a_change_without_populations_is_a_count_change(viewer):
    # 2022-23 has no population estimate (mid-2021 is not shipped), so against Summer 2022/23 the
    # change is of counts, and says so.
    html = viewer.get("/dashboard/south-east/2023-24-autumn/la/886/").content.decode()
    main = html_table(html, "Kent: every measure")
    ehe = dict(zip(main[0], by_first_cell(main[1:])[EHE], strict=True))
    now = int(_measure_rows(viewer, "ehe_total", "2023-24-autumn")["886"][2])
    before = int(_measure_rows(viewer, "ehe_total", "2022-23-summer")["886"][2])
    words = "count up" if now > before else ("count down" if now < before else "no change in count")
    assert ehe["Change since previous term"] == words
    assert ehe["Size of change since previous term"] == whole_number(abs(now - before))


def test_the_group_is_pooled_from_returns_and_drawn(viewer, south_east):
    from notinschool.accounts.models import User

    owner = User.objects.get(email="viewer@surrey.example")
    group = comparison_group_create(
        owner=owner, name="Coastal", local_authorities=[la_by_code(c) for c in ("845", "921", "881")]
    )
    html = viewer.get(f"{BASE}/la/886/?group={group.id}").content.decode()
    main = html_table(html, "Kent: every measure")
    ehe = dict(zip(main[0], by_first_cell(main[1:])[EHE], strict=True))
    rows = _measure_rows(viewer, "ehe_total")
    pooled = sum(int(rows[c][2]) for c in ("845", "921")) * 100 / sum(int(rows[c][3]) for c in ("845", "921"))
    assert ehe["Coastal rate (pooled from returns)"] == one_decimal(pooled)
    assert ehe["Coastal: figures"] == "2 of 3 LAs from returns; 1 no figure"  # Essex: nothing published here
    bars = [b for b in chart_spec(html)["datasets"]["bars"] if b["measure"] == EHE]
    assert [b["area"] for b in bars][-1] == "Coastal (pooled)"
    assert bars[-1]["label"] == f"{one_decimal(pooled)} (2 of 3)"


def test_the_summary_names_measures_below_the_network(viewer):
    for measure in ("ehe_total", "cme_total", "ehe_starts", "ehe_left_other"):
        rows = _measure_rows(viewer, measure)
        below = [code for code, row in rows.items() if row[9] == "Significantly below"]
        if below:
            break
    assert below, "some LA is significantly below the network on some measure"
    html = viewer.get(f"{BASE}/la/{below[0]}/").content.decode()
    # As the sentence writes each title: lowered, except where it starts with an abbreviation.
    title = {
        "ehe_total": "children in elective home education",
        "cme_total": "children missing education",
        "ehe_starts": "EHE starts",
        "ehe_left_other": "left EHE for another reason",
    }[measure]
    assert "significantly below" in _summary(html)
    assert title in _summary(html).split("significantly below")[1]


def _summary(html: str) -> str:
    """The chart's one-sentence summary, as the page shows it under the chart."""
    start = html.index("<figcaption")
    return " ".join(unescape(html[html.index(">", start) + 1 : html.index("</figcaption>")]).split())


def test_a_group_name_with_a_control_character_downloads(viewer):
    """Names are cleaned when saved (and by a migration for older ones); the downloads clean
    them again, so one stored before either never breaks a spreadsheet or the chart renderer
    (which aborts the whole process on a character XML cannot hold)."""
    from notinschool.accounts.models import User
    from notinschool.places.models import ComparisonGroup

    owner = User.objects.get(email="viewer@surrey.example")
    group = ComparisonGroup.objects.create(owner=owner, name="Rivals\x07")  # as an older row might be
    group.local_authorities.set([la_by_code("845"), la_by_code("936")])
    response = viewer.get(f"{BASE}/la/886/profile.xlsx?group={group.id}")
    assert response.status_code == 200
    headings = xlsx_sheets(response.content)[0][0]
    assert "Rivals rate (pooled from returns)" in headings and not any("\x07" in h for h in headings)
    csv_headings = csv_sections(viewer.get(f"{BASE}/la/886/profile.csv?group={group.id}").content)[0][0]
    assert "Rivals rate (pooled from returns)" in csv_headings
    svg = viewer.get(f"{BASE}/la/886/profile.svg?group={group.id}")
    assert svg.status_code == 200 and b"Rivals (pooled)" in svg.content and b"\x07" not in svg.content
    png = viewer.get(f"{BASE}/la/886/profile.png?group={group.id}")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_group_names_are_saved_on_one_line(viewer):
    from importlib import import_module

    from django.apps import apps

    from notinschool.accounts.models import User
    from notinschool.places.models import ComparisonGroup

    owner = User.objects.get(email="viewer@surrey.example")
    saved = comparison_group_create(owner=owner, name=" Rivals\x07 of\nKent ", local_authorities=[la_by_code("845")])
    assert saved.name == "Rivals of Kent"
    older = ComparisonGroup.objects.create(owner=owner, name="Tab\tgroup\x07")
    migration = import_module("notinschool.places.migrations.0002_comparison_group_names_on_one_line")
    migration.clean_names(apps, None)
    older.refresh_from_db()
    assert older.name == "Tab group"


def _pack(network) -> str:
    """The meeting pack's printed HTML for the network (built here, as the pack's job does)."""
    from notinschool.benchmark.outputs.pack import build_pack
    from notinschool.benchmark.outputs.pack_pdf import pack_html
    from notinschool.benchmark.pages.selection import Selection
    from notinschool.places.selectors import network_ref

    return pack_html(build_pack(network_ref(network), PERIOD, Selection()))


def test_a_profile_reads_earlier_terms_for_its_own_la_only_and_shows_the_same(south_east):
    """A profile compares only its LA's figures across terms, so it reads the term before and last
    year for that LA alone; its lines are those made from every LA's figures (as the pack reads)."""
    from notinschool.benchmark.data.measures import dashboard_measures
    from notinschool.benchmark.data.terms import term_figures
    from notinschool.benchmark.pages.profile import profile_page, profile_tables
    from notinschool.places.selectors import network_ref, place_in_network

    network = network_ref(south_east)
    kent = place_in_network(network.id, "886")
    terms = term_figures(network=network, period=PERIOD, measures=dashboard_measures(PERIOD), earlier_for={"886"})
    assert len(terms.of(PERIOD)) > 10
    assert set(terms.of(terms.before)) == {"886"} and set(terms.of(terms.last_year)) == {"886"}

    own = profile_page(network=network, period=PERIOD, la=kent)
    every = profile_page(network=network, period=PERIOD, la=kent, tables=profile_tables(network=network, period=PERIOD))
    assert [line.previous_term for line in own.lines] == [line.previous_term for line in every.lines]
    assert [line.last_year for line in own.lines] == [line.last_year for line in every.lines]
    assert [(line.row.rate, line.row.rank) for line in own.lines if line.row] == [
        (line.row.rate, line.row.rank) for line in every.lines if line.row
    ]
    assert any(line.previous_term for line in own.lines) and any(line.last_year for line in own.lines)


def test_a_profile_keeps_only_the_rows_it_reads_and_its_lines_are_those_of_every_las_table(south_east):
    """One profile's tables hold the rows of its LA, its neighbours and its chosen group only
    (every LA still ranked and pooled): each line, rank of how many, the network's, neighbours'
    and group's pooled figures and the changes, equals the one made from every LA's rows."""
    from notinschool.benchmark.pages.profile import profile_page, profile_tables
    from notinschool.benchmark.pages.selection import Selection
    from notinschool.places.selectors import network_ref, place_in_network

    network = network_ref(south_east)
    kent = place_in_network(network.id, "886")
    chosen = Selection(codes=["886", "936", "850", "872"], group_name="Chosen")
    own = profile_page(network=network, period=PERIOD, la=kent, selection=chosen)
    every = profile_page(
        network=network, period=PERIOD, la=kent, selection=chosen, tables=profile_tables(network=network, period=PERIOD)
    )
    assert own.lines == every.lines
    assert all(line.ranked > 10 and line.group is not None for line in own.lines)
    tables = profile_tables(network=network, period=PERIOD, la_codes={"886"}, rows_for={"886", "936"})
    assert {row.code for row in tables.tables["ehe_total"][PERIOD].rows} == {"886", "936"}
    assert tables.tables["ehe_total"][PERIOD].ranked_count == len(
        profile_tables(network=network, period=PERIOD).tables["ehe_total"][PERIOD].compared_rows
    )


def test_earlier_terms_of_a_few_las_come_in_the_same_queries_and_are_those_read_alone(south_east):
    """``figures_that_count`` reads ``few_periods`` for ``few_la_codes`` only, in the queries of the
    term itself (a profile's three terms in three queries, not five): the figures, and which are
    provisional, are those that reading each part on its own gives."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notinschool.returns.selectors import collection_settings, figures_that_count

    earlier = ["2023-24-spring", "2022-23-summer", "2023-24-autumn"]
    measures = ["ehe_total", "cme_total", "sao_served"]
    Collection.objects.filter(network=south_east, period="2023-24-spring").update(provisional_figures="mark")
    collections = collection_settings(network_id=south_east.id, periods=[PERIOD, *earlier])

    def read(**narrowing):
        return figures_that_count(
            network_id=south_east.id, periods=[PERIOD], measures=measures, collections=collections, **narrowing
        )

    with CaptureQueriesContext(connection) as together_queries:
        together = read(few_periods=earlier, few_la_codes=["886", "871"])
    apart = read() | figures_that_count(
        network_id=south_east.id, periods=earlier, measures=measures, collections=collections, la_codes=["886", "871"]
    )
    assert together == apart
    assert len(together[PERIOD]) > 10 and {code for p in earlier for code in together.get(p, {})} == {"886", "871"}
    assert len(together_queries.captured_queries) == 2  # the returns, then their figures
    # A term asked for in both ways is read for every LA; no LA asked for reads nothing more.
    assert read(few_periods=[PERIOD, *earlier], few_la_codes=[]) == read()
    assert read(few_periods=[PERIOD], few_la_codes=["886"]) == read()
