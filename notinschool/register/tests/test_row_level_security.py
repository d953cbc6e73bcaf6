"""Tenancy enforced by PostgreSQL itself: row-level security on every register table, keyed to
the LA set for the transaction, with the service working as a role that owns no table. On
SQLite the selectors' own LA filters are the check (the other register tests)."""

import datetime

import pytest
from django.conf import settings
from django.db import connection, transaction

from notinschool.register.models import Child, Episode
from notinschool.register.selectors import child_owner
from notinschool.register.tenancy import SCOPED_TABLES, SETTING, scoped

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.no_default_scope,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level security is PostgreSQL's"),
]


@pytest.fixture
def two_registers(kent, surrey):
    """Two Kent children and one Surrey child, each with an episode."""
    made = {}
    for la, names in ((kent, ["Kent One", "Kent Two"]), (surrey, ["Surrey One"])):
        with scoped(la):
            for name in names:
                given, family = name.split()
                child = Child.objects.create(local_authority=la, given_name=given, family_name=family)
                Episode.objects.create(child=child, kind="ehe", start_date=datetime.date(2025, 9, 1))
                made[name] = child
    return made


def raw(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_the_service_works_as_a_role_that_owns_no_register_table():
    role = settings.DATABASE_APP_ROLE
    assert role and raw("SELECT current_user")[0][0] == role
    owners = dict(raw("SELECT tablename, tableowner FROM pg_tables WHERE tablename = ANY(%s)", [list(SCOPED_TABLES)]))
    assert set(owners) == set(SCOPED_TABLES)
    assert role not in owners.values()
    secured = dict(raw("SELECT relname, relrowsecurity FROM pg_class WHERE relname = ANY(%s)", [list(SCOPED_TABLES)]))
    assert all(secured[table] for table in SCOPED_TABLES)
    superuser = raw("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])[0]
    assert superuser == (False, False)


def test_a_raw_query_without_the_setting_sees_no_child(two_registers):
    with transaction.atomic():
        assert raw(f"SELECT current_setting('{SETTING}', true)")[0][0] in (None, "")
        assert raw("SELECT count(*) FROM register_child")[0][0] == 0
        assert raw("SELECT count(*) FROM register_episode")[0][0] == 0
        assert Child.objects.count() == 0  # the ORM too, when it forgets its LA


def test_with_kents_setting_only_kents_children(two_registers, kent, surrey):
    with scoped(kent):
        names = sorted(row[0] for row in raw("SELECT given_name || ' ' || family_name FROM register_child"))
        assert names == ["Kent One", "Kent Two"]
        assert raw("SELECT count(*) FROM register_episode")[0][0] == 2
    with scoped(surrey):
        assert [row[0] for row in raw("SELECT family_name FROM register_child")] == ["One"]


def test_a_row_for_another_la_cannot_be_written(two_registers, kent, surrey):
    surrey_child = two_registers["Surrey One"]
    with scoped(kent):
        with pytest.raises(Exception, match="row-level security"), transaction.atomic():
            Child.objects.create(local_authority=surrey, given_name="Sneaky", family_name="Insert")
        with pytest.raises(Exception, match="row-level security"), transaction.atomic():
            Episode.objects.create(child_id=surrey_child.pk, kind="cme", start_date=datetime.date(2025, 9, 1))
        assert Child.objects.filter(pk=surrey_child.pk).update(given_name="Changed") == 0
        assert Child.objects.filter(pk=surrey_child.pk).delete()[0] == 0
    with scoped(surrey):
        assert Child.objects.get(pk=surrey_child.pk).given_name == "Surrey"


def test_each_row_below_a_child_carries_the_childs_la_whatever_the_writer_says(two_registers, kent, surrey):
    """The LA column of the tables below a child is set by the database from the parent row
    (ADR 0518): a writer cannot give a row another LA, nor hide a row from its own."""
    from notinschool.register.models import Provider
    from notinschool.register.tenancy import BELOW, TENANCY_COLUMN

    kent_child = two_registers["Kent One"]
    with scoped(kent):
        episode = Episode.objects.get(child=kent_child)
        Provider.objects.create(episode=episode, name="Tutor")
        assert raw("SELECT tenancy_la_id FROM register_episode WHERE id = %s", [episode.pk]) == [(kent.pk,)]
        assert raw("SELECT tenancy_la_id FROM register_provider")[0] == (kent.pk,)
        # An update naming another LA, or none, is put back to the child's by the trigger.
        for forged in (surrey.pk, None):
            raw("UPDATE register_episode SET tenancy_la_id = %s WHERE id = %s RETURNING id", [forged, episode.pk])
            assert raw("SELECT tenancy_la_id FROM register_episode WHERE id = %s", [episode.pk]) == [(kent.pk,)]
    with scoped(surrey):
        assert raw("SELECT count(*) FROM register_episode WHERE child_id = %s", [kent_child.pk]) == [(0,)]
        assert raw("SELECT count(*) FROM register_provider") == [(0,)]
    columns = raw(
        "SELECT table_name FROM information_schema.columns WHERE column_name = %s AND table_name = ANY(%s)",
        [TENANCY_COLUMN, list(BELOW)],
    )
    assert {table for (table,) in columns} == set(BELOW)


def test_scopes_nest_and_the_outer_la_comes_back(two_registers, kent, surrey):
    with scoped(kent):
        with scoped(surrey):
            assert Child.objects.count() == 1
        assert Child.objects.count() == 2


def test_the_owner_of_a_child_id_is_found_for_the_audit_only(two_registers, surrey):
    assert child_owner(two_registers["Surrey One"].pk) == surrey
    assert child_owner("no-such-child") is None


def _episode_check_plan(la, reference_prefix: str, count: int, *, counted: bool) -> str:
    """The plan of finding the child of an episode written for one of `count` children just added
    to `la`'s register, in the same transaction, with or without the statistics brought up to
    date."""
    from notinschool.core.dbrole import owner_session
    from notinschool.register.tenancy import children_counted

    with owner_session(), connection.cursor() as cursor:
        cursor.execute("ANALYZE register_child")  # statistics that have never seen this LA's children
    with scoped(la):
        children = [
            Child(local_authority=la, given_name="A", family_name="B", local_reference=f"{reference_prefix}{n}")
            for n in range(count)
        ]
        Child.objects.bulk_create(children)
        if counted:
            children_counted()
        # What the trigger of each row written below a child asks (ADR 0518).
        plan = raw("EXPLAIN SELECT local_authority_id FROM register_child WHERE id = %s", [children[-1].pk])
    return "\n".join(line for (line,) in plan)


def test_rows_below_a_new_registers_children_are_checked_by_the_childs_key(kent):
    """An LA's first large import into a database that holds another LA's large register: with
    the statistics brought up to date inside the import's transaction, the policy finds each child
    by its key; without, it reads the LA's children one by one for every row written (ADR 0517)."""
    from notinschool.places.selectors import la_by_code

    with scoped(kent):
        Child.objects.bulk_create(
            [
                Child(local_authority=kent, given_name="K", family_name="K", local_reference=f"K{n}")
                for n in range(20_000)
            ],
            batch_size=5000,
        )
    essex = la_by_code("881")
    stale = _episode_check_plan(essex, "S", 3000, counted=False)
    assert "register_child_local_authority_id" in stale and "Filter: ((id)::text" in stale
    fresh = _episode_check_plan(la_by_code("882"), "F", 3000, counted=True)
    assert "Index Cond: ((id)::text = " in fresh, fresh


def test_a_large_import_brings_the_statistics_up_to_date_before_the_episodes(kent, officer):
    from django.test.utils import CaptureQueriesContext

    from notinschool.core.actor import Actor
    from notinschool.register.services.importing import MANY_CHILDREN, register_import
    from notinschool.register.tests.test_import import HEADER

    lines = "".join(f"R{n},Amy,Example,2014-03-02,female,ehe,2025-09-01,,,religious\n" for n in range(MANY_CHILDREN))
    with CaptureQueriesContext(connection) as made:
        result = register_import(la=kent, data=(HEADER + lines).encode(), filename="r.csv", actor=Actor.of(officer))
    assert not result.errors
    sql = [query["sql"] for query in made.captured_queries]
    counted = next(i for i, q in enumerate(sql) if "notinschool_count_children" in q)
    assert counted > next(i for i, q in enumerate(sql) if q.startswith('INSERT INTO "register_child"'))
    assert counted < next(i for i, q in enumerate(sql) if q.startswith('INSERT INTO "register_episode"'))
