"""Refuse UPDATE of a return's figures in the database itself, on PostgreSQL and SQLite.

The models refuse it already (ImmutableModel); this refuses it to raw SQL too. Processes keep
the figures of the versions they have read (ADR 0624), which is right only while a version's
figures never change. Row-level triggers only: deletes (a test database's flush) are not blocked.
"""

from django.db import migrations

TABLE = "returns_returnfigure"
MESSAGE = "return figures are never changed: store a new version"

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION {TABLE}_never_updated() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS {TABLE}_never_updated ON {TABLE};
CREATE TRIGGER {TABLE}_never_updated BEFORE UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_never_updated();
"""

SQLITE = f"""
CREATE TRIGGER IF NOT EXISTS {TABLE}_never_updated BEFORE UPDATE ON {TABLE}
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE}');
END;
"""


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE, params=None)


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(
        f"DROP TRIGGER IF EXISTS {TABLE}_never_updated" + (f" ON {TABLE}" if vendor == "postgresql" else ""),
        params=None,
    )
    if vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_never_updated()", params=None)


class Migration(migrations.Migration):
    dependencies = [("returns", "0002_explanation_review")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
