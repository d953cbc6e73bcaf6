"""Display values for published figures: labels in users' words, numbers and symbols as shown.

A symbol is shown as the symbol with its meaning, never as 0.
"""

import functools
from dataclasses import dataclass

from notinschool.core.presenters import whole_number
from notinschool.periods import period_label
from notinschool.periods.specs import measure_history
from notinschool.places.models import LocalAuthority
from notinschool.published.mapping import published_only_measures
from notinschool.published.models import PublishedFigure, Symbol
from notinschool.published.reconciliation import Agreement, Comparison, compare, rounded_as_published

Key = tuple[str, str | None]


@functools.cache
def _labels() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    measures = dict(published_only_measures())
    categories = {}
    for history in measure_history():
        measures[history.code] = history.label
        for code, label in history.categories:
            categories[(history.code, code)] = label
    return measures, categories


def measure_label(measure: str, category: str | None = None) -> str:
    """ "EHE children by sex: Female" for (ehe_by_sex, female); the code when it has no label."""
    measures, categories = _labels()
    label = measures.get(measure, measure)
    if category:
        label += ": " + categories.get((measure, category), category.replace("_", " "))
    return label


def published_period_label(period: str) -> str:
    """ "Autumn term 2024 to 2025" for a term; "Academic year 2024 to 2025" for 2024-25."""
    if len(period) == len("2024-25"):
        start = int(period[:4])
        return f"Academic year {start} to {start + 1}"
    return period_label(period)


SYMBOL_MEANINGS = {
    Symbol.NOT_AVAILABLE: "not available",
    Symbol.NOT_APPLICABLE: "not applicable",
    Symbol.LOW: "rounds to 0 but is not 0",
    Symbol.CONFIDENTIAL: "suppressed to protect confidentiality",
    Symbol.LESS_THAN_HALF: "less than 0.5",
    Symbol.UNRELIABLE: "low reliability",
}


def symbol_meaning(symbol: str) -> str:
    """What a DfE symbol means, in words: `low` → "rounds to 0 but is not 0"."""
    return SYMBOL_MEANINGS.get(symbol, symbol)


def symbol_counts(symbols: dict[str, int]) -> str:
    """ "low (rounds to 0 but is not 0): 1,010; x (not available): 582", or "None"."""
    parts = [f"{symbol} ({symbol_meaning(symbol)}): {count:,}" for symbol, count in sorted(symbols.items())]
    return "; ".join(parts) or "None"


def shown(value: int | None, symbol: str) -> str:
    """A count as the page shows it: 1,234, or the symbol (never 0 for a symbol)."""
    return whole_number(value) if value is not None else symbol


def figure_shown(figure: PublishedFigure | None) -> str:
    """A published figure as shown, or an empty string when there is none."""
    return shown(figure.value, figure.symbol) if figure is not None else ""


@dataclass(frozen=True)
class ReconciliationRow:
    """One LA's own and published figure for the chosen measure."""

    la: LocalAuthority
    own: str
    own_rounded: str  # the own figure as DfE would publish it
    published: str
    difference: str
    comparison: Comparison


@dataclass(frozen=True)
class ReconciliationSummary:
    """How many of one LA's figures agree with DfE's."""

    la: LocalAuthority
    compared: int
    consistent: int
    different: int
    not_comparable: int
    revised: int
    not_yet_published: int
    first_difference: str


def _comparison(own: int | None, figure: PublishedFigure | None, earlier: tuple = ()) -> Comparison:
    if figure is None:
        return compare(own, None, "")
    return compare(own, figure.value, figure.symbol, rounding_base=figure.rounding_base, earlier=earlier)


def reconciliation_rows(
    las: list[LocalAuthority],
    own: dict[str, dict[Key, int | None]],
    published: dict,
    key: Key,
    earlier: dict | None = None,
) -> list[ReconciliationRow]:
    """Each LA's own figure for `key` beside DfE's, with the comparison; `earlier` holds DfE's
    superseded figures (`selectors.earlier_la_figures_for`) so a revision is explained as one."""
    rows = []
    for la in las:
        own_value = own.get(la.old_code, {}).get(key)
        figure = published.get(la.old_code, {}).get(key)
        comparison = _comparison(own_value, figure, (earlier or {}).get(la.old_code, {}).get(key, ()))
        difference = f"{comparison.difference:+,}" if comparison.difference is not None else ""
        base = figure.rounding_base if figure is not None else 10
        rounded = shown(*rounded_as_published(own_value, base)) if own_value is not None else ""
        rows.append(
            ReconciliationRow(la, whole_number(own_value), rounded, figure_shown(figure), difference, comparison)
        )
    return rows


def reconciliation_summaries(
    las: list[LocalAuthority], own: dict[str, dict[Key, int | None]], published: dict, earlier: dict | None = None
) -> list[ReconciliationSummary]:
    """For each LA, how many of its approved figures agree with DfE's, differ, were revised by
    DfE, cannot be compared, or are not yet published by DfE."""
    summaries = []
    for la in las:
        counts = {state.value: 0 for state in Agreement if state != Agreement.NO_OWN_FIGURE}
        first_difference = ""
        la_own = own.get(la.old_code, {})
        la_published = published.get(la.old_code, {})
        la_earlier = (earlier or {}).get(la.old_code, {})
        for key in sorted(set(la_own) | set(la_published), key=_sort_key):
            if key not in la_own:
                continue
            comparison = _comparison(la_own[key], la_published.get(key), la_earlier.get(key, ()))
            if comparison.agreement.value in counts:
                counts[comparison.agreement.value] += 1
            if comparison.is_flagged and not first_difference:
                first_difference = measure_label(*key)
        not_yet = counts.pop("not_published")
        compared = sum(counts.values())
        summaries.append(
            ReconciliationSummary(la, compared, **counts, not_yet_published=not_yet, first_difference=first_difference)
        )
    return summaries


def _sort_key(key: Key) -> tuple[str, str]:
    return key[0], key[1] or ""


def figure_choices(published: dict) -> list[tuple[str, str]]:
    """The figures DfE published for these LAs, as (value, label) for the page's select."""
    keys = sorted({key for figures in published.values() for key in figures}, key=_sort_key)
    return [(encode_key(key), measure_label(*key)) for key in keys]


def encode_key(key: Key) -> str:
    """(ehe_by_sex, female) → "ehe_by_sex:female"; (ehe_total, None) → "ehe_total"."""
    return key[0] + (f":{key[1]}" if key[1] else "")


def decode_key(text: str) -> Key:
    measure, _, category = text.partition(":")
    return measure, category or None
