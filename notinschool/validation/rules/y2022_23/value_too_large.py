from notinschool.intake.report import ERROR
from notinschool.validation.rules.checks import entries_with_problem, unit_of
from notinschool.validation.rules.registry import Finding, rule
from notinschool.validation.values import MAX_COUNT, TOO_LARGE


@rule(
    code="VALUE-TOO-LARGE",
    severity=ERROR,
    title="Figures are no larger than any LA could have",
    message=f"Enter a count of {MAX_COUNT:,} or less.",
)
def counts_not_too_large(ctx):
    """A count above MAX_COUNT, more than any LA has children: a typing slip, a pasted
    identifier, or a number a spreadsheet shows as 1E+23. Never stored as a figure."""
    for key, entry in entries_with_problem(ctx, TOO_LARGE):
        yield Finding(
            f"{ctx.label(*key)} is {entry.raw}, more than any local authority could have "
            f"(the most a figure can be is {MAX_COUNT:,}). Enter the number of {unit_of(ctx, key[0])}.",
            entry.location,
            entry.raw,
        )
