"""A page made after a change, served as in production (autocommit, so each process keeps the
figures of the versions it has read, ADR 0624): it shows the new version's figures, never those
kept from the version before."""

import pytest
from django.core.cache import cache

from notinschool.benchmark.tests.factories import new_version_for_slough
from tests.access_cases import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
PERIOD = "2023-24-summer"
CSV = f"/dashboard/south-east/{PERIOD}/ehe_total/table.csv"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _new_version_for_slough(seed: int) -> int:
    """A new version of Slough's return; its total of children in elective home education."""
    version = new_version_for_slough(PERIOD, seed)
    return version.figures.get(measure="ehe_total", category="").value


def _slough_line(client) -> str | None:
    lines = client.get(CSV).content.decode("utf-8-sig").splitlines()
    return next((line for line in lines if line.startswith("Slough,")), None)


def test_each_new_version_shows_on_the_next_page_made(client, south_east):
    sign_in(client, "viewer@surrey.example")
    assert _slough_line(client).split(",")[:3] == ["Slough", "871", ""]  # no return yet: no figure
    totals = []
    for seed in (5, 6, 7):
        total = _new_version_for_slough(seed)
        line = _slough_line(client)
        assert line is not None and line.split(",")[:3] == ["Slough", "871", str(total)], (seed, total, line)
        assert _slough_line(client) == line  # seen again: the same
        totals.append(total)
    assert len(set(totals)) == 3  # each version's total differs from the one before
