"""Writing published figures in batches, fast enough for a million-row file.

`bulk_create` spends most of its time preparing each field of each model instance (about 130 µs
a figure on SQLite, where 999 parameters allow only some 60 rows a statement); the importer
builds plain tuples and inserts them with the cursor's `executemany` (COPY on PostgreSQL), in the
same transaction.
See docs/adr/0403-writing-figures-in-batches.md.
"""

from collections.abc import Sequence

from django.db import connection

from notinschool.published.models import PublishedFigure

COLUMNS = (
    "release",
    "period",
    "level",
    "place_code",
    "region",
    "local_authority",
    "measure",
    "category",
    "value",
    "symbol",
    "percent",
    "percent_symbol",
    "rate_per_100",
    "rate_symbol",
    "rounding_base",
    "is_current",
)
Row = tuple  # the values of COLUMNS, in order


def _insert_sql() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(PublishedFigure._meta.get_field(name).column) for name in COLUMNS)
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    return f"INSERT INTO {quote(PublishedFigure._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model, values as parameters


def _copy_sql() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(PublishedFigure._meta.get_field(name).column) for name in COLUMNS)
    return f"COPY {quote(PublishedFigure._meta.db_table)} ({columns}) FROM STDIN"


def insert_figures(rows: Sequence[Row]) -> int:
    """Insert a batch of figure rows; returns how many. PostgreSQL takes them by COPY, which
    skips planning one INSERT per row; other databases by `executemany`."""
    if rows:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(_copy_sql()) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(_insert_sql(), rows)
    return len(rows)
