from notinschool.intake.report import QUERY
from notinschool.validation.rules.checks import share_too_high
from notinschool.validation.rules.registry import rule


@rule(
    code="EHE-REASON-COVID",
    severity=QUERY,
    title="Many EHE reasons given as COVID-19 health concerns",
    message="Check that COVID-19 health concerns are still each child's main reason for EHE.",
    explanation=(
        "Say whether the LA has reviewed these children's reasons since the pandemic, and why "
        "COVID-19 health concerns remain the main reason."
    ),
)
def ehe_reason_covid(ctx):
    """A fifth or more of EHE reasons recorded as COVID-19 health concerns, checked in the
    years just after the pandemic (deleted from 2024-25)."""
    yield from share_too_high(ctx, "ehe_by_reason", "health_covid", share=0.2, minimum_children=10)
