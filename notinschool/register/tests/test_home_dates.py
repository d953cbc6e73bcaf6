"""The register's home says at which date each figure is counted: today for the open cases,
the census date for each return."""

import datetime

import pytest

from notinschool.core.presenters import long_date
from notinschool.places.models import Network
from notinschool.returns import services as returns


@pytest.mark.django_db
def test_home_names_today_and_each_returns_census_date(officer_client, child, kent):
    network = Network.objects.create(name="Test network", slug="test-network")
    network.local_authorities.add(kent)
    returns.collection_open(
        network=network,
        period="2025-26-autumn",
        census_date=datetime.date(2025, 10, 2),
        due_date=datetime.date(2025, 10, 31),
    )
    html = officer_client.get("/register/").content.decode()
    today = long_date(datetime.date.today())
    assert f"These are counted today, {today}" in html
    assert f"on {today})" in html  # beside each open-case count
    assert "(for autumn term 2025 to 2026, 2 October 2025)" in html
    assert "counted at its census date, 2 October 2025" in html
    assert "Open cases: EHE" in html or "Open cases: elective" in html
