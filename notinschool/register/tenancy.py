"""Tenancy enforced by the database: each register query sees one LA's rows only.

On PostgreSQL every register table has row-level security keyed to the LA set for the
transaction (`notinschool.la`, set by `scoped`). The service works as a role that owns no table
(`notinschool.core.dbrole`), so a query made outside a scope, or one that forgets its LA, sees
no child at all. On SQLite, which has no row-level security, the selectors' own LA filters are
the only check (as before). ADR 0508.
"""

import contextlib
import functools

from django.db import connection, transaction
from django.http import Http404

SETTING = "notinschool.la"

# Every register table and the condition that keys its rows to the LA. Tables below a child (or
# below an episode) carry the LA in a column of their own, `tenancy_la_id`, which the model does
# not know: a trigger fills it from the parent row on every write, reading the parent under the
# same policy, so a row pointing at another LA's child gets no LA and is refused. The policy is
# then a plain comparison, as cheap for the whole register as for one record; the earlier
# policies probed the parent for every row, which grew faster than the register (ADR 0518).
TENANCY_COLUMN = "tenancy_la_id"
LA_CONDITION = "local_authority_id = notinschool_current_la()"
COLUMN_CONDITION = f"{TENANCY_COLUMN} = notinschool_current_la()"

# Each table below another, the column pointing up, and the parent it takes its LA from.
BELOW: dict[str, tuple[str, str]] = {
    "register_address": ("child_id", "register_child"),
    "register_parent": ("child_id", "register_child"),
    "register_episode": ("child_id", "register_child"),
    "register_saoevent": ("child_id", "register_child"),
    "register_contact": ("child_id", "register_child"),
    "register_provider": ("episode_id", "register_episode"),
    "register_factchange": ("child_id", "register_child"),
    "register_notification": ("child_id", "register_child"),
}

SCOPED_TABLES: dict[str, str] = {
    "register_child": LA_CONDITION,
    "register_registersettings": LA_CONDITION,
    **{table: COLUMN_CONDITION for table in BELOW},
    "register_transfer": LA_CONDITION,
}


def _parent_la(parent: str) -> str:
    return "local_authority_id" if parent == "register_child" else TENANCY_COLUMN


def tenancy_column_sql(table: str) -> str:
    """The SQL that gives `table` its LA column, filled for the rows it has, indexed, and kept by
    a trigger from the parent row (idempotent; the policy itself is `policy_sql`)."""
    column, parent = BELOW[table]
    function = f"notinschool_la_of_{table}"
    return f"""
ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {TENANCY_COLUMN} bigint;
UPDATE {table} item SET {TENANCY_COLUMN} = parent.{_parent_la(parent)}
  FROM {parent} parent WHERE parent.id = item.{column};
CREATE INDEX IF NOT EXISTS {table}_tenancy_la ON {table} ({TENANCY_COLUMN});
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$ BEGIN
  NEW.{TENANCY_COLUMN} := (SELECT {_parent_la(parent)} FROM {parent} WHERE id = NEW.{column});
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS tenancy_la ON {table};
CREATE TRIGGER tenancy_la BEFORE INSERT OR UPDATE ON {table}
  FOR EACH ROW EXECUTE FUNCTION {function}();
"""  # noqa: S608 - table and column names are this module's constants


def drop_tenancy_column_sql(table: str) -> str:
    """The SQL that takes `tenancy_column_sql` away again (the policy must be replaced first)."""
    return (
        f"DROP TRIGGER IF EXISTS tenancy_la ON {table};\n"
        f"DROP FUNCTION IF EXISTS notinschool_la_of_{table}();\n"
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS {TENANCY_COLUMN};\n"
    )


CURRENT_LA_FUNCTION = f"""
CREATE OR REPLACE FUNCTION notinschool_current_la() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('{SETTING}', true), '')::bigint $$;
"""

# Which LA holds a child id, for the audit of a refused attempt: runs as the tables' owner
# (SECURITY DEFINER), answers nothing but the LA's id.
CHILD_OWNER_FUNCTION = """
CREATE OR REPLACE FUNCTION notinschool_child_owner(child text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT local_authority_id FROM register_child WHERE id = child $$;
"""


# The planner's statistics of the children, brought up to date from inside a transaction that has
# added many (ANALYZE counts the transaction's own new rows). Without them, a register new to the
# statistics is estimated at one child, and each row written below a child is checked by reading
# the LA's children one by one: an import of 20,000 children took 22 s instead of 6 (ADR 0517).
# ANALYZE needs the table's owner on PostgreSQL 15, so the owner's function runs it.
CHILD_STATISTICS_FUNCTION = """
CREATE OR REPLACE FUNCTION notinschool_count_children() RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ BEGIN ANALYZE register_child; END $$;
"""


def children_counted() -> None:
    """Bring the planner's statistics of the register's children up to date (PostgreSQL), after
    adding many children and before adding the rows that hang off them."""
    if is_enforced():
        with connection.cursor() as cursor:
            cursor.execute("SELECT notinschool_count_children()")


def policy_sql(table: str, condition: str | None = None) -> str:
    """The SQL that puts `table` under the LA scope (idempotent)."""
    condition = condition or SCOPED_TABLES[table]
    return (
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\n"
        f"DROP POLICY IF EXISTS la_scope ON {table};\n"
        f"CREATE POLICY la_scope ON {table} USING ({condition}) WITH CHECK ({condition});\n"
    )


def is_enforced() -> bool:
    """Whether the database itself keeps LAs apart (PostgreSQL)."""
    return connection.vendor == "postgresql"


@contextlib.contextmanager
def scoped(la):
    """Inside: one transaction in which the register's rows are `la`'s only. Scopes nest: the
    LA set before is set again on the way out."""
    with transaction.atomic():
        if not is_enforced():
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting(%s, true)", [SETTING])
            previous = cursor.fetchone()[0] or ""
            cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, str(la.pk)])
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, previous])


class ChildNotFound(Http404):
    """A child id the user's LA does not hold. Raised inside the scope; the audit entry is
    written after the scope's transaction ends, so the rollback cannot take it away."""

    def __init__(self, *, child_id: str, path: str, record):
        super().__init__("No such child")
        self.child_id, self.path, self.record = child_id, path, record


def scoped_view(view):
    """Run a register view inside the signed-in user's LA scope."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            with scoped(request.user.local_authority):
                return view(request, *args, **kwargs)
        except ChildNotFound as missing:
            missing.record()
            raise

    return wrapper


def child_owner_id(child_id: str) -> int | None:
    """The id of the LA holding `child_id`, whichever LA that is (None if no LA does)."""
    if is_enforced():
        with connection.cursor() as cursor:
            cursor.execute("SELECT notinschool_child_owner(%s)", [child_id])
            return cursor.fetchone()[0]
    from notinschool.register.models import Child

    return Child.objects.filter(pk=child_id).values_list("local_authority_id", flat=True).first()
