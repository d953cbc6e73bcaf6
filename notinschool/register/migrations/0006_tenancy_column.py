"""The register's tables below a child carry the child's LA in a column of their own, kept by a
trigger, and their row-level policies compare it with the LA in scope (ADR 0518). Nothing to do
on SQLite, which has no row-level security."""

from django.db import migrations

from notinschool.register.migrations._policies import BY_COLUMN, BY_KEY
from notinschool.register.tenancy import (
    BELOW,
    drop_tenancy_column_sql,
    policy_sql,
    tenancy_column_sql,
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        # Parents first: a provider takes its LA from its episode's column.
        for table in sorted(BELOW, key=lambda name: name == "register_provider"):
            cursor.execute(tenancy_column_sql(table))
            cursor.execute(policy_sql(table, BY_COLUMN[table]))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in BELOW:
            cursor.execute(policy_sql(table, BY_KEY[table]))
            cursor.execute(drop_tenancy_column_sql(table))


class Migration(migrations.Migration):
    dependencies = [("register", "0005_child_statistics_function")]

    operations = [migrations.RunPython(forwards, backwards)]
