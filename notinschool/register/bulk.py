"""Loading many register rows at once, for the demo and the benchmark: plain dicts in, no model
instances, no per-row checks (ADR 0514).

Django's `bulk_create` prepares every value of every row through its field machinery, which
made a 20,000-child register take minutes to build. Here each row is a dict of field names;
every field it leaves out takes the field's default. On PostgreSQL the rows go in with COPY,
working as the tables' owner: COPY cannot run under row-level security, and the check of each
row against the LA's children would make the load quadratic. So: never with rows that came
from a person (the import and the forms go through the services), only with rows the service
made itself for the LA it is loading.
"""

import itertools
from collections.abc import Iterable

from django.db import connection
from django.db.models import CASCADE, DO_NOTHING, SET_NULL, AutoField, BigAutoField, Model, QuerySet
from django.utils import timezone

from notinschool.core.dbrole import owner_session


def _columns(model: type[Model]) -> tuple[list[str], list[str], dict]:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoField | BigAutoField)]
    defaults = {
        f.attname: now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        for f in fields
    }
    return [f.attname for f in fields], [connection.ops.quote_name(f.column) for f in fields], defaults


def insert_rows(model: type[Model], rows: Iterable[dict]) -> int:
    """Insert `rows` into `model`'s table in one go (COPY on PostgreSQL, one executemany on
    SQLite); how many went in. Rows of a model with an automatic id get theirs from the
    database and are not read back: give ids (as children have) where later rows point at them."""
    names, columns, defaults = _columns(model)
    table = connection.ops.quote_name(model._meta.db_table)
    values = ([row.get(name, defaults[name]) for name in names] for row in rows)
    count = 0
    if connection.vendor == "postgresql":
        with owner_session(), connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
                    count += 1
            # The planner's statistics of the table, brought up to date with the rows just added
            # (ANALYZE counts the transaction's own rows): without them a table loaded in one go
            # looks empty, and reloading the demo register spent 15 s choosing the rows to delete
            # by reading every child once for each row below it (ADR 0517).
            cursor.execute(f"ANALYZE {table}")
        return count
    # Names from the model's own metadata, quoted; the values are parameters.
    insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(names))})"  # noqa: S608
    with connection.cursor() as cursor:
        while chunk := list(itertools.islice(values, 20_000)):  # bounded memory for a big load
            cursor.executemany(insert, chunk)
            count += len(chunk)
    return count


def delete_rows(queryset: QuerySet) -> None:
    """Delete the rows of `queryset` and every row that hangs off them (deleted, or its link
    cleared, as each foreign key says), one statement per table. Django's own delete reads
    every row into memory first, which made reloading the demo register take longer than
    loading it."""
    model = queryset.model
    keys = queryset.order_by().values("pk")
    for relation in model._meta.related_objects:
        if not relation.one_to_many and not relation.one_to_one:
            continue
        dependants = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": keys})
        if relation.on_delete is CASCADE:
            delete_rows(dependants)
        elif relation.on_delete is SET_NULL:
            dependants.update(**{relation.field.name: None})
        elif relation.on_delete is not DO_NOTHING:
            blocker = relation.related_model.__name__
            raise ValueError(f"{blocker} rows would stop the delete ({relation.on_delete.__name__}).")
    sql, params = keys.query.sql_with_params()
    table, key = (connection.ops.quote_name(name) for name in (model._meta.db_table, model._meta.pk.column))
    with connection.cursor() as cursor:
        # The keys first: a DELETE may not read its own table in a subquery on every database.
        cursor.execute(f"SELECT * FROM ({sql}) AS doomed", params)  # noqa: S608 - Django's own SQL
        doomed = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(doomed), 500):
            chunk = doomed[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({marks})", chunk)  # noqa: S608 - quoted names
