"""Suppression over everything an audience holds (issue 21, ADR 0705), tested as an attacker would:
random releases of one set of figures to DfE, another network and the public, each built by the
service in turn; then, for each audience, the exact optimiser in ``attacker.py`` reads every CSV
that audience holds (its own and the public's) and every hidden figure must keep a range of at
least the protection interval. A figure hidden before is never shown later."""

from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notinschool.periods.specs import Breakdown, Category, Measure, ReturnSpec
from notinschool.sharing.protection import PROTECTION_INTERVAL, Held, protect, views_for
from notinschool.sharing.tables import Place, build_tables, csv_rows, rebuilder
from notinschool.sharing.tests.attacker import Attacker, narrowed

PERIOD = "2025-26-autumn"
AUDIENCES = ["dfe", "network:other", "public"]


def breakdown(code: str, categories: int, total: str = "t") -> Measure:
    cats = tuple(Category(f"{code}{i}", f"{code.upper()} {i}") for i in range(categories))
    return Measure(code, f"By {code}", "", "p", "DfE", "stock", breakdown=Breakdown(code, code, cats), sums_to=total)


SPEC = ReturnSpec(
    PERIOD, "test", (), (Measure("t", "Children", "", "p", "DfE", "stock"), breakdown("s", 3), breakdown("d", 4))
)
small = st.one_of(st.integers(0, 5), st.integers(0, 5), st.integers(0, 40))


@st.composite
def histories(draw):
    """A few LAs' figures (each breakdown adds up to the total) and 2 to 4 releases of them."""
    places = [Place(f"{800 + i}", f"E0600{i:04d}", f"LA {i}") for i in range(draw(st.integers(1, 4)))]
    figures = {}
    for place in places:
        if draw(st.integers(0, 9)) == 0:
            continue  # no approved return: x
        by_s = [draw(small) for _ in range(3)]
        total = sum(by_s)
        cuts = sorted(draw(st.integers(0, total)) for _ in range(3))
        by_d = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
        figures[place.old_code] = {
            ("t", None): total,
            **{("s", f"s{i}"): v for i, v in enumerate(by_s)},
            **{("d", f"d{i}"): v for i, v in enumerate(by_d)},
        }
    codes = [p.old_code for p in places]
    release = st.tuples(
        st.sampled_from(AUDIENCES), st.sampled_from(["t", "s", "d"]), st.sets(st.sampled_from(codes), min_size=1)
    )
    return places, figures, draw(st.lists(release, min_size=2, max_size=4))


def make_releases(places, figures, releases, *, protected: bool = True) -> list[tuple[str, list[list[str]]]]:
    """Build each release in turn as the service does (held by audience), each as its CSV rows."""
    held: dict[str, list[Held]] = defaultdict(list)
    rebuild = rebuilder(specs={PERIOD: SPEC}, figures_by_period={PERIOD: figures})
    made = []
    for number, (audience, measure, las) in enumerate(releases, start=1):
        tables = build_tables(
            specs={PERIOD: SPEC},
            measure_codes=[measure],
            places=[p for p in places if p.old_code in las],
            consented={p.old_code for p in places},
            figures_by_period={PERIOD: figures},
        )
        if protected:
            tables, _notes = protect(tables, views_for(audience, held), rebuild)
        held[audience] += [Held(number, table) for table in tables]
        made.append((audience, csv_rows(tables, network_name="Test")))
    return made


def attacker_for(audience: str, made) -> Attacker:
    """What ``audience`` holds: its own releases and the public ones."""
    attacker = Attacker(SPEC)
    for number, (to, rows) in enumerate(made, start=1):
        if to in (audience, "public"):
            attacker.read(rows, f"release {number}")
    return attacker


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_no_audience_can_work_out_a_hidden_figure_from_everything_it_holds(case):
    made = make_releases(*case)
    for audience in AUDIENCES:
        attacker = attacker_for(audience, made)
        assert narrowed(attacker.ranges(), PROTECTION_INTERVAL) == {}, audience
        assert attacker.hidden_then_shown() == [], audience
