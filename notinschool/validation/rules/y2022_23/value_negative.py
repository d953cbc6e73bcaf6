from notinschool.validation.issues import ERROR
from notinschool.validation.rules.checks import entries_with_problem
from notinschool.validation.rules.registry import Finding, rule
from notinschool.validation.values import NEGATIVE


@rule(
    code="VALUE-NEGATIVE",
    severity=ERROR,
    title="Counts are not negative",
    message="Enter 0 or more.",
)
def counts_not_negative(ctx):
    """A count below zero (often a change from last term entered by mistake)."""
    for key, entry in entries_with_problem(ctx, NEGATIVE):
        yield Finding(
            f"{ctx.label(*key)} is {entry.raw}. Counts cannot be negative: enter the number of "
            "children, not the change since last term.",
            entry.location,
            entry.raw,
        )
