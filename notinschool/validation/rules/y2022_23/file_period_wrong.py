from notinschool.intake.report import ERROR
from notinschool.periods import UnknownPeriod, parse_period, read_period_loosely
from notinschool.validation.rules.registry import Finding, rule


@rule(
    code="FILE-PERIOD-WRONG",
    severity=ERROR,
    title="The file must be for the period being collected",
    message="Use the template for the period being collected, or correct the period in the file.",
)
def period_matches(ctx):
    """The file states one period, written as the template writes it, and it is the period
    being validated."""
    wanted = ctx.expected_period or ctx.spec.period
    if not ctx.parsed.periods:
        yield Finding(
            f"The file does not say which period it is for. Enter {wanted} where the template asks for the period."
        )
    for stated in ctx.parsed.periods:
        try:
            period = str(parse_period(stated.value))
        except UnknownPeriod:
            period = None
        if period == wanted:
            continue
        loosely = read_period_loosely(stated.value) if period is None else None
        if loosely is not None and str(loosely) == wanted:
            text = (
                f"The period is written '{stated.value}'. Write it as {wanted} (the academic year, "
                "then the term), as the template does."
            )
        else:
            text = (
                f"The file says it is for '{stated.value}', but this return is for {wanted}. "
                f"Use the {wanted} template, or correct the period if the figures are for {wanted}."
            )
        yield Finding(text, stated.location, stated.value)
