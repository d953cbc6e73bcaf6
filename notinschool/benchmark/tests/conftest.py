"""Fixtures for the dashboard's tests: a network with approved returns and populations."""

import pytest

from notinschool.benchmark.tests.factories import open_collection, store_returns
from tests.access_cases import sign_in

# Periods the demo leaves empty, so these tests control every figure.
PERIODS = ["2022-23-summer", "2023-24-autumn", "2023-24-spring", "2023-24-summer"]


@pytest.fixture
def south_east(demo):
    """The demo's South East network with populations, collections and approved returns for four
    terms; Slough (871) has no return in 2023-24 summer and Kent's (886) is provisional then."""
    from notinschool.benchmark.demo import load as load_population
    from notinschool.places.models import Network, PopulationEstimate

    load_population()
    network = Network.objects.get(slug="south-east")
    las = list(network.local_authorities.all())
    for period in PERIODS:
        open_collection(network, period, provisional="mark")
    children = dict(
        PopulationEstimate.objects.filter(mid_year=2022).values_list("local_authority__old_code", "age_5_to_16")
    )

    def scale(la):  # about one child in a hundred, as in life
        return max(40, children.get(la.old_code, 40_000) // 80)

    store_returns(periods=PERIODS[:-1], local_authorities=las, scale=scale)
    current = [la for la in las if la.old_code not in {"871", "886"}]
    store_returns(periods=PERIODS[-1:], local_authorities=current, scale=scale)
    kent = [la for la in las if la.old_code == "886"]
    store_returns(periods=PERIODS[-1:], local_authorities=kent, approved=False, scale=scale)
    return network


@pytest.fixture
def viewer(client, south_east):
    """A test client signed in as the demo's network viewer (Surrey), over `south_east`."""
    sign_in(client, "viewer@surrey.example")
    return client
