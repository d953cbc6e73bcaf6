"""The definitions page and the rules of each period, to read and to download."""

import csv
import io

import pytest

from notinschool.periods.specs import load_spec
from notinschool.returns.tests.test_pages import sign_in
from notinschool.validation.rules import rule_set
from notinschool.validation.tests.builders import specs_with_files

PERIOD = "2025-26-autumn"


@pytest.fixture
def reworded(monkeypatch):
    """The specs as if the 2024-25 spring file had reworded a definition and added a note."""
    spring = """
period = "2024-25-spring"
notes = ["Reasons not yet confirmed by DfE."]
[[change_definitions]]
measure = "cme_total"
definition = "Children of compulsory school age with no school place and no suitable education."
"""
    with specs_with_files(monkeypatch, {"2024-25-spring": spring}):
        yield


@pytest.mark.django_db
def test_definitions_show_each_measure_its_wording_changes_and_period_notes(client, demo, reworded):
    sign_in(client, "viewer@surrey.example")
    html = client.get("/definitions/").content.decode()
    assert "EHE children by sex" in html
    assert "The EHE children at the census date, by sex as the LA records it." in html
    assert "Spring term 2024 to 2025: Definition changed." in html
    assert "Before: “Children of compulsory school age not registered at a school" in html
    assert (
        "From Spring term 2024 to 2025: “Children of compulsory school age with no school place and no "
        "suitable education.”" in html
    )
    assert "Reasons not yet confirmed by DfE." in html
    assert "DfE&#39;s EHE and CME collection becomes mandatory." in html
    assert "in working days" in html  # the median is not a count of children


@pytest.mark.django_db
def test_definitions_link_every_periods_rules(client, demo):
    sign_in(client, "viewer@surrey.example")
    html = client.get("/definitions/").content.decode()
    for period in ("2022-23-autumn", PERIOD, "2026-27-summer"):
        assert f'href="/returns/rules/{period}.csv"' in html


@pytest.mark.django_db
def test_every_rule_of_a_period_downloads_as_csv(client, demo):
    sign_in(client, "contributor@surrey.example")
    response = client.get(f"/returns/rules/{PERIOD}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="rules-{PERIOD}.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["rule"] for row in rows} == set(rule_set(load_spec(PERIOD).rule_set).codes())
    assert client.get("/returns/rules/2030-31-autumn.csv").status_code == 404
    assert client.get("/returns/rules/autumn.csv").status_code == 404


@pytest.mark.django_db
def test_the_return_and_upload_pages_link_their_periods_rules(client, demo):
    from notinschool.returns.tests.factories import open_collection

    open_collection()
    sign_in(client, "contributor@kent.example")
    for page in ("", "upload/"):
        html = client.get(f"/returns/886/{PERIOD}/{page}").content.decode()
        assert f'href="/returns/rules/{PERIOD}.csv"' in html, page
