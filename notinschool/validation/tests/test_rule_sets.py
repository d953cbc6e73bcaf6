import csv
import io
import os
from itertools import pairwise
from pathlib import Path

import pytest

from notinschool.intake.report import ERROR, QUERY
from notinschool.periods.specs import all_periods, load_spec
from notinschool.validation.rules import rule_set, rule_sets, rules_csv
from notinschool.validation.rules.registry import inherit, rule


def test_each_year_inherits_the_previous_with_explicit_deletions():
    sets = rule_sets()
    assert list(sets) == ["2022-23", "2023-24", "2024-25", "2025-26", "2026-27"]
    names = list(sets)
    for earlier, later in pairwise(names):
        before, after = set(sets[earlier].codes()), set(sets[later].codes())
        assert after == (before - set(sets[later].deleted)) | set(sets[later].added)
    assert "EHE-REASON-COVID" in sets["2023-24"].codes()
    assert "EHE-REASON-COVID" not in sets["2024-25"].codes()
    assert sets["2024-25"].deleted == ("EHE-REASON-COVID",)
    assert "S19-SUM-TYPE" in sets["2025-26"].added


def test_every_period_names_a_rule_set():
    for period in all_periods():
        assert rule_set(load_spec(period).rule_set).rules


def every_rule() -> dict:
    return {r.code: r for s in rule_sets().values() for r in s.rules}


def test_every_rule_is_well_formed_and_named_in_another_test_file():
    here = Path(__file__)
    test_text = "".join(p.read_text() for p in here.parent.glob("test_*.py") if p.name != here.name)
    for code, declared in every_rule().items():
        assert declared.severity in (ERROR, QUERY)
        assert declared.message and declared.title
        assert declared.check.__doc__, f"{code} needs a docstring"
        if declared.severity == QUERY:
            assert declared.explanation
        assert f'"{code}"' in test_text, f"{code} has no test"


def test_every_rule_fires_in_a_test_that_names_it():
    """Run last (see conftest.py): each rule must have produced an issue in a test whose code or
    parameters name it. Skipped when only some of this folder's tests ran in this process, except
    in CI, where the whole suite runs and a skip would hide that the check never ran."""
    from notinschool.validation.tests.conftest import FIRED_WHERE_NAMED, PARTIAL_RUN, tests_that_ran_elsewhere

    elsewhere = tests_that_ran_elsewhere()
    reasons = [*PARTIAL_RUN] + ([f"{len(elsewhere)} of them ran in another process"] if elsewhere else [])
    if reasons:
        message = "needs every validation test to run in this process: " + "; ".join(reasons)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    never = sorted(set(every_rule()) - FIRED_WHERE_NAMED)
    assert not never, f"no test that names these rules makes them fire: {never}"


def test_rule_declaration_guards():
    with pytest.raises(ValueError, match="acceptable explanation"):
        rule(code="X-1", severity=QUERY, title="t", message="m")
    with pytest.raises(ValueError, match="severity"):
        rule(code="X-1", severity="warning", title="t", message="m")
    with pytest.raises(ValueError, match="declared twice"):
        rule(code="EHE-SUM-SEX", severity=ERROR, title="t", message="m")(lambda ctx: [])
    with pytest.raises(ValueError, match="never inherited"):
        inherit(rule_sets()["2022-23"], "x", package="notinschool.validation.rules.y2026_27", deleted=["NO-SUCH-RULE"])
    with pytest.raises(LookupError):
        rule_set("1999-00")


def test_downloadable_rule_list_per_period():
    rows = list(csv.DictReader(io.StringIO(rules_csv("2025-26-autumn").decode("utf-8-sig"))))
    assert len(rows) == len(rule_set("2025-26").rules)
    by_code = {row["rule"]: row for row in rows}
    assert by_code["EHE-SUM-SEX"]["severity"] == "error"
    assert by_code["EHE-SUM-SEX"]["since"] == "2022-23"
    assert by_code["TOTAL-CHANGE"]["an acceptable explanation says"]
    assert by_code["S19-SUM-TYPE"]["since"] == "2025-26"
    older = rules_csv("2022-23-autumn").decode("utf-8-sig")
    assert "EHE-REASON-COVID" in older and "S19-SUM-TYPE" not in older


def test_the_rule_list_neutralises_text_a_spreadsheet_would_run(monkeypatch):
    from notinschool.validation.rules.registry import Rule
    from notinschool.validation.tests.rule_helpers import with_extra_rule

    odd = Rule("TEST-ODD", QUERY, "=HYPERLINK(1)", "+1 child", "-counted", lambda ctx: [], __name__)
    with_extra_rule(monkeypatch, odd)
    rows = list(csv.DictReader(io.StringIO(rules_csv("2025-26-autumn").decode("utf-8-sig"))))
    row = next(r for r in rows if r["rule"] == "TEST-ODD")
    assert row["title"] == "'=HYPERLINK(1)" and row["what to fix"] == "'+1 child"
    assert row["an acceptable explanation says"] == "'-counted"
    assert row["period"] == "2025-26-autumn" and row["since"] == "2025-26"
