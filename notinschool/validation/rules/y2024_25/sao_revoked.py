from notinschool.core.text import counted
from notinschool.intake.report import QUERY
from notinschool.validation.rules.registry import Finding, rule


@rule(
    code="SAO-REVOKED",
    severity=QUERY,
    title="More SAOs revoked than could have been",
    message="Check SAOs revoked: they cannot exceed SAOs served plus those already in force.",
    explanation=(
        "Say where the revoked orders came from (for example orders served before the LA "
        "began counting, or orders transferred from another LA) or correct the figures."
    ),
)
def sao_revoked_within_served(ctx):
    """SAOs revoked ≤ SAOs served this term + SAOs in force: at the start of the term when the
    previous term's figures are known, else (more loosely) at this census date."""
    revoked, served = ctx.value("sao_revoked"), ctx.value("sao_served")
    in_force = ctx.previous_value("sao_in_force")
    when = "at last term's census"
    if in_force is None:
        in_force, when = ctx.value("sao_in_force"), "at this census"
    if None in (revoked, served, in_force) or revoked <= served + in_force:
        return
    yield Finding(
        f"{counted(revoked, 'SAO was', 'SAOs were')} revoked, but only {served:,} "
        f"{'was' if served == 1 else 'were'} served this term and {in_force:,} {'was' if in_force == 1 else 'were'} "
        f"in force {when}. Check the figures, or explain where the revoked "
        "orders came from.",
        ctx.location("sao_revoked"),
        str(revoked),
        tuple(loc for loc in (ctx.location("sao_served"), ctx.location("sao_in_force")) if loc),
    )
