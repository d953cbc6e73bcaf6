from notinschool.core.text import in_sentence
from notinschool.intake.report import ERROR
from notinschool.validation.rules.registry import Finding, rule


@rule(
    code="VALUE-SHOULD-BE-BLANK",
    severity=ERROR,
    title="A figure that has nothing to describe is left blank",
    message=(
        "Leave the median working days to s19 provision blank when no provision started, or "
        "correct the number of children whose provision started."
    ),
)
def blank_when_nothing_to_describe(ctx):
    """A figure the spec says is blank when a count is 0 (a median of no waits) must not have
    a value when that count is 0: one of the two figures is wrong."""
    for measure in ctx.spec.measures:
        if measure.blank_allowed_when_zero is None:
            continue
        count_code = measure.blank_allowed_when_zero
        value = ctx.value(measure.code)
        if value is None or ctx.value(count_code) != 0:
            continue
        count_location = ctx.location(count_code)
        yield Finding(
            f"{measure.label} is {value:,}, but {ctx.label(count_code)} is 0. Leave {in_sentence(measure.label)} "
            f"blank when there were none, or correct {in_sentence(ctx.label(count_code))}.",
            ctx.location(measure.code),
            str(value),
            tuple(loc for loc in (count_location,) if loc),
        )
