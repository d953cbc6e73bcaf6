from notinschool.validation.issues import QUERY
from notinschool.validation.rules.registry import Finding, rule

# LAs count starts and leavers differently, so allow a little slack before asking.
SLACK_CHILDREN = 5
SLACK_SHARE = 0.10


@rule(
    code="EHE-FLOW-STOCK",
    severity=QUERY,
    title="EHE flows match the change in EHE numbers",
    message=(
        "Check that last term's EHE total, plus starts, minus returns to school and other "
        "leavers, comes close to this term's total."
    ),
    explanation=(
        "Say which children account for the gap: for example children who moved into the LA "
        "already home educated, records corrected since last census, or children who started "
        "and stopped in the same term."
    ),
)
def ehe_flows_match_stock(ctx):
    """Previous total + starts - returns - other leavers ≈ this total. Needs the previous
    term's figures; without them the rule stays silent."""
    start = ctx.previous_value("ehe_total")
    end, starts, left = ctx.value("ehe_total"), ctx.value("ehe_starts"), ctx.value("ehe_left_other")
    # Returns to school are collected from 2024-25; before that, count none.
    returns = 0
    if ctx.spec.has_measure("ehe_returns_to_school"):
        returns = ctx.value("ehe_returns_to_school")
    if None in (start, end, starts, left, returns):
        return
    expected = start + starts - returns - left
    gap = end - expected
    if abs(gap) <= max(SLACK_CHILDREN, SLACK_SHARE * end):
        return
    yield Finding(
        f"Last term's EHE total ({start:,}) plus starts ({starts:,}), minus returns to school "
        f"({returns:,}) and other leavers ({left:,}) gives {expected:,}, but this term's total is "
        f"{end:,} ({gap:+,}). Check the starts and leavers, or explain the difference.",
        ctx.location("ehe_total"),
        str(end),
        tuple(loc for loc in (ctx.location("ehe_starts"), ctx.location("ehe_left_other")) if loc),
    )
