from notinschool.intake.report import ERROR
from notinschool.validation.rules.registry import Finding, rule
from notinschool.validation.values import MISSING


@rule(
    code="VALUE-MISSING",
    severity=ERROR,
    title="Every required figure is filled in",
    message="Enter the number, or 0 if there were none: a blank is not the same as 0.",
)
def required_figures_present(ctx):
    """Blank or absent figures. DfE items are required; a regional item may be left wholly
    blank (VALUE-NOT-AVAILABLE asks why), but not partly filled."""
    for measure in ctx.spec.measures:
        blanks = []
        for key in measure.item_keys():
            entry = ctx.parsed.entries.get(key)
            if entry is None or (entry.value is MISSING and entry.problem is None):
                blanks.append((key, entry))
        if not blanks or (not measure.required and len(blanks) == len(measure.item_keys())):
            continue
        for key, entry in blanks:
            if entry is None:
                yield Finding(
                    f"The row for {ctx.label(*key)} is missing from the file. Put it back (the "
                    "template has every row) and enter the number, or 0 if there were none."
                )
            else:
                yield Finding(
                    f"{ctx.label(*key)} is blank. Enter the number, or 0 if there were none: a "
                    "blank means 'not known', which is not the same as 0.",
                    entry.location,
                )
