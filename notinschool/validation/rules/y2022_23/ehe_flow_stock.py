from notinschool.intake.report import QUERY
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
    term's figures; without them the rule stays silent.

    Returns to school are collected only from 2024-25 (and may be left blank). Other leavers
    exclude them, so without the returns the identity cannot be checked both ways: the rule
    then asks only about a total higher than last term's plus starts less other leavers,
    which no number of returns could explain."""
    start = ctx.previous_value("ehe_total")
    end, starts, left = ctx.value("ehe_total"), ctx.value("ehe_starts"), ctx.value("ehe_left_other")
    if None in (start, end, starts, left):
        return
    returns = ctx.value("ehe_returns_to_school")  # None when not collected or left blank
    slack = max(SLACK_CHILDREN, SLACK_SHARE * end)
    related = [ctx.location("ehe_starts"), ctx.location("ehe_left_other")]
    if returns is None:
        most = start + starts - left
        if end - most <= slack:
            return
        yield Finding(
            f"Last term's EHE total ({start:,}) plus starts ({starts:,}), minus other leavers "
            f"({left:,}) gives at most {most:,}, but this term's total is {end:,} "
            f"({end - most:+,}). Returns to school are not given, but they could only lower the "
            "total. Check the starts and leavers, or explain the difference.",
            ctx.location("ehe_total"),
            str(end),
            tuple(loc for loc in related if loc),
        )
        return
    expected = start + starts - returns - left
    gap = end - expected
    if abs(gap) <= slack:
        return
    related.append(ctx.location("ehe_returns_to_school"))
    yield Finding(
        f"Last term's EHE total ({start:,}) plus starts ({starts:,}), minus returns to school "
        f"({returns:,}) and other leavers ({left:,}) gives {expected:,}, but this term's total is "
        f"{end:,} ({gap:+,}). Check the starts, returns and leavers, or explain the difference.",
        ctx.location("ehe_total"),
        str(end),
        tuple(loc for loc in related if loc),
    )
