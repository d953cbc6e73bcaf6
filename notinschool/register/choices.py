"""Choices for reasons and types: the category codes of the latest return specification, so
the register records exactly what the return counts. A code a later spec drops stays valid in
stored records and is counted as "other" by the generator."""

import functools

from notinschool.periods.specs import all_periods, load_spec


@functools.cache
def categories(breakdown: str) -> tuple[tuple[str, str], ...]:
    """(code, label) pairs of a breakdown in the newest spec that has it."""
    for period in reversed(all_periods()):
        for measure in load_spec(period).measures:
            if measure.breakdown is not None and measure.breakdown.code == breakdown:
                return tuple((c.code, c.label) for c in measure.breakdown.categories)
    return ()


def with_blank(pairs, blank: str = "Not recorded") -> list[tuple[str, str]]:
    """Choices with an empty first option."""
    return [("", blank), *pairs]


def ehe_reasons():
    return with_blank(categories("ehe_reason"))


def cme_reasons():
    return with_blank(categories("cme_reason"))


def previous_school_types():
    return with_blank(categories("previous_school_type"))


def school_types_returned_to():
    return with_blank(categories("school_type_returned_to"))


def s19_provision_types():
    return with_blank(categories("s19_provision_type"), "Choose a type")
