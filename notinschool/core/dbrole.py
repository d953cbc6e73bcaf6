"""The role the service works as on PostgreSQL: one that does not own the tables.

Row-level security binds every role but a table's owner (and superusers), so the service
connects, then switches with `SET ROLE` to `settings.DATABASE_APP_ROLE`, which has read and
write rights on the tables and owns none. Only migrations run as the connecting (owning) role:
`manage.py migrate` is wrapped in `owner_session()`. ADR 0508.
"""

from __future__ import annotations

import contextlib
import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.utils import DatabaseError

_state = threading.local()
NO_DB_ALIAS = "__no_db__"  # Django's connection to the "postgres" database, used to create databases


def app_role() -> str:
    """The role the service works as ('' where it connects as that role already, or on SQLite)."""
    return getattr(settings, "DATABASE_APP_ROLE", "")


def _owner_depth() -> int:
    return getattr(_state, "owner", 0)


def quoted(role: str) -> str:
    """The role's name quoted as an SQL identifier."""
    return '"' + role.replace('"', '""') + '"'


def switch_to_app_role(connection) -> None:
    """`SET ROLE` to the application role on a PostgreSQL connection (not while migrating)."""
    role = app_role()
    if connection.vendor != "postgresql" or not role or _owner_depth() or connection.alias == NO_DB_ALIAS:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {quoted(role)}")
    except DatabaseError as exc:
        raise ImproperlyConfigured(
            f"The database role {role!r} does not exist or cannot be used: run `manage.py migrate` "
            "(it creates the role), or set DATABASE_APP_ROLE to the role the service should work as."
        ) from exc


def _on_connection_created(sender, connection, **kwargs) -> None:
    switch_to_app_role(connection)


def connect_signal() -> None:
    """Switch every new connection to the application role (called from CoreConfig.ready)."""
    connection_created.connect(_on_connection_created, dispatch_uid="notinschool-app-role")


@contextlib.contextmanager
def owner_session():
    """Work as the connecting (owning) role inside, for migrations; back to the application
    role on the way out."""
    _state.owner = _owner_depth() + 1
    try:
        for connection in connections.all(initialized_only=True):
            if connection.vendor == "postgresql" and connection.connection is not None:
                with connection.cursor() as cursor:
                    cursor.execute("RESET ROLE")
        yield
    finally:
        _state.owner = _owner_depth() - 1
        if not _owner_depth():
            for connection in connections.all(initialized_only=True):
                if connection.connection is not None:
                    switch_to_app_role(connection)
