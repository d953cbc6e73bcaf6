from notinschool.intake.report import QUERY
from notinschool.validation.rules.registry import Finding, rule

# As DfE's COLLECT does: a change of more than half, and of more than 20 children.
CHANGE_SHARE = 0.5
CHANGE_CHILDREN = 20


@rule(
    code="TOTAL-CHANGE",
    severity=QUERY,
    title="Large change since last term",
    message="Check totals that changed by more than 50% and more than 20 children since last term.",
    explanation=(
        "Say what caused the change (for example a real rise in referrals, a data cleanse, a "
        "change in how the LA counts, or a new system) and, if last term's figure was wrong, "
        "what it should have been."
    ),
)
def totals_change_plausibly(ctx):
    """Each census-date total against the LA's previous term, when the caller supplies it."""
    for measure in ctx.spec.measures:
        if measure.kind != "stock" or measure.breakdown is not None:
            continue
        before, now = ctx.previous_value(measure.code), ctx.value(measure.code)
        if before is None or now is None:
            continue
        change = now - before
        if abs(change) <= CHANGE_CHILDREN or abs(change) <= CHANGE_SHARE * before:
            continue
        percent = f" ({change / before:+.0%})" if before else ""
        yield Finding(
            f"{measure.label} went from {before:,} last term to {now:,}{percent}. Check the "
            "figure; if it is right, explain the change.",
            ctx.location(measure.code),
            str(now),
        )
