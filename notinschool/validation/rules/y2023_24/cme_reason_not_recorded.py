from notinschool.intake.report import QUERY
from notinschool.validation.rules.checks import share_too_high
from notinschool.validation.rules.registry import rule


@rule(
    code="CME-REASON-NOT-RECORDED",
    severity=QUERY,
    title="Half or more CME reasons 'not recorded'",
    message="Record each CME child's main reason; 'not recorded' should be rare.",
    explanation=(
        "Say why the reasons are not recorded (for example, the case system has no reason "
        "field yet) and what the LA is doing to record them from next term."
    ),
)
def cme_reason_not_recorded(ctx):
    """Flags returns like the one that gave 100% of CME reasons as 'not recorded'."""
    yield from share_too_high(ctx, "cme_by_reason", "not_recorded", share=0.5, minimum_children=5)
