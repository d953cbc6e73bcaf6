from notinschool.intake.report import QUERY
from notinschool.validation.rules.registry import Finding, rule
from notinschool.validation.values import MISSING


@rule(
    code="VALUE-ABOVE-POPULATION",
    severity=QUERY,
    title="Counts of children are within the LA's population",
    message="Check the figure: it is more than the number of children aged 5 to 16 living in the LA.",
    explanation="Say why this count is larger than the LA's population of children aged 5 to 16.",
)
def counts_within_population(ctx):
    """A count of children larger than the LA's whole population aged 5 to 16 (ONS's latest
    estimate) is almost certainly wrong; it is a query rather than an error because the
    estimate is itself an estimate. Needs the population, which the service passes in."""
    if not ctx.population:
        return
    for key in ctx.spec.item_keys():
        measure = ctx.spec.measure(key[0])
        entry = ctx.parsed.entries.get(key)
        if measure is None or measure.unit != "children" or entry is None or entry.value is MISSING:
            continue
        if entry.value > ctx.population:
            yield Finding(
                f"{ctx.label(*key)} is {entry.value:,}, more than the {ctx.population:,} children aged 5 to 16 "
                "living in the LA. Check the figure.",
                entry.location,
                str(entry.value),
            )
