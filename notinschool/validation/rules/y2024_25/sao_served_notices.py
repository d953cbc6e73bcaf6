from notinschool.core.text import counted
from notinschool.intake.report import QUERY
from notinschool.validation.rules.registry import Finding, rule


@rule(
    code="SAO-SERVED-NOTICES",
    severity=QUERY,
    title="More SAOs served than notices that could lead to them",
    message="Check SAOs served: each follows a s437(1) notice, this term or last.",
    explanation=(
        "Say which notices led to these orders (for example notices served more than a term "
        "ago) or correct the figures."
    ),
)
def sao_served_follow_notices(ctx):
    """SAOs served ≤ s437(1) notices this term + last term. Needs the previous term's figures,
    since an order served now may follow last term's notice."""
    served, notices = ctx.value("sao_served"), ctx.value("s437_notices_served")
    earlier = ctx.previous_value("s437_notices_served")
    if None in (served, notices, earlier) or served <= notices + earlier:
        return
    yield Finding(
        f"{counted(served, 'SAO was', 'SAOs were')} served, but only "
        f"{counted(notices, 's437(1) notice was', 's437(1) notices were')} served this term and {earlier:,} "
        "last term. Check the figures, or explain which notices led to these orders.",
        ctx.location("sao_served"),
        str(served),
        tuple(loc for loc in (ctx.location("s437_notices_served"),) if loc),
    )
