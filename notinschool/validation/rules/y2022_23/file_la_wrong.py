from notinschool.intake.report import ERROR
from notinschool.validation.rules.registry import Finding, rule


@rule(
    code="FILE-LA-WRONG",
    severity=ERROR,
    title="The file is for a different LA",
    message="Upload your own LA's return, or correct the LA code in the file.",
)
def la_is_the_expected_one(ctx):
    """When the caller knows which LA is sending (an upload), the file must be for that LA."""
    if ctx.expected_la is None or not ctx.parsed.la_codes:
        return
    expected = ctx.find_la(ctx.expected_la)
    stated = ctx.parsed.la_codes[0]
    found = ctx.find_la(stated.value)
    if found is None or expected is None or found == expected:
        return  # unknown codes are FILE-LA-UNKNOWN's business
    yield Finding(
        f"This file is for {found.name} ({stated.value}), but you are sending for "
        f"{expected.name} ({expected.old_code}). Upload {expected.name}'s return, or correct "
        "the LA code if the figures are yours.",
        stated.location,
        stated.value,
    )
