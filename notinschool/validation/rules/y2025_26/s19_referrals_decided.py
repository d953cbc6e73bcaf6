from notinschool.core.text import counted
from notinschool.intake.report import QUERY
from notinschool.validation.rules.registry import Finding, rule


@rule(
    code="S19-REFERRALS-DECIDED",
    severity=QUERY,
    title="More s19 referrals decided than received",
    message="Check s19 referrals: accepted plus declined is usually no more than received.",
    explanation=("Say how many decisions were on referrals received before this term, or correct the figures."),
)
def s19_referrals_decided(ctx):
    """Accepted + declined > received + 5 suggests double counting (a few decisions on last
    term's referrals are normal)."""
    received = ctx.value("s19_referrals_received")
    accepted, declined = ctx.value("s19_referrals_accepted"), ctx.value("s19_referrals_declined")
    if None in (received, accepted, declined) or accepted + declined <= received + 5:
        return
    yield Finding(
        f"{counted(accepted, 's19 referral was', 's19 referrals were')} accepted and {declined:,} declined this "
        f"term, but only {received:,} {'was' if received == 1 else 'were'} received. Check the figures, or explain "
        "the difference.",
        ctx.location("s19_referrals_accepted"),
        str(accepted),
        tuple(loc for loc in (ctx.location("s19_referrals_received"),) if loc),
    )
