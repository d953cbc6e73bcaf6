"""The function that brings the planner's statistics of the children up to date from inside an
import (ADR 0517). Nothing to do on SQLite."""

from django.db import migrations

from notinschool.register.tenancy import CHILD_STATISTICS_FUNCTION


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(CHILD_STATISTICS_FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP FUNCTION IF EXISTS notinschool_count_children()")


class Migration(migrations.Migration):
    dependencies = [("register", "0004_policies_by_key")]

    operations = [migrations.RunPython(forwards, backwards)]
