"""Column headings and labels shared by the templates and the readers, so they cannot drift."""

import functools
import re

# Template headings, as users see them.
XLSX_HEADINGS = ("Measure code", "Category code", "What to count", "Count")
CSV_HEADINGS = ("la_code", "period", "measure", "category", "description", "value")
INSTRUCTIONS_SHEET = "Instructions"
LA_CODE_LABEL = "LA code"
LA_NAME_LABEL = "LA name"
PERIOD_LABEL = "Period"

# What readers accept for each column, after normalising (lower case, words joined by _).
ALIASES = {
    "measure": {"measure", "measure_code"},
    "category": {"category", "category_code", "breakdown"},
    "value": {"value", "count"},
    "la_code": {"la_code", "la", "local_authority_code"},
    "period": {"period", "collection_period"},
}
REQUIRED = ("measure", "category", "value")
_COLUMN_FOR = {alias: column for column, aliases in ALIASES.items() for alias in aliases}
_LONGEST_HEADING = 40


def normalise(text: object) -> str:
    """'Measure code ' → 'measure_code'."""
    if type(text) is str and len(text) <= _LONGEST_HEADING:
        return _normalise_short(text)  # headings and labels: the same few strings every time
    return _normalise(text)


def _normalise(text: object) -> str:
    return _NOT_CODE.sub("_", str(text).strip().lower()).strip("_")


_NOT_CODE = re.compile(r"[^a-z0-9]+")
_normalise_short = functools.lru_cache(maxsize=1024)(_normalise)


def find_columns(cells: list) -> dict[str, int]:
    """Column index for each known heading in a heading row (unknown headings are ignored)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell or len(cell) > _LONGEST_HEADING:
            continue  # numbers, blanks and sentences are never headings
        column = _COLUMN_FOR.get(normalise(cell))
        if column and column not in found:
            found[column] = index
    return found


def is_heading_row(cells: list) -> bool:
    found = find_columns(cells)
    return all(column in found for column in REQUIRED)


def code_text(raw: object) -> str:
    """A code as text: 886.0 typed into a cell becomes '886', blanks become ''."""
    if type(raw) is str:
        return raw.strip()
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if raw is None or isinstance(raw, list):
        return ""
    return str(raw).strip()
