from notinschool.validation.issues import ERROR
from notinschool.validation.rules.checks import entries_with_problem
from notinschool.validation.rules.registry import Finding, rule
from notinschool.validation.values import TEXT

_SYMBOLS = {"x", "c", "z", "low", "-", "*", "n/a", "na", "<5", "u"}


@rule(
    code="VALUE-NOT-NUMBER",
    severity=ERROR,
    title="Counts are numbers",
    message="Enter a whole number of children, or 0 if there were none.",
)
def counts_are_numbers(ctx):
    """Text where a count belongs. Symbols used in published tables get their own advice, as
    returns must carry exact counts."""
    for key, entry in entries_with_problem(ctx, TEXT):
        if entry.raw.strip().lower() in _SYMBOLS:
            advice = (
                "Enter the exact count: returns are never rounded or suppressed (that happens "
                "only when figures are published)."
            )
        else:
            advice = "Enter a whole number, or 0 if there were none."
        yield Finding(f"{ctx.label(*key)} is '{entry.raw}', not a number. {advice}", entry.location, entry.raw)
