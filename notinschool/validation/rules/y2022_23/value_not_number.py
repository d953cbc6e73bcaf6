from notinschool.intake.report import ERROR
from notinschool.validation.rules.checks import entries_with_problem, what_to_enter
from notinschool.validation.rules.registry import Finding, rule
from notinschool.validation.values import TEXT

_SYMBOLS = {"x", "c", "z", "low", "-", "*", "n/a", "na", "<5", "u"}


@rule(
    code="VALUE-NOT-NUMBER",
    severity=ERROR,
    title="Figures are numbers",
    message="Enter a whole number (of children, or of days for the s19 median), or 0 if there were none.",
)
def counts_are_numbers(ctx):
    """Text where a figure belongs. Symbols used in published tables get their own advice, as
    returns must carry exact counts."""
    for key, entry in entries_with_problem(ctx, TEXT):
        if entry.raw.strip().lower() in _SYMBOLS:
            advice = (
                "Enter the exact count: returns are never rounded or suppressed (that happens "
                "only when figures are published)."
            )
        else:
            advice = what_to_enter(ctx, key[0])
        yield Finding(f"{ctx.label(*key)} is '{entry.raw}', not a number. {advice}", entry.location, entry.raw)
