from notinschool.core.text import counted
from notinschool.intake.report import ERROR
from notinschool.validation.rules.registry import Finding, rule


@rule(
    code="S19-EHCP-WITHIN",
    severity=ERROR,
    title="s19 children with an EHCP are among the s19 children",
    message="Children with an EHCP cannot outnumber all children receiving s19 health provision.",
)
def s19_ehcp_within_total(ctx):
    """s19_with_ehcp ≤ s19_total."""
    with_ehcp, total = ctx.value("s19_with_ehcp"), ctx.value("s19_total")
    if with_ehcp is None or total is None or with_ehcp <= total:
        return
    yield Finding(
        f"{counted(with_ehcp, 'child with an EHCP receives', 'children with an EHCP receive')} s19 health "
        f"provision, but only {counted(total, 'child receives', 'children receive')} it in all. Correct one of "
        "the two figures.",
        ctx.location("s19_with_ehcp"),
        str(with_ehcp),
        tuple(loc for loc in (ctx.location("s19_total"),) if loc),
    )
