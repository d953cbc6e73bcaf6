from notinschool.intake.report import ERROR
from notinschool.validation.rules.registry import Finding, rule


@rule(
    code="FILE-LA-MIXED",
    severity=ERROR,
    title="One file, one LA",
    message="Every row must carry the same LA code: send one file per LA.",
)
def one_la_per_file(ctx):
    """All LA codes in the file name the same LA (old and new codes for one LA are fine)."""
    if len(ctx.parsed.la_codes) < 2:
        return
    first = ctx.parsed.la_codes[0]
    first_la = ctx.find_la(first.value)
    for stated in ctx.parsed.la_codes[1:]:
        same = first_la is not None and ctx.find_la(stated.value) == first_la
        if not same:
            yield Finding(
                f"This row says LA '{stated.value}', but the file began with '{first.value}' "
                f"({first.location.describe()}). Send one file per LA, with the same code on "
                "every row.",
                stated.location,
                stated.value,
            )
