"""Shared bodies for rules that differ only in which measure they look at."""

from collections.abc import Iterator

from notinschool.core.text import in_sentence
from notinschool.validation.rules.context import RuleContext
from notinschool.validation.rules.registry import Finding


def breakdown_sums_to_total(ctx: RuleContext, breakdown_measure: str) -> Iterator[Finding]:
    """A breakdown's categories must add up to its total. Points at the total's cell and lists
    the category cells as related."""
    measure = ctx.spec.measure(breakdown_measure)
    if measure is None or measure.sums_to is None:
        return
    total = ctx.value(measure.sums_to)
    counts = ctx.breakdown(measure)
    if total is None or counts is None:
        return  # blank or unusable cells are reported by the VALUE- rules
    added = sum(counts.values())
    if added == total:
        return
    total_label = ctx.label(measure.sums_to)
    parts = [ctx.location(measure.code, category) for category in counts]
    first, last = parts[0], parts[-1]
    span = f" ({first.describe()} to {last.describe()})" if first and last and first.cell else ""
    yield Finding(
        f"{measure.label} add up to {added:,}{span}, but {total_label} is {total:,}. Correct "
        f"the figures so that every child is counted once, in one category, and the categories "
        f"add up to {total_label}.",
        ctx.location(measure.sums_to),
        str(total),
        tuple(p for p in parts if p),
    )


def share_too_high(
    ctx: RuleContext,
    breakdown_measure: str,
    category: str,
    *,
    share: float,
    minimum_children: int,
) -> Iterator[Finding]:
    """A query when one category (such as 'unknown') holds at least `share` of a breakdown."""
    measure = ctx.spec.measure(breakdown_measure)
    if measure is None or measure.breakdown is None:
        return
    counts = ctx.breakdown(measure)
    if counts is None or category not in counts:
        return
    total = sum(counts.values())
    if total < minimum_children or counts[category] < share * total:
        return
    percent = round(100 * counts[category] / total)
    found = measure.breakdown.category(category)
    label = in_sentence(found.label if found is not None else category)
    yield Finding(
        f"{counts[category]:,} of {total:,} children ({percent}%) in {in_sentence(measure.label)} are "
        f"'{label}'. Record the actual category for as many children as you can, or explain why "
        "it is not known.",
        ctx.location(measure.code, category),
        str(counts[category]),
    )


def entries_with_problem(ctx: RuleContext, problem: str):
    """(key, entry) for each item of this period's return whose cell has `problem`."""
    for key in ctx.spec.item_keys():
        entry = ctx.parsed.entries.get(key)
        if entry is not None and entry.problem == problem:
            yield key, entry


def unit_of(ctx: RuleContext, measure_code: str) -> str:
    """What a measure counts, in words ('children', 'working days'), for messages."""
    measure = ctx.spec.measure(measure_code)
    return measure.unit if measure else "children"


def what_to_enter(ctx: RuleContext, measure_code: str) -> str:
    """The advice for a figure that cannot be used: a whole number in the measure's unit, and
    what to do when there is nothing to count."""
    measure = ctx.spec.measure(measure_code)
    if measure is not None and measure.blank_allowed_when_zero:
        none = f"or leave it blank if {in_sentence(ctx.label(measure.blank_allowed_when_zero))} is 0"
    else:
        none = "or 0 if there were none"
    return f"Enter a whole number of {unit_of(ctx, measure_code)}, {none}."
