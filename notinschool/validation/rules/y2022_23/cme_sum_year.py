from notinschool.intake.report import ERROR
from notinschool.validation.rules.checks import breakdown_sums_to_total
from notinschool.validation.rules.registry import rule


@rule(
    code="CME-SUM-YEAR",
    severity=ERROR,
    title="CME by year group adds up to the CME total",
    message="Correct the figures so the breakdown adds up to its total, each child counted once.",
)
def cme_sum_year(ctx):
    """CME by year group adds up to the CME total."""
    yield from breakdown_sums_to_total(ctx, "cme_by_year_group")
