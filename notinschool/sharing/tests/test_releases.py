"""Releases are recorded as released and every later release is checked against them: share
links, the public page (which every audience sees), corrected returns (issue 21, ADR 0705)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from notinschool.accounts.models import User
from notinschool.core.actor import Actor
from notinschool.core.errors import ServiceError
from notinschool.core.models import ImmutableRecordError
from notinschool.periods.specs import load_spec
from notinschool.sharing.models import Release, ShareLink
from notinschool.sharing.protection import PROTECTION_INTERVAL, Held, protect, views_for
from notinschool.sharing.services import extracts
from notinschool.sharing.services.public_page import public_page
from notinschool.sharing.services.releases import ReleaseRefused
from notinschool.sharing.tables import Place, build_tables, rebuilder
from notinschool.sharing.tests.attacker import Attacker, narrowed
from notinschool.sharing.tests.factories import PERIOD, approve_returns, grant, south_east
from notinschool.sharing.tests.test_history_example import BRACKNELL, CME, with_cme
from tests.access_cases import sign_in

pytestmark = pytest.mark.django_db
SE = "/sharing/networks/south-east"
SOUTH_WEST = "network:south-west"


@pytest.fixture
def three_small_las(demo):
    approve_returns({code: with_cme(i, *cme) for i, (code, cme) in enumerate(CME.items(), start=1)})
    grant(list(CME))
    grant(list(CME), "public")


def extract(measure: str, *, recipient: str = "dfe", title: str | None = None, actor=None):
    return extracts.extract_create(
        network=south_east(), recipient=recipient, title=title or measure, measure_codes=[measure],
        periods=[PERIOD], la_codes=list(CME), actor=actor or Actor.system(),
    )  # fmt: skip


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_an_extract_is_recorded_as_released_by_whom_and_cannot_be_changed(three_small_las):
    coordinator = User.objects.get(email="coordinator@south-east.example")
    made = extract("cme_by_sex", actor=Actor.of(coordinator))
    release = made.releases.get()
    assert (release.kind, release.audience, release.made_by) == (Release.Kind.EXTRACT, "dfe", coordinator)
    (table,) = release.tables.all()
    assert (table.period, table.group, table.table["measure"]) == (PERIOD, "cme_total", "cme_by_sex")
    assert table.table["figures"][BRACKNELL] == [["cme_by_sex", "female", 4], ["cme_by_sex", "male", 0],
                                                 ["cme_by_sex", "unknown", 0], ["cme_total", None, 4]]  # fmt: skip
    with pytest.raises(ImmutableRecordError):
        release.save()
    with pytest.raises(ImmutableRecordError):
        table.delete()


def test_a_share_link_to_an_audience_that_could_combine_it_is_refused_and_nothing_is_made(client, three_small_las):
    grant(list(CME), SOUTH_WEST)
    by_sex = extract("cme_by_sex")
    for_south_west = extract("cme_by_duration", recipient=SOUTH_WEST)  # all it holds: Bracknell's lows shown
    assert [row[-1] for row in extracts.extract_rows(for_south_west) if row[3] == BRACKNELL][:4] == ["low"] * 4

    sign_in(client, "coordinator@south-east.example")
    response = client.post(
        f"{SE}/extracts/{by_sex.pk}/",
        {"shared_with": "SW leads", "audience": SOUTH_WEST, "expires_on": in_days(5).isoformat()},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "These figures cannot be shared with that audience" in page
    assert "the extract “cme_by_duration” for South West CME and EHE network" in page
    assert "Bracknell Forest, CME children by length of time missing: Less than 2 weeks" in page
    assert not ShareLink.objects.exists() and not Release.objects.filter(kind=Release.Kind.SHARE_LINK).exists()

    # The audience it was made for already holds it: a link for DfE is fine, and recorded.
    client.post(
        f"{SE}/extracts/{by_sex.pk}/",
        {"shared_with": "DfE analysts", "audience": "dfe", "expires_on": in_days(5).isoformat()},
    )
    link = ShareLink.objects.get()
    assert (link.audience, link.release.audience, link.release.tables.count()) == ("dfe", "dfe", 1)


def test_a_share_link_cannot_be_for_the_public(three_small_las):
    made = extract("cme_by_sex")
    with pytest.raises(ReleaseRefused, match="cannot be for the public"):
        extracts.share_link_create(
            extract=made, shared_with="Anyone", audience="public", expires_on=in_days(5), actor=Actor.system()
        )


def test_the_public_page_is_released_once_per_version_and_checked_against_what_dfe_holds(three_small_las):
    dfe = extract("cme_by_duration")  # Bracknell Forest: four lengths of time, each low; its total hidden
    assert [row[-1] for row in extracts.extract_rows(dfe) if row[3] == BRACKNELL][-1] == "c"

    page = Client().get(f"/sharing/public/south-east/{PERIOD}/").content.decode()
    release = Release.objects.get(kind=Release.Kind.PUBLIC_PAGE)
    assert (release.audience, release.period, release.made_by) == ("public", PERIOD, None)
    (cme,) = [t for t in public_page(network=south_east(), period=PERIOD, actor=Actor.system()).tables
              if t.measure == "cme_total"]  # fmt: skip
    bracknell = next(cells for place, cells, _total in cme.rows if place.old_code == BRACKNELL)
    assert str(bracknell[0]) == "x"  # its CME total (4, low) would pin DfE's four lows
    assert "Bracknell Forest" in page
    assert [n["how"] for n in release.notes if "Bracknell Forest" in n["where"]] == ["withheld"]
    assert Release.objects.filter(kind=Release.Kind.PUBLIC_PAGE).count() == 1  # the second view reused it

    attacker = Attacker(load_spec(PERIOD))
    attacker.read(extracts.extract_rows(dfe), "DfE extract")
    from notinschool.sharing.tables import csv_rows

    attacker.read(csv_rows(public_page(network=south_east(), period=PERIOD, actor=Actor.system()).tables,
                           network_name="SE"), "public page")  # fmt: skip
    assert narrowed(attacker.ranges(), PROTECTION_INTERVAL) == {}

    grant([BRACKNELL], "public", granted=False)  # what the page would show changes: a new version
    Client().get(f"/sharing/public/south-east/{PERIOD}/")
    assert Release.objects.filter(kind=Release.Kind.PUBLIC_PAGE).count() == 2


def test_a_corrected_return_is_not_taken_for_the_figures_released_before_it():
    """Figures released, then corrected: the earlier release describes the old figures, so the
    check must neither fail (the old and new cannot both hold) nor link them."""
    spec = load_spec(PERIOD)
    places = [Place(code, f"E{code}", f"LA {code}") for code in ("801", "802")]

    def figures(bracknell_female: int) -> dict:
        values = {}
        for code, female in (("801", bracknell_female), ("802", 40)):
            values[code] = {("cme_total", None): female + 10, ("cme_by_sex", "female"): female,
                            ("cme_by_sex", "male"): 10, ("cme_by_sex", "unknown"): 0}  # fmt: skip
        return {PERIOD: values}

    def tables(values):
        return build_tables(specs={PERIOD: spec}, measure_codes=["cme_by_sex"], places=places,
                            consented={"801", "802"}, figures_by_period=values)  # fmt: skip

    earlier = tables(figures(3))
    corrected = figures(30)
    rebuild = rebuilder(specs={PERIOD: spec}, figures_by_period=corrected)
    held = {"dfe": [Held(1, t) for t in earlier]}
    (table,), notes = protect(tables(corrected), views_for("dfe", held), rebuild)
    assert str(table.rows[0][1][0]) == "30"  # the corrected figure, not the 3 (low) released before
    # Only figures that did not change (LA 801's 10 boys, hidden to protect its 3 girls) stay hidden.
    assert {(n.where.split(",")[0], n.how) for n in notes} <= {("LA 801", "hidden-before"), ("LA 802", "hidden-before"),
                                                             ("Total of the LAs shown", "hidden-before")}  # fmt: skip
    assert "LA 801, CME children by sex: Female" not in {n.where.rsplit(",", 1)[0] for n in notes}


def test_an_unknown_recipient_is_refused_with_a_message(three_small_las):
    with pytest.raises(ServiceError, match="is not a recipient"):
        extract("cme_by_sex", recipient="everyone")
