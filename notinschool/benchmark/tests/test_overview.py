"""The overview: count and rate changes with the LAs each covers, chosen LAs outside the network
from DfE's files with their term, and where the dashboard's front door leads."""

import pytest

from notinschool.benchmark.tests.reading import by_first_cell, csv_sections, html_table, number, xlsx_sheets
from notinschool.core.presenters import one_decimal, whole_number
from notinschool.returns.models import Collection

pytestmark = pytest.mark.django_db
NETWORK = "/dashboard/south-east"
EHE = "Children in elective home education"


def _counts(client, period: str) -> dict[str, tuple[int, int | None]]:
    """Each network LA's (count, population) on the measure page's CSV."""
    rows = csv_sections(client.get(f"{NETWORK}/{period}/ehe_total/table.csv").content)[0][1:]
    return {r[1]: (int(r[2]), int(r[3]) if r[3] else None) for r in rows if r[1] and r[2]}


def _changes(client, period: str) -> list[dict[str, str]]:
    sections = csv_sections(client.get(f"{NETWORK}/{period}/overview.csv").content)
    changes = sections[1]
    return [dict(zip(changes[0], row, strict=True)) for row in changes[1:] if not row[0].startswith("Note:")]


def test_count_and_rate_changes_cover_the_las_in_both_terms(viewer):
    now, before = _counts(viewer, "2023-24-summer"), _counts(viewer, "2023-24-spring")
    both = sorted(set(now) & set(before))
    assert len(both) == 18  # Slough sent nothing this summer
    difference = sum(now[c][0] for c in both) - sum(before[c][0] for c in both)
    rate = sum(now[c][0] for c in both) * 100 / sum(now[c][1] for c in both)
    rate_before = sum(before[c][0] for c in both) * 100 / sum(before[c][1] for c in both)
    change = next(
        c
        for c in _changes(viewer, "2023-24-summer")
        if c["Measure"].startswith(EHE) and c["Compared with"] == "Spring 2023/24"
    )
    assert change["LAs compared (count)"] == "18" and change["LAs compared (rate)"] == "18"
    assert change["Count change"] == ("up" if difference > 0 else "down")
    assert number(change["Size of count change"]) == abs(difference)
    rate_size = float(one_decimal(abs(rate - rate_before)))
    assert number(change["Size of rate change (per 100 children aged 5 to 16)"]) == rate_size
    assert change["Rate change"] == ("no change" if rate_size == 0 else ("up" if rate > rate_before else "down"))


def test_without_populations_the_count_change_is_still_shown(viewer):
    # 2022-23 has no population estimate: against Summer 2022/23 only counts can be compared.
    now, before = _counts(viewer, "2023-24-autumn"), _counts(viewer, "2022-23-summer")
    difference = sum(now[c][0] for c in before) - sum(before[c][0] for c in before)
    change = next(
        c for c in _changes(viewer, "2023-24-autumn") if c["Measure"] == EHE and c["Compared with"] == "Summer 2022/23"
    )
    assert change["LAs compared (count)"] == "19" and change["LAs compared (rate)"] == "0"
    assert number(change["Size of count change"]) == abs(difference) and change["Count change"] in ("up", "down")
    assert change["Rate change"] == "" and change["Size of rate change (per 100 children aged 5 to 16)"] == ""
    headline = by_first_cell(csv_sections(viewer.get(f"{NETWORK}/2022-23-summer/overview.csv").content)[0])[EHE]
    assert headline[1:5] == [whole_number(sum(c for c, _ in before.values())).replace(",", ""), "19", "", "0"]


def test_chosen_las_outside_the_network_show_dfes_figure_and_its_term(viewer):
    from notinschool.published.demo import load
    from notinschool.published.models import PublishedFigure

    load()
    html = viewer.get(f"{NETWORK}/2023-24-summer/?las=881,936,871").content.decode()
    table = html_table(html, "Chosen local authorities")
    rows = {(r[1], r[2]): dict(zip(table[0], r, strict=True)) for r in table[1:]}
    essex = rows[("881", EHE)]
    published = PublishedFigure.objects.get(place_code="881", period="2022-23-spring", measure="ehe_total", category="")
    assert essex["Count"] == whole_number(published.value) and essex["Term of the figure"] == "Spring 2022/23"
    assert essex["Source"] == "Published by DfE, rounded (outside the network)"
    slough = rows[("871", EHE)]  # in the network, but no return this term: DfE's figure, not pooled
    assert slough["Source"] == "Published by DfE, rounded" and slough["Term of the figure"] == "Spring 2022/23"
    surrey = rows[("936", EHE)]
    count, population = _counts(viewer, "2023-24-summer")["936"]
    assert surrey["Count"] == whole_number(count) and surrey["Source"] == "Approved return"
    assert surrey["Rate per 100 children aged 5 to 16"] == one_decimal(count * 100 / population)
    assert rows[("881", "Children missing education")]["Source"] == "None published by DfE"
    sheets = xlsx_sheets(viewer.get(f"{NETWORK}/2023-24-summer/overview.xlsx?las=881,936,871").content)
    assert len(sheets) == 3  # headline figures, changes, chosen LAs
    assert next(r for r in sheets[2] if r[1] == "881" and r[2] == EHE)[3] == published.value


def test_the_front_door_goes_to_the_latest_collection_or_says_there_is_none(viewer, south_east):
    response = viewer.get(f"{NETWORK}/")
    assert response.status_code == 302 and response["Location"] == f"{NETWORK}/2023-24-summer/"
    Collection.objects.filter(network=south_east).delete()
    response = viewer.get(f"{NETWORK}/")
    assert response["Location"] == f"{NETWORK}/no-collections/"  # never an empty future term
    assert "has not opened a collection yet" in viewer.get(response["Location"]).content.decode()
