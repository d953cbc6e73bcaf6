"""The rows of the dashboard's tables as HTML, written in Python rather than by a Jinja loop.

A national page has tables of 153 LAs and, on a trend page, a DfE table per term: a loop over
every cell in Jinja cost a fifth of such a page's time when nothing is cached (issue 16). The
markup is the design system's, as the macros around these rows write it; every text is escaped
here, as Jinja's autoescape would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from notinschool.benchmark.outputs.tables import Table

# Plain strings with escaped values in them, made Markup once a table is joined (Markup's own
# format escapes too, but cost more than the rest of a row).
_NOTE = '<br><span class="govuk-body-s">{}</span>'
_WORKED_OUT = _NOTE.format("worked out from DfE's count")
# Most cells are numbers, which escaping leaves as they are: only text with one of these is escaped
# (the same result as escaping every cell, in less than half the time).
_ESCAPED = re.compile("[&<>\"']")


def _escaped(text: str) -> str:
    return escape(text) if _ESCAPED.search(text) else text


def data_rows(table: Table, highlight: str = "", link_las: Mapping[str, str] | None = None) -> Markup:
    """The body rows of a data table: the first cell a row heading (linked to the LA's profile
    when `link_las` has its code), numeric columns right-aligned, the `highlight` LA's row marked."""
    numeric = table.numeric
    classes = [
        "govuk-table__cell govuk-table__cell--numeric" if index in numeric else "govuk-table__cell"
        for index in range(len(table.columns))
    ]
    parts = []
    for row in table.display_rows():
        marked = " app-highlight-row" if highlight and row.code == highlight else ""
        first, *rest = row.cells
        heading = _escaped(first)
        if link_las and row.code in link_las:
            heading = f'<a class="govuk-link" href="{escape(link_las[row.code])}">{heading}</a>'
        cells = "".join(f'<td class="{classes[index]}">{_escaped(cell)}</td>' for index, cell in enumerate(rest, 1))
        parts.append(
            f'<tr class="govuk-table__row{marked}"><th scope="row" class="govuk-table__header">{heading}</th>'
            f"{cells}</tr>\n"
        )
    return Markup("".join(parts))  # noqa: S704 - every text above was escaped


def published_rows(rows: Iterable) -> Markup:
    """The body rows of a table of DfE's figures (PublishedRow): the place, the count with what
    a symbol means, and the rate with where it came from."""
    parts = []
    for row in rows:
        count = f"{_escaped(row.count)}{_NOTE.format(escape(row.meaning)) if row.meaning else ''}"
        rate = _escaped(row.rate or "none")
        if row.rate_source == "worked out":
            rate = f"{rate}{_WORKED_OUT}"
        elif not row.rate and row.rate_source:
            rate = f"{rate}{_NOTE.format(escape(row.rate_source))}"
        parts.append(
            f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{_escaped(row.name)}</th>'
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{count}</td>'
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{rate}</td></tr>\n'
        )
    return Markup("".join(parts))  # noqa: S704 - every text above was escaped
