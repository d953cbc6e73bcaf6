from notinschool.intake.report import ERROR
from notinschool.validation.rules.checks import breakdown_sums_to_total
from notinschool.validation.rules.registry import rule


@rule(
    code="EHE-SUM-SEX",
    severity=ERROR,
    title="EHE by sex adds up to the EHE total",
    message="Correct the figures so the breakdown adds up to its total, each child counted once.",
)
def ehe_sum_sex(ctx):
    """EHE by sex adds up to the EHE total."""
    yield from breakdown_sums_to_total(ctx, "ehe_by_sex")
