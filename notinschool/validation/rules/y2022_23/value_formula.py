from notinschool.intake.report import ERROR
from notinschool.validation.rules.checks import entries_with_problem
from notinschool.validation.rules.registry import Finding, rule
from notinschool.validation.values import FORMULA


@rule(
    code="VALUE-FORMULA",
    severity=ERROR,
    title="Counts are typed, not calculated",
    message="Replace the formula with the number itself (copy, then paste values).",
)
def no_formulas(ctx):
    """A formula where a count belongs is an error: we never evaluate formulas, and a cached
    result may be stale."""
    for key, entry in entries_with_problem(ctx, FORMULA):
        yield Finding(
            f"{ctx.label(*key)} is a formula. Type the number itself: copy the cell, then use Paste Special, Values.",
            entry.location,
            entry.raw,
        )
