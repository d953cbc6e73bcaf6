"""What other apps read about places, as plain values: LAs, members, neighbours and groups."""

import pytest
from django.contrib.auth.models import AnonymousUser

from notinschool.accounts.models import User
from notinschool.places import selectors
from notinschool.places.models import Network
from notinschool.places.selectors import la_by_code
from notinschool.places.services import comparison_group_create

pytestmark = pytest.mark.django_db


def test_places_are_found_by_any_code_and_named_in_order(demo):
    found = selectors.places_by_codes(["E10000016", "936", "E10000002", "nonsense"])
    assert [p.code for p in found] == ["825", "886", "936"]  # Buckinghamshire by its earlier code
    assert found[1] == selectors.Place("886", "Kent", "E10000016", "E12000008")
    assert selectors.places_by_codes([]) == []
    assert set(selectors.places_by_old_codes(["886", "E10000016"])) == {"886"}


def test_a_networks_members_and_one_member_by_any_code(demo):
    network = Network.objects.get(slug="south-east")
    members = selectors.network_places(network.id)
    assert len(members) == 19 and members == sorted(members, key=lambda p: p.name)
    assert selectors.place_in_network(network.id, "E10000016").code == "886"
    assert selectors.place_in_network(network.id, "800") is None  # Bath is in the South West


def test_statistical_neighbours_closest_first(demo):
    found = selectors.neighbour_codes(["886", "999"])
    assert found["886"][:2] == ["881", "845"] and len(found["886"]) == 10
    assert found["999"] == []


def test_groups_a_person_may_choose(demo):
    network = Network.objects.get(slug="south-east")
    owner = User.objects.get(email="viewer@surrey.example")
    other = User.objects.get(email="contributor@kent.example")
    mine = comparison_group_create(owner=owner, name="Mine", local_authorities=[])
    shared = comparison_group_create(
        owner=other, name="Shared", local_authorities=[la_by_code("936"), la_by_code("886")], network=network
    )
    comparison_group_create(owner=other, name="Private", local_authorities=[la_by_code("886")])
    groups = selectors.comparison_groups_for(owner, network.id)
    assert groups == [selectors.GroupRef(mine.id, "Mine", ()), selectors.GroupRef(shared.id, "Shared", ("886", "936"))]
    assert selectors.comparison_group(owner, network.id, str(shared.id)).la_codes == ("886", "936")
    assert selectors.comparison_group(owner, network.id, "nonsense") is None
    private = selectors.comparison_groups_for(other, network.id)[0]
    assert private.name == "Private"  # its owner's, with the shared one
    assert selectors.comparison_group(owner, network.id, str(private.id)) is None  # another person's own
    assert selectors.comparison_group(owner, network.id, "9" * 30) is None  # larger than any id
    assert selectors.comparison_group(owner, network.id, "²") is None  # a digit, not a number
    assert selectors.comparison_group(owner, network.id, str(mine.id)).name == "Mine"
    assert [g.name for g in selectors.comparison_groups_for(AnonymousUser(), network.id)] == ["Shared"]


def test_an_la_in_a_network_and_one_outside(demo):
    south_east, south_west = Network.objects.get(slug="south-east"), Network.objects.get(slug="south-west")
    kent = la_by_code("886")
    assert selectors.la_in_network(south_east.id, kent.id) is True
    assert selectors.la_in_network(south_west.id, kent.id) is False
    assert selectors.la_in_network(south_east.id, la_by_code("800").id) is False
