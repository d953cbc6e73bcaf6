"""The row-level policies of the register's child tables rewritten to probe their parent's key
(EXISTS) rather than hash the LA's whole register for every query (ADR 0515). Nothing to do
on SQLite."""

from django.db import migrations

from notinschool.register.migrations._policies import BY_KEY, BY_MEMBERSHIP
from notinschool.register.tenancy import policy_sql


def _apply(schema_editor, conditions: dict[str, str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, condition in conditions.items():
            cursor.execute(policy_sql(table, condition))


def forwards(apps, schema_editor):
    _apply(schema_editor, BY_KEY)


def backwards(apps, schema_editor):
    _apply(schema_editor, BY_MEMBERSHIP)


class Migration(migrations.Migration):
    dependencies = [("register", "0003_row_level_security")]

    operations = [migrations.RunPython(forwards, backwards)]
