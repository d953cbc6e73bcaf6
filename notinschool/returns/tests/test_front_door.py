"""The dashboard's front door to returns: which version counts, as plain values."""

import dataclasses

import pytest

from notinschool.places.models import Network
from notinschool.returns import selectors, services
from notinschool.returns.models import Collection
from notinschool.returns.tests.factories import PERIOD, good_figures, open_collection, stored_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(demo):
    open_collection()
    return Network.objects.get(slug="south-east")


def _store(code: str, seed: int):
    return stored_version(code, seed).return_record


def _counted(network):
    return selectors.figures_that_count(network_id=network.id, periods=[PERIOD], measures=["ehe_total"]).get(PERIOD, {})


def test_the_approved_version_counts_and_a_new_draft_does_not_replace_it(network):
    kent = _store("886", seed=1)
    services.return_submit(record=kent)
    services.return_approve(record=kent)
    assert _counted(network)["886"].get("ehe_total") == good_figures(seed=1)[("ehe_total", None)]
    services.return_reopen(record=kent, reason="A late correction from the LA")
    _store("886", seed=2)  # a new current version, not approved
    counted = _counted(network)["886"]
    assert counted.get("ehe_total") == good_figures(seed=1)[("ehe_total", None)]
    assert counted.provisional is False


def test_a_version_not_approved_counts_only_when_the_collection_marks_it(network):
    _store("936", seed=3)
    assert "936" not in _counted(network)  # "hide": absent, never zero
    Collection.objects.filter(network=network, period=PERIOD).update(provisional_figures="mark")
    surrey = _counted(network)["936"]
    assert surrey.provisional is True and surrey.get("ehe_total") == good_figures(seed=3)[("ehe_total", None)]
    # Only the measures asked for are read, and the values are plain, frozen data.
    assert set(surrey.values) == {("ehe_total", None)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        surrey.provisional = False


def test_an_la_outside_the_network_never_counts_for_it(network):
    _store("886", seed=1)
    Collection.objects.filter(network=network, period=PERIOD).update(provisional_figures="mark")
    south_west = Network.objects.get(slug="south-west")
    assert "886" in _counted(network) and _counted(south_west) == {}


def test_collection_settings_and_periods_are_plain_values(network):
    settings = selectors.collection_settings(network_id=network.id, periods=[PERIOD, "2024-25-summer"])
    assert list(settings) == [PERIOD]
    assert settings[PERIOD].shows_provisional is False and settings[PERIOD].is_open
    assert selectors.periods_with_collections(network_id=network.id) == [PERIOD]


def test_only_the_las_asked_for_and_each_call_with_its_own_values(network):
    """The query is compiled once per shape (ADR 0619): calls of the same shape with other values
    (LAs, measures) read those values' figures, never the first call's."""
    kent, surrey = _store("886", seed=1), _store("936", seed=3)
    for record in (kent, surrey):
        services.return_submit(record=record)
        services.return_approve(record=record)

    def counted(codes, measure):
        found = selectors.figures_that_count(
            network_id=network.id, periods=[PERIOD], measures=[measure], la_codes=codes
        ).get(PERIOD, {})
        return {code: figures.get(measure) for code, figures in found.items()}

    assert counted(["886"], "ehe_total") == {"886": good_figures(seed=1)[("ehe_total", None)]}
    assert counted(["936"], "ehe_total") == {"936": good_figures(seed=3)[("ehe_total", None)]}
    assert counted(["936"], "cme_total") == {"936": good_figures(seed=3)[("cme_total", None)]}
    assert counted(["886", "936"], "cme_total") == {
        "886": good_figures(seed=1)[("cme_total", None)],
        "936": good_figures(seed=3)[("cme_total", None)],
    }
    assert counted(["886", "886"], "cme_total") == {"886": good_figures(seed=1)[("cme_total", None)]}
    assert counted([], "ehe_total") == {}
    assert counted(["999"], "ehe_total") == {}
