from notinschool.intake.report import ERROR
from notinschool.validation.rules.registry import Finding, rule


@rule(
    code="FILE-UNKNOWN-ITEM",
    severity=ERROR,
    title="Every row must be an item in this period's return",
    message="Delete rows that are not in the template, or correct their measure or category code.",
)
def items_known(ctx):
    """Every figure in the file names a measure and category this period asks for."""
    wanted = set(ctx.spec.item_keys())
    for (measure, category), entry in ctx.parsed.entries.items():
        if (measure, category) in wanted:
            continue
        known = ctx.spec.measure(measure)
        if not measure:
            text = "This row has no measure code."
        elif known is None:
            text = f"'{measure}' is not a measure in the {ctx.spec.period} return."
        elif known.breakdown is None:
            text = f"{known.label} ({measure}) has no categories, but this row gives '{category}'."
        elif category is None:
            text = f"{known.label} ({measure}) needs a category code on every row."
        else:
            codes = ", ".join(known.breakdown.category_codes())
            text = f"'{category}' is not a category of {known.label} ({measure}): use {codes}."
        yield Finding(
            text + " Correct the codes to match the template, or delete the row.",
            entry.location,
            entry.raw,
        )
