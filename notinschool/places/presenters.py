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
