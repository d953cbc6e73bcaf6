from notinschool.intake.report import ERROR
from notinschool.validation.rules.checks import entries_with_problem, unit_of
from notinschool.validation.rules.registry import Finding, rule
from notinschool.validation.values import FRACTION


@rule(
    code="VALUE-NOT-WHOLE",
    severity=ERROR,
    title="Figures are whole numbers",
    message="Enter a whole number: count each child once, and round a median to a whole number of days.",
)
def counts_are_whole(ctx):
    """A fraction where a whole number belongs (often a rate or an average pasted in by
    mistake). The advice names what the figure counts: children, or working days."""
    for key, entry in entries_with_problem(ctx, FRACTION):
        unit = unit_of(ctx, key[0])
        if unit == "children":
            advice = "Enter the number of children (not a rate or a percentage)."
        else:
            advice = f"Enter a whole number of {unit}, rounded to the nearest whole number."
        yield Finding(
            f"{ctx.label(*key)} is {entry.raw}, which is not a whole number. {advice}",
            entry.location,
            entry.raw,
        )
