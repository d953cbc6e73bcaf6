"""Querysets of plain rows compiled to SQL once per shape, their values filled in on each call.

Django writes a query's SQL afresh on every call, and for the dashboard's hot reads (the figures
that count) writing it and turning rows into tuples took a third as long again as the database
took to answer (ADR 0619). ``CompiledRows`` builds the queryset once per *shape* (the length of
each list argument) with stand-in values, keeps the SQL and where each stand-in landed among its
parameters, and on each call swaps in the real values. Rows still go through the compiler's own
converters, so they are exactly what iterating the queryset gives.

A stand-in that lands anywhere but among the parameters (written into the SQL text, or changed on
the way) makes the compilation refuse, so a query this cannot fill is never run with the wrong
values. An empty list is not compiled: Django answers such a query without the database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from cachetools import LRUCache
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# Shapes kept per thread: the lists' lengths come from the network and the reader's choices
# (LAs, measures, terms), bounded in practice; the least recently used shape goes first.
SHAPES_KEPT = 128
# An int no id, count or year takes, within a 32-bit column's range (Django drops a comparison
# with a value the column cannot hold, which would leave the stand-in out and be refused); the
# stand-ins for ints count down from it.
_FIRST_INT_STAND_IN = -1_987_654_321


class _Compiled:
    """One shape's SQL, where each argument goes among its parameters, and its compiler."""

    def __init__(self, queryset: QuerySet, stand_ins: dict[Any, tuple[str, int | None]], alias: str) -> None:
        self.compiler = queryset.query.get_compiler(using=alias)
        self.sql, params = self.compiler.as_sql()
        self.slots: list[tuple[str, int | None] | None] = []
        self.constants = list(params)
        found = set()
        for param in params:
            slot = stand_ins.get(param) if isinstance(param, (str, int)) and not isinstance(param, bool) else None
            self.slots.append(slot)
            if slot is not None:
                found.add(param)
        missing = [value for value in stand_ins if value not in found]
        if missing or any(str(value) in self.sql for value in stand_ins):
            raise ImproperlyConfigured(
                f"A compiled query must take every value as a parameter; these were not: {missing!r}"
            )

    def params(self, arguments: dict[str, Any]) -> list:
        """The parameters with the real values in place of the stand-ins."""
        return [
            constant if slot is None else (arguments[slot[0]] if slot[1] is None else arguments[slot[0]][slot[1]])
            for slot, constant in zip(self.slots, self.constants, strict=True)
        ]


class CompiledRows:
    """``build(**arguments)`` (a ``values_list`` queryset) compiled once per shape and database.

    Arguments are ints, strings, or lists of them; ``rows(**arguments)`` gives the rows as tuples,
    as ``list(build(**arguments))`` would."""

    def __init__(self, build: Callable[..., QuerySet], *, using: str = DEFAULT_DB_ALIAS) -> None:
        self.build = build
        self.using = using
        self._here = threading.local()  # a compiler keeps its thread's database connection

    def rows(self, **arguments: Any) -> list[tuple]:
        """The rows of the query built from ``arguments``."""
        using = self.using
        lists = {name: value for name, value in arguments.items() if isinstance(value, (list, tuple))}
        values = [v for name, value in arguments.items() for v in lists.get(name, (value,))]
        if not all(type(value) is str or type(value) is int for value in values):
            raise ImproperlyConfigured("A compiled query takes ints and strings, lists of them, nothing else.")
        if any(not value for value in lists.values()):
            return list(self.build(**arguments))  # Django knows there are none, without a query
        # Which arguments are given, and each list's length: a query's shape.
        shape = (
            using,
            connections[using].vendor,
            tuple(sorted((n, len(lists[n]) if n in lists else None) for n in arguments)),
        )
        kept = getattr(self._here, "shapes", None)
        if kept is None:
            kept = self._here.shapes = LRUCache(maxsize=SHAPES_KEPT)
        compiled = kept.get(shape)
        if compiled is None:
            compiled = kept[shape] = self._compile(arguments, using)
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, compiled.params(arguments))
            fetched = cursor.fetchall()
        return list(compiled.compiler.results_iter(results=[fetched], tuple_expected=True))

    def _compile(self, arguments: dict[str, Any], using: str) -> _Compiled:
        stand_ins: dict[Any, tuple[str, int | None]] = {}
        made: dict[str, Any] = {}
        counter = iter(range(100_000))

        def stand_in(name: str, index: int | None, value: Any) -> Any:
            number = next(counter)
            made_value = f"\x1fstand-in-{number}\x1f" if isinstance(value, str) else _FIRST_INT_STAND_IN - number
            stand_ins[made_value] = (name, index)
            return made_value

        for name, value in arguments.items():
            if isinstance(value, (list, tuple)):
                made[name] = [stand_in(name, index, item) for index, item in enumerate(value)]
            else:
                made[name] = stand_in(name, None, value)
        try:
            return _Compiled(self.build(**made), stand_ins, using)
        except EmptyResultSet as empty:  # pragma: no cover - lists are never empty here
            raise ImproperlyConfigured("A compiled query must not be empty.") from empty
