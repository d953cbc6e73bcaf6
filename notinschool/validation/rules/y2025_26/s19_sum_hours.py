from notinschool.intake.report import ERROR
from notinschool.validation.rules.checks import breakdown_sums_to_total
from notinschool.validation.rules.registry import rule


@rule(
    code="S19-SUM-HOURS",
    severity=ERROR,
    title="s19 provision by hours adds up to the s19 total",
    message="Correct the figures so the breakdown adds up to its total, each child counted once.",
)
def s19_sum_hours(ctx):
    """s19 provision by hours adds up to the s19 total."""
    yield from breakdown_sums_to_total(ctx, "s19_by_hours")
