"""The row-level policies of the register's child tables rewritten to probe their parent's key
(EXISTS) rather than hash the LA's whole register for every query (ADR 0515). Nothing to do
on SQLite."""

from django.db import migrations

from notinschool.register.tenancy import SCOPED_TABLES, policy_sql

# The policies before this migration, for going back.
EARLIER = {
    "register_address": "child_id IN (SELECT id FROM register_child)",
    "register_parent": "child_id IN (SELECT id FROM register_child)",
    "register_episode": "child_id IN (SELECT id FROM register_child)",
    "register_saoevent": "child_id IN (SELECT id FROM register_child)",
    "register_contact": "child_id IN (SELECT id FROM register_child)",
    "register_provider": "episode_id IN (SELECT id FROM register_episode)",
    "register_factchange": "child_id IN (SELECT id FROM register_child)",
    "register_notification": "child_id IN (SELECT id FROM register_child)",
}


def _apply(schema_editor, conditions: dict[str, str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, condition in conditions.items():
            cursor.execute(policy_sql(table, condition))


def forwards(apps, schema_editor):
    _apply(schema_editor, {table: SCOPED_TABLES[table] for table in EARLIER})


def backwards(apps, schema_editor):
    _apply(schema_editor, EARLIER)


class Migration(migrations.Migration):
    dependencies = [("register", "0003_row_level_security")]

    operations = [migrations.RunPython(forwards, backwards)]
