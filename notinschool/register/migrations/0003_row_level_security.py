"""Row-level security on every register table (PostgreSQL), and the role the service works as,
which owns no table (ADR 0508). Nothing to do on SQLite."""

from django.conf import settings
from django.db import migrations

from notinschool.core.dbrole import quoted
from notinschool.register.migrations._policies import FIRST
from notinschool.register.tenancy import CHILD_OWNER_FUNCTION, CURRENT_LA_FUNCTION, policy_sql

PRIVILEGES_ON_TABLES = "SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES"
PRIVILEGES_ON_SEQUENCES = "USAGE, SELECT, UPDATE"


def role_sql(role: str) -> str:
    """Create the role if it is missing (another database on the server may have made it; two
    test databases may race to), and give it rights on every table, now and later."""
    name = quoted(role)
    literal = role.replace("'", "''")
    return f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{literal}') THEN
    CREATE ROLE {name} NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$
BEGIN
  -- The connecting role must be a member to SET ROLE (a superuser is already).
  IF NOT pg_has_role(current_user, '{literal}', 'MEMBER') THEN
    EXECUTE 'GRANT {name} TO ' || quote_ident(current_user);
  END IF;
END $$;
GRANT USAGE ON SCHEMA public TO {name};
GRANT {PRIVILEGES_ON_TABLES} ON ALL TABLES IN SCHEMA public TO {name};
GRANT {PRIVILEGES_ON_SEQUENCES} ON ALL SEQUENCES IN SCHEMA public TO {name};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {PRIVILEGES_ON_TABLES} ON TABLES TO {name};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {PRIVILEGES_ON_SEQUENCES} ON SEQUENCES TO {name};
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    statements = [CURRENT_LA_FUNCTION, CHILD_OWNER_FUNCTION]
    statements += [policy_sql(table, condition) for table, condition in FIRST.items()]
    role = getattr(settings, "DATABASE_APP_ROLE", "")
    if role:
        statements.append(role_sql(role))
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in FIRST:
            cursor.execute(
                f"DROP POLICY IF EXISTS la_scope ON {table}; ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;"
            )
        cursor.execute(
            "DROP FUNCTION IF EXISTS notinschool_child_owner(text); DROP FUNCTION IF EXISTS notinschool_current_la();"
        )


class Migration(migrations.Migration):
    dependencies = [("register", "0002_act_facts_and_history")]

    operations = [migrations.RunPython(forwards, backwards)]
