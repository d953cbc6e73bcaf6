from notinschool.intake.report import ERROR
from notinschool.validation.rules.checks import entries_with_problem, unit_of
from notinschool.validation.rules.registry import Finding, rule
from notinschool.validation.values import NEGATIVE


@rule(
    code="VALUE-NEGATIVE",
    severity=ERROR,
    title="Figures are not negative",
    message="Enter 0 or more.",
)
def counts_not_negative(ctx):
    """A figure below zero (often a change from last term entered by mistake)."""
    for key, entry in entries_with_problem(ctx, NEGATIVE):
        unit = unit_of(ctx, key[0])
        what = (
            "the number of children, not the change since last term" if unit == "children" else f"the number of {unit}"
        )
        yield Finding(
            f"{ctx.label(*key)} is {entry.raw}. It cannot be negative: enter {what}.",
            entry.location,
            entry.raw,
        )
