from notinschool.intake.report import QUERY
from notinschool.validation.rules.checks import share_too_high
from notinschool.validation.rules.registry import rule


@rule(
    code="CME-DURATION-UNKNOWN",
    severity=QUERY,
    title="Half or more CME durations unknown",
    message="Record how long each CME child has been missing education; 'unknown' should be rare.",
    explanation=(
        "Say why the durations are unknown (for example, no date recorded for when education "
        "stopped) and how the LA will record them from next term."
    ),
)
def cme_duration_unknown(ctx):
    """Flags returns like the one that gave half its CME durations as 'unknown'."""
    yield from share_too_high(ctx, "cme_by_duration", "unknown", share=0.5, minimum_children=5)
