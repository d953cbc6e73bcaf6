"""The worked example in docs/sharing.md: a differencing attack on two extracts for DfE, which the
service used to allow and now stops (issue 21)."""

import pytest

from notinschool.core.actor import Actor
from notinschool.periods.specs import load_spec
from notinschool.sharing.presenters import release_notes
from notinschool.sharing.protection import PROTECTION_INTERVAL
from notinschool.sharing.services import extracts
from notinschool.sharing.tables import csv_rows
from notinschool.sharing.tests.attacker import Attacker, narrowed
from notinschool.sharing.tests.factories import PERIOD, approve_returns, grant, south_east
from notinschool.sharing.tests.test_pages import figures
from tests.access_cases import sign_in

pytestmark = pytest.mark.django_db
BRACKNELL, WINDSOR, WOKINGHAM = "867", "868", "872"
DURATIONS = ["less_than_2_weeks", "weeks_2_to_4", "weeks_4_to_8", "weeks_8_to_12", "weeks_12_to_26",
             "weeks_26_to_52", "over_52_weeks", "unknown"]  # fmt: skip
# CME children at the census: (female, male, unknown) and by length of time missing, in DURATIONS' order.
CME = {
    BRACKNELL: ((4, 0, 0), (1, 1, 1, 1, 0, 0, 0, 0)),
    WINDSOR: ((12, 15, 0), (6, 5, 4, 3, 4, 3, 2, 0)),
    WOKINGHAM: ((14, 17, 0), (7, 6, 5, 4, 4, 3, 2, 0)),
}


def with_cme(seed: int, by_sex: tuple, by_duration: tuple) -> dict:
    """A valid return whose CME children are as given (by year group and reason kept consistent)."""
    spec = load_spec(PERIOD)
    values = figures(seed)
    total = sum(by_sex)
    values[("cme_total", None)] = total
    for code, parts in (("cme_by_sex", by_sex), ("cme_by_duration", by_duration)):
        for key, value in zip(spec.measure(code).item_keys(), parts, strict=True):
            values[key] = value
    for code in ("cme_by_year_group", "cme_by_reason"):
        keys = spec.measure(code).item_keys()
        for i, key in enumerate(keys):
            values[key] = total // 2 + total % 2 if i == 0 else total // 2 if i == 1 else 0
    return values


def attacker_over(*releases) -> Attacker:
    attacker = Attacker(load_spec(PERIOD))
    for number, rows in enumerate(releases, start=1):
        attacker.read(rows, f"extract {number}")
    return attacker


def la_figures(rows, la: str, measure: str) -> list[str]:
    return [row[-1] for row in rows[1:] if row[3] == la and row[6] == measure]


@pytest.fixture
def three_small_las(demo):
    approve_returns({code: with_cme(i, *cme) for i, (code, cme) in enumerate(CME.items(), start=1)})
    grant(list(CME))


def test_two_extracts_for_dfe_no_longer_give_a_small_la_away(client, three_small_las):
    first = extracts.extract_create(
        network=south_east(), recipient="dfe", title="CME by sex", measure_codes=["cme_by_sex"],
        periods=[PERIOD], la_codes=list(CME), actor=Actor.system(),
    )  # fmt: skip
    by_sex = extracts.extract_rows(first)
    assert la_figures(by_sex, BRACKNELL, "cme_by_sex") == ["low", "0", "0", "low"]  # female, male, unknown, total

    # Before: the second extract was made on its own. Each extract alone gives nothing away...
    alone = extracts.disclosed_tables(
        network=south_east(), recipient="dfe", measure_codes=["cme_by_duration"], periods=[PERIOD],
        la_codes=list(CME),
    )  # fmt: skip
    before = csv_rows(alone.tables, network_name=south_east().name)
    assert la_figures(before, BRACKNELL, "cme_by_duration") == ["low"] * 4 + ["0"] * 4 + ["c"]
    assert narrowed(attacker_over(by_sex).ranges(), PROTECTION_INTERVAL) == {}
    assert narrowed(attacker_over(before).ranges(), PROTECTION_INTERVAL) == {}
    # ...but together: the total is low (at most 4) and four lengths of time are each at least 1.
    worked_out = narrowed(attacker_over(by_sex, before).ranges(), PROTECTION_INTERVAL)
    assert worked_out["extract 1: 867 cme_by_sex:female"] == (4, 4)
    assert worked_out["extract 2: 867 cme_total"] == (4, 4)
    for duration in DURATIONS[:4]:
        assert worked_out[f"extract 2: 867 cme_by_duration:{duration}"] == (1, 1)

    # Now: the second extract is checked against the first, and Bracknell Forest is withheld.
    second = extracts.extract_create(
        network=south_east(), recipient="dfe", title="CME by length of time missing",
        measure_codes=["cme_by_duration"], periods=[PERIOD], la_codes=list(CME), actor=Actor.system(),
    )  # fmt: skip
    after = extracts.extract_rows(second)
    assert la_figures(after, BRACKNELL, "cme_by_duration") == ["x"] * 9
    assert la_figures(after, WINDSOR, "cme_by_duration")[-1] == "c"  # hidden in the first, so hidden again
    assert narrowed(attacker_over(by_sex, after).ranges(), PROTECTION_INTERVAL) == {}
    assert attacker_over(by_sex, after).hidden_then_shown() == []

    notes = {note.where: note for note in release_notes(second)}
    withheld = notes["Bracknell Forest, CME children by length of time missing, Autumn term 2025 to 2026"]
    assert withheld.shown == "x" and withheld.why[0][0] == "Withheld: together with "
    assert withheld.why[1] == (
        f"the extract “CME by sex” for Department for Education (DfE), made {first.created_at:%-d %B %Y}",
        f"/sharing/networks/south-east/extracts/{first.pk}/",
    )
    assert "Windsor and Maidenhead, CME children by length of time missing: total, Autumn term 2025 to 2026" in notes

    sign_in(client, "coordinator@south-east.example")
    page = client.get(f"/sharing/networks/south-east/extracts/{second.pk}/").content.decode()
    assert "Hidden because of earlier releases" in page
    assert "Bracknell Forest, CME children by length of time missing" in page and "the extract “CME by sex”" in page
    first_page = client.get(f"/sharing/networks/south-east/extracts/{first.pk}/").content.decode()
    assert "Hidden because of earlier releases" not in first_page
