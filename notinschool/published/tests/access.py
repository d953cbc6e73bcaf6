"""Who may open the published-figures pages (read by tests/test_url_access.py)."""

import hashlib

from notinschool.published.demo import EHE_CENSUS_2022_23
from tests.access_cases import SIGNED_IN, only, signed_in_only

DEMO_RELEASE_HASH = hashlib.sha256(EHE_CENSUS_2022_23.read_bytes()).hexdigest()
IMPORTERS = {"admin@notinschool.example", "coordinator@south-east.example", "coordinator@south-west.example"}


def prepare() -> None:
    """The release page needs the demo release (importing it again is a no-op)."""
    from notinschool.published import demo

    demo.load()


EXPECTED = {
    "published:releases": ({}, signed_in_only()),
    "published:upload": ({}, only(IMPORTERS)),
    "published:release": ({"content_hash": DEMO_RELEASE_HASH}, signed_in_only()),
    "published:reconciliation": (
        {"network": "south-east", "period": "2022-23-autumn"},
        only(set(SIGNED_IN) - {"coordinator@south-west.example"}),
    ),
}
