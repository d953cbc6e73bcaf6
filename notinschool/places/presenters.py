"""Display values for places."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.html import format_html

from notinschool.places.models import LocalAuthority


def region_label(la: LocalAuthority) -> str:
    """The region as DfE names it, with Inner or Outer London where it applies."""
    if la.sub_region_id:
        return f"{la.region.name} ({la.sub_region.name})"
    return la.region.name


def la_table_rows(las: Iterable[LocalAuthority]) -> list[list[dict]]:
    """Rows for the GOV.UK table of LAs: name (linked), old code, new code, region."""
    return [
        [
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("places:local-authority", args=[la.old_code]),
                    la.name,
                )
            },
            {"text": la.old_code},
            {"text": la.new_code},
            {"text": region_label(la)},
        ]
        for la in las
    ]


def la_choices_by_region(
    las: Iterable[LocalAuthority], *, chosen: set[str], home_region_id: int | None, field_id: str
) -> list[dict]:
    """Checkbox items for choosing LAs, one group per region: the person's own region first and
    open, then the others in name order, open when they hold a chosen LA. The first group's
    first box carries `field_id`, so an error summary's link lands on a box that is shown."""
    regions: dict[int, dict] = {}
    for la in las:
        group = regions.setdefault(la.region_id, {"region": la.region.name, "items": [], "chosen": 0})
        checked = la.old_code in chosen
        group["chosen"] += checked
        # Each box's id names its LA: ids numbered within a region collided across regions.
        item = {"value": la.old_code, "text": f"{la.name} ({la.old_code})", "checked": checked}
        group["items"].append(item | {"id": f"{field_id}-{la.old_code}"})
    ordered = sorted(regions.items(), key=lambda pair: (pair[0] != home_region_id, pair[1]["region"]))
    groups = []
    for index, (_, group) in enumerate(ordered):
        group["open"] = index == 0 or group["chosen"] > 0
        group["id_prefix"] = field_id if index == 0 else f"{field_id}-region-{index}"
        if index == 0 and group["items"]:
            group["items"][0]["id"] = field_id
        count = len(group["items"])
        group["summary"] = f"{group['region']}: {count} local authorities" + (
            f", {group['chosen']} chosen" if group["chosen"] else ""
        )
        groups.append(group)
    return groups
