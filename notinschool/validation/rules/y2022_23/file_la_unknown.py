from notinschool.intake.report import ERROR
from notinschool.validation.rules.registry import Finding, rule


@rule(
    code="FILE-LA-UNKNOWN",
    severity=ERROR,
    title="The file must state a known LA code",
    message="Enter your LA's three-digit code (e.g. 886) or nine-character code (E10000016).",
)
def la_code_known(ctx):
    """The file states an LA code, and it is one we know."""
    if not ctx.parsed.la_codes:
        yield Finding(
            "The file does not say which LA it is for. Enter your LA code (for example 886 or "
            "E10000016) where the template asks for it."
        )
    for stated in ctx.parsed.la_codes:
        if ctx.find_la(stated.value) is None:
            yield Finding(
                f"'{stated.value}' is not an LA code we know. Enter your LA's three-digit code "
                "(for example 886) or nine-character code (for example E10000016).",
                stated.location,
                stated.value,
            )
