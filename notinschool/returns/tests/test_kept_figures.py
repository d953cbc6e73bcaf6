"""Figures of versions kept in the process once read (ADR 0624): read again only for versions not
seen, never kept from inside a transaction, bounded by NOTINSCHOOL_FIGURES_KEPT.

These tests commit (as a page served in autocommit reads), so they run outside the usual
rolled-back test transaction."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from notinschool.config.env import env_int
from notinschool.places.models import Network
from notinschool.places.selectors import la_by_code
from notinschool.returns import kept_figures, selectors, services
from notinschool.returns.models import Return, ReturnFigure
from notinschool.returns.tests.factories import PERIOD, good_figures, open_collection, stored_version

pytestmark = pytest.mark.django_db(transaction=True)
FIGURES_TABLE = ReturnFigure._meta.db_table


@pytest.fixture
def network(demo):
    open_collection()
    return Network.objects.get(slug="south-east")


def _approved(code: str, seed: int):
    """A new version of the LA's return, approved (the return reopened first when approved before)."""
    record = selectors.return_of(la_by_code(code), PERIOD)
    if record is not None and record.approved_version_id:
        services.return_reopen(record=record, reason="A late correction from the LA")
    version = stored_version(code, seed)
    services.return_submit(record=version.return_record)
    services.return_approve(record=version.return_record)
    return version


def _read(network, measures=("ehe_total",)):
    """{LA code: {measure: figure}} as the dashboard reads them, and the figures queries it made."""
    with CaptureQueriesContext(connection) as queries:
        found = selectors.figures_that_count(network_id=network.id, periods=[PERIOD], measures=list(measures))
    figures = {code: {m: f.get(m) for m in measures} for code, f in found.get(PERIOD, {}).items()}
    return figures, [q["sql"] for q in queries.captured_queries if FIGURES_TABLE in q["sql"]]


def _ids_read(sql: str) -> set[int]:
    """The version ids a figures query names (a query by ids repeats the last to a power of two)."""
    found = re.search(r'"version_id" IN \(([\d, ]+)\)', sql)
    assert found, sql
    return {int(i) for i in found.group(1).split(",")}


def _expected(seed: int, measures=("ehe_total",)):
    return {m: good_figures(seed=seed)[(m, None)] for m in measures}


def test_figures_are_read_once_and_a_new_version_alone_is_read_after_a_change(network):
    kent = _approved("886", seed=1)
    _approved("936", seed=3)
    first, queries = _read(network)
    assert first == {"886": _expected(1), "936": _expected(3)} and len(queries) == 1
    again, queries = _read(network)
    assert again == first and queries == []  # nothing read: every version's figures are kept

    newer = _approved("886", seed=2)
    after, queries = _read(network)
    assert after == {"886": _expected(2), "936": _expected(3)}
    assert len(queries) == 1 and _ids_read(queries[0]) == {newer.pk} and kent.pk != newer.pk

    # Another measure is read for the versions that lack it, then kept beside the first.
    both = ("ehe_total", "cme_total")
    found, queries = _read(network, both)
    assert found == {"886": _expected(2, both), "936": _expected(3, both)} and len(queries) == 1
    assert _read(network, both)[1] == [] and _read(network, ["cme_total"])[1] == []


def test_nothing_read_inside_a_transaction_is_kept_so_a_rolled_back_versions_id_is_safe(network):
    """A version whose transaction rolls back gives its id to the next (SQLite does): only its own
    transaction saw its figures, and nothing read in a transaction is kept."""

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        gone = _approved("886", seed=1)
        assert _read(network)[0] == {"886": _expected(1)}
        assert len(_read(network)[1]) == 1  # inside a transaction every read reads
        raise RolledBack
    assert gone.pk not in kept_figures._kept.versions  # on either database: nothing was kept
    kept = _approved("886", seed=2)
    if connection.vendor == "sqlite":
        assert kept.pk == gone.pk  # the id was given again: what the rule above guards against
    assert _read(network)[0] == {"886": _expected(2)}
    assert _read(network)[1] == []


def test_the_setting_bounds_what_is_kept_the_least_recently_used_going_first(network, settings):
    older_kent, surrey = _approved("886", seed=1), _approved("936", seed=3)
    kent = _approved("886", seed=2)
    measures = ["ehe_total"]
    weight = max(kept_figures._size(kept_figures._read([v.pk], measures)[v.pk]) for v in (older_kent, surrey, kent))
    settings.NOTINSCHOOL_FIGURES_KEPT = 2 * weight  # room for two versions' figures

    def read(*versions):
        with CaptureQueriesContext(connection) as queries:
            kept_figures.figures_of_versions([v.pk for v in versions], measures)
        return [_ids_read(q["sql"]) for q in queries.captured_queries if FIGURES_TABLE in q["sql"]]

    assert read(older_kent, surrey) == [{older_kent.pk, surrey.pk}]
    assert read(older_kent) == []  # used again: now the most recently used
    assert read(kent) == [{kent.pk}]  # a third: Surrey's, used least recently, is forgotten
    assert read(older_kent, kent) == []
    assert read(surrey) == [{surrey.pk}]

    settings.NOTINSCHOOL_FIGURES_KEPT = 0
    for _ in range(2):
        found, queries = _read(network)
        assert found == {"886": _expected(2), "936": _expected(3)} and len(queries) == 1


def test_a_whole_number_below_the_minimum_is_a_clear_configuration_error(monkeypatch):
    monkeypatch.setenv("NOTINSCHOOL_FIGURES_KEPT", "-1")
    with pytest.raises(ImproperlyConfigured, match="NOTINSCHOOL_FIGURES_KEPT must be 0 or more, not '-1'"):
        env_int("NOTINSCHOOL_FIGURES_KEPT", 250_000, minimum=0)
    monkeypatch.setenv("NOTINSCHOOL_FIGURES_KEPT", "0")
    assert env_int("NOTINSCHOOL_FIGURES_KEPT", 250_000, minimum=0) == 0


def test_figures_are_never_updated_even_by_sql(network):
    """The database refuses it too (migration returns 0003): what is kept stays true."""
    version = _approved("886", seed=1)
    with pytest.raises(DatabaseError, match="never changed"), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {FIGURES_TABLE} SET value = 0 WHERE version_id = %s", [version.pk])  # noqa: S608 - a constant


def test_kept_figures_are_the_figures_read_afresh(network, monkeypatch):
    """Read through the dashboard's own query of the figures that count (as when many versions
    are not kept), then from what is kept, then inside a transaction by the versions' ids (never
    kept): every figure of every measure agrees, categories included."""
    _approved("886", seed=1)
    _approved("936", seed=3)
    measures = sorted({m for m, _ in good_figures(seed=1)})

    def every_figure():
        found = selectors.figures_that_count(network_id=network.id, periods=[PERIOD], measures=measures)
        return {code: dict(f.values) for code, f in found[PERIOD].items()}

    with monkeypatch.context() as patched, CaptureQueriesContext(connection) as queries:
        patched.setattr(kept_figures, "FEW", 0)
        through_the_query = every_figure()
    figures_queries = [q["sql"] for q in queries.captured_queries if FIGURES_TABLE in q["sql"]]
    assert len(figures_queries) == 1 and Return._meta.db_table in figures_queries[0]  # chosen in the database
    kept = every_figure()
    assert _read(network, measures)[1] == []
    with transaction.atomic():
        by_ids = every_figure()
    assert through_the_query == kept == by_ids and set(kept) == {"886", "936"}
    assert all({m for m, _ in figures} == set(measures) for figures in kept.values())


def test_many_versions_are_read_through_the_callers_query_and_any_it_misses_by_id(network, monkeypatch):
    """Past a few versions not kept, the caller's query reads them (ADR 0624). A version it gives
    no figure of may have stopped counting between the caller's reads: it is read by its id, never
    taken to have no figures."""
    kent, surrey = _approved("886", seed=1), _approved("936", seed=3)
    monkeypatch.setattr(kept_figures, "FEW", 0)
    kent_total = good_figures(seed=1)[("ehe_total", None)]
    only_kent = [(kent.pk, "ehe_total", "", kent_total)]
    with CaptureQueriesContext(connection) as queries:
        found = kept_figures.figures_of_versions([kent.pk, surrey.pk], ["ehe_total"], read_every=lambda: only_kent)
    assert found == {
        kent.pk: {("ehe_total", None): kent_total},
        surrey.pk: {("ehe_total", None): good_figures(seed=3)[("ehe_total", None)]},
    }
    figures_queries = [q["sql"] for q in queries.captured_queries if FIGURES_TABLE in q["sql"]]
    assert len(figures_queries) == 1 and _ids_read(figures_queries[0]) == {surrey.pk}
    # Both are kept now: nothing is read, and the caller's query is not asked.
    asked = []
    again = kept_figures.figures_of_versions([kent.pk, surrey.pk], ["ehe_total"], read_every=lambda: asked.append(1))
    assert again == found and asked == []
