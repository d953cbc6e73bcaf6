from notinschool.validation.issues import ERROR
from notinschool.validation.rules.checks import entries_with_problem
from notinschool.validation.rules.registry import Finding, rule
from notinschool.validation.values import FRACTION


@rule(
    code="VALUE-NOT-WHOLE",
    severity=ERROR,
    title="Counts are whole numbers",
    message="Enter a whole number: count each child once.",
)
def counts_are_whole(ctx):
    """A fraction where a count belongs (often a rate or an average pasted in by mistake)."""
    for key, entry in entries_with_problem(ctx, FRACTION):
        yield Finding(
            f"{ctx.label(*key)} is {entry.raw}, which is not a whole number. Enter the number "
            "of children (not a rate or a percentage).",
            entry.location,
            entry.raw,
        )
