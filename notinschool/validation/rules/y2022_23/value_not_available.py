from notinschool.intake.report import QUERY
from notinschool.validation.rules.registry import Finding, rule
from notinschool.validation.values import MISSING


@rule(
    code="VALUE-NOT-AVAILABLE",
    severity=QUERY,
    title="Regional items left blank",
    message="Fill in the regional items if you can; if not, say why.",
    explanation=(
        "Say why the figures are not available (for example, 'we do not yet record s19 "
        "referrals by term') and from which term you expect to provide them."
    ),
)
def regional_items_blank(ctx):
    """A regional (optional) measure left wholly blank: once per part when the whole part is
    blank, otherwise once per measure. A measure that the spec lets stay blank when a count is
    0 (the median days to s19 provision when none started) is blank for a reason then."""
    for part in ctx.spec.parts:
        optional = [m for m in ctx.spec.measures_in(part.code) if not m.required]
        blank = [m for m in optional if _wholly_blank(ctx, m)]
        if not blank:
            continue
        if len(blank) == len(ctx.spec.measures_in(part.code)):
            yield Finding(
                f"The {part.label} part is blank. Fill it in if you can; if you cannot, explain why.",
                _first_location(ctx, blank[0]),
            )
            continue
        for measure in blank:
            if measure.blank_allowed_when_zero is None:
                yield Finding(
                    f"{measure.label} is blank. Fill it in if you can; if you cannot, explain why.",
                    _first_location(ctx, measure),
                )
                continue
            count = ctx.value(measure.blank_allowed_when_zero)
            if count == 0:
                continue  # blank is the right answer
            reason = ctx.label(measure.blank_allowed_when_zero)
            where = ctx.location(measure.blank_allowed_when_zero)
            said = f" ({where.describe()})" if where and where.describe() else ""
            if count is None:
                because = f"{reason}{said} is not given as a number either, so it cannot tell whether it should be."
            else:
                because = f"{reason}{said} is {count:,}, so it should have a value."
            yield Finding(
                f"{measure.label} is blank, but {because} Fill it in if you can; if you cannot, explain why.",
                _first_location(ctx, measure),
                related=tuple(loc for loc in (where,) if loc),
            )


def _wholly_blank(ctx, measure) -> bool:
    entries = [ctx.parsed.entries.get(key) for key in measure.item_keys()]
    return all(e is None or (e.value is MISSING and e.problem is None) for e in entries)


def _first_location(ctx, measure):
    entry = ctx.parsed.entries.get(measure.item_keys()[0])
    return entry.location if entry else None
