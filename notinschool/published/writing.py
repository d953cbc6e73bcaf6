"""Writing published figures in batches, fast enough for a million-row file.

`bulk_create` spends most of its time preparing each field of each model instance (about 130 µs
a figure on SQLite, where 999 parameters allow only some 60 rows a statement); the importer
builds plain tuples and inserts them with the cursor's `executemany`, in the same transaction.
On PostgreSQL one COPY is kept open for the whole file and fed by a second thread, with the
foreign keys checked as rows arrive rather than queued to commit (issue 16).
See docs/adr/0403-writing-figures-in-batches.md.
"""

from collections.abc import Sequence

from django.db import connection
from psycopg.copy import QueuedLibpqWriter

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


def _constraint_names() -> str:
    """The figure table's foreign keys, as SET CONSTRAINTS names them (only this table's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
            [PublishedFigure._meta.db_table],
        )
        return ", ".join(connection.ops.quote_name(name) for (name,) in cursor.fetchall())


class FigureWriter:
    """Writes a whole file's figures. On PostgreSQL one COPY stays open for the file, fed from a
    queue by a second thread, so the server stores figures while Python reads the next rows (the
    two work side by side, not in turns); elsewhere each batch is one `executemany`.

    Use as a context manager; no other query may run on the connection while it is open. A
    failure inside the block abandons the COPY (the transaction is rolled back anyway)."""

    def __init__(self) -> None:
        self.written = 0
        self._cursor = None
        self._copy = None
        self._copying = None

    def __enter__(self) -> "FigureWriter":
        if connection.vendor == "postgresql":
            self._cursor = connection.cursor()
            raw = self._cursor.cursor
            self._cursor.execute(f"SET CONSTRAINTS {_constraint_names()} IMMEDIATE")
            self._copying = raw.copy(_copy_sql(), writer=QueuedLibpqWriter(raw))
            self._copy = self._copying.__enter__()
        return self

    def write(self, rows: Sequence[Row]) -> int:
        """Write a batch of figure rows; returns how many."""
        if self._copy is not None:
            write_row = self._copy.write_row
            for row in rows:
                write_row(row)
        elif rows:
            with connection.cursor() as cursor:
                cursor.executemany(_insert_sql(), rows)
        self.written += len(rows)
        return len(rows)

    def __exit__(self, kind, error, trace) -> None:
        if self._copy is not None:
            self._copying.__exit__(kind, error, trace)
            self._cursor.close()
