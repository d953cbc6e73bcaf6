from notinschool.intake.report import ERROR
from notinschool.validation.rules.checks import breakdown_sums_to_total
from notinschool.validation.rules.registry import rule


@rule(
    code="EHE-SUM-PREV-SCHOOL",
    severity=ERROR,
    title="EHE starts by previous school add up to EHE starts",
    message="Correct the figures so the breakdown adds up to its total, each child counted once.",
)
def ehe_sum_prev_school(ctx):
    """EHE starts by previous school add up to EHE starts."""
    yield from breakdown_sums_to_total(ctx, "ehe_starts_by_previous_school")
