"""The comparison-groups form's boxes: one per LA, each with an id no other box has."""

import pytest

from notinschool.places.models import LocalAuthority
from notinschool.places.presenters import la_choices_by_region

pytestmark = pytest.mark.django_db


def test_every_box_has_its_own_id_across_regions(demo):
    las = LocalAuthority.objects.filter(status="current").select_related("region")
    south_east = LocalAuthority.objects.get(old_code="886").region_id
    regions = la_choices_by_region(las, chosen={"822"}, home_region_id=south_east, field_id="id_local_authorities")
    ids = [item["id"] for region in regions for item in region["items"]]
    prefixes = [region["id_prefix"] for region in regions]
    assert len(ids) == len(set(ids)) == las.count()
    assert len(set(prefixes)) == len(prefixes) and not set(prefixes[1:]) & set(ids)
    # The error summary's link lands on the first box shown; Bedford's box is Bedford's.
    assert regions[0]["items"][0]["id"] == "id_local_authorities"
    bedford = next(item for region in regions for item in region["items"] if item["value"] == "822")
    assert bedford["id"] == "id_local_authorities-822" and bedford["checked"]
