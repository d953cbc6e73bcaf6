"""Published figures reach the dashboard labelled and unpooled (the published app monkeypatched)."""

from types import SimpleNamespace

import pytest

from notinschool.benchmark import published_source
from tests.access_cases import sign_in

pytestmark = pytest.mark.django_db


class FakePublished:
    """Stands in for notinschool.published.selectors."""

    def published_figures(self, *, measure, period, category=None, level=None):
        if level == "local_authority":
            return [SimpleNamespace(place_code="800", local_authority=None, value=None, symbol="low",
                                    rate_per_100=None, rounding_base=10)]  # fmt: skip
        return []

    def england_figure(self, measure, period, category=None):
        return SimpleNamespace(value=98_700, symbol="", rate_per_100=1.234, rounding_base=100)


def test_england_and_outside_las_come_from_published_files(client, south_east, monkeypatch):
    monkeypatch.setattr(published_source, "_selectors", lambda: FakePublished())
    sign_in(client, "viewer@surrey.example")
    response = client.get("/dashboard/south-east/2023-24-summer/ehe_total/table.csv?las=800,886")
    text = response.content.decode("utf-8-sig")
    assert 'England,,98700,,1.2,,,,,,"published by DfE, rounded"' in text
    bath = next(line for line in text.splitlines() if line.startswith("Bath"))
    assert ",low," in bath and "Published by DfE" in bath and ",0," not in bath
