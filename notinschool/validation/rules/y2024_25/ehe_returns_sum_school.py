from notinschool.intake.report import ERROR
from notinschool.validation.rules.checks import breakdown_sums_to_total
from notinschool.validation.rules.registry import rule


@rule(
    code="EHE-RETURNS-SUM-SCHOOL",
    severity=ERROR,
    title="EHE returns by school type add up to EHE returns to school",
    message="Correct the figures so the breakdown adds up to its total, each child counted once.",
)
def ehe_returns_sum_school(ctx):
    """EHE returns to school by school type add up to the returns total."""
    yield from breakdown_sums_to_total(ctx, "ehe_returns_by_school_type")
