from notinschool.intake.report import ERROR
from notinschool.validation.rules.registry import Finding, rule


@rule(
    code="FILE-DUPLICATE-ITEM",
    severity=ERROR,
    title="Each item appears once",
    message="Delete the repeated row, keeping the one with the right figure.",
)
def items_once(ctx):
    """No measure and category appears twice."""
    for (measure, category), location in ctx.parsed.duplicates:
        first = ctx.parsed.entries[(measure, category)].location
        name = measure + (f" / {category}" if category else "")
        yield Finding(
            f"{name} appears more than once (first at {first.describe()}). Keep one row for it and delete the others.",
            location,
        )
