import re
import tomllib
from importlib import resources
from itertools import pairwise

import pytest

from notinschool.periods import parse_period, previous_period
from notinschool.periods.specs import UnknownPeriod, all_periods, load_spec, measure_history
from notinschool.validation.tests.builders import specs_with_files

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def test_every_term_from_autumn_2022_to_summer_2027_has_a_spec():
    periods = all_periods()
    assert periods[0] == "2022-23-autumn"
    assert periods[-1] == "2026-27-summer"
    assert len(periods) == 15
    for earlier, later in pairwise(periods):
        assert previous_period(later) == earlier


@pytest.mark.parametrize("text", ["2025-26-winter", "2025-27-autumn", "autumn 2025", "", "2021-22-autumn"])
def test_unknown_periods_are_refused_plainly(text):
    with pytest.raises(UnknownPeriod, match=r"2025-26-autumn|2022-23-autumn"):
        load_spec(text)


def test_period_ordering_and_parsing():
    assert parse_period(" 2025-26-Autumn ") < parse_period("2025-26-spring")
    assert str(parse_period("2025-26-autumn").previous()) == "2024-25-summer"
    assert str(parse_period("2025-26-summer").next()) == "2026-27-autumn"


def test_later_files_state_only_what_changed():
    data = resources.files("notinschool.periods.specs.data")
    first = tomllib.loads(data.joinpath("2022-23-autumn.toml").read_text())
    spring = tomllib.loads(data.joinpath("2022-23-spring.toml").read_text())
    assert len(first["add_measures"]) >= 10
    assert set(spring) <= {"period", "notes"}
    assert load_spec("2022-23-spring").measures == load_spec("2022-23-autumn").measures


def test_autumn_2025_adds_the_new_reasons_and_s19():
    before, after = load_spec("2024-25-summer"), load_spec("2025-26-autumn")
    ehe_before = before.measure("ehe_by_reason").breakdown.category_codes()
    ehe_after = after.measure("ehe_by_reason").breakdown.category_codes()
    assert len(ehe_before) == 17 and len(ehe_after) == 19
    assert {"offered_place_not_accepted", "did_not_apply"} == set(ehe_after) - set(ehe_before)
    assert ehe_after[-1] == "unknown"  # new categories go before the catch-alls
    assert len(after.measure("cme_by_reason").breakdown.categories) == 20
    assert not before.has_measure("s19_total") and after.has_measure("s19_total")
    assert after.rule_set == "2025-26"
    assert any("s19" in change for change in after.changes)


def test_cme_duration_and_reason_start_in_autumn_2023():
    assert not load_spec("2022-23-summer").has_measure("cme_by_duration")
    assert load_spec("2023-24-autumn").has_measure("cme_by_duration")
    assert load_spec("2023-24-autumn").has_measure("cme_by_reason")


@pytest.mark.parametrize("period", all_periods())
def test_each_spec_is_coherent(period):
    spec = load_spec(period)
    parts = {p.code for p in spec.parts}
    for measure in spec.measures:
        assert SNAKE.match(measure.code), measure.code
        assert measure.part in parts
        assert measure.source in ("DfE", "regional")
        assert measure.kind in ("stock", "flow")
        assert measure.definition and measure.label
        if measure.sums_to:
            total = spec.measure(measure.sums_to)
            assert total is not None and total.breakdown is None
        if measure.breakdown:
            assert all(SNAKE.match(c.code) for c in measure.breakdown.categories)
    assert len(spec.item_keys()) == len(set(spec.item_keys()))
    regional = {m.code for m in spec.measures if m.source == "regional"}
    assert all(not spec.measure(code).required for code in regional)


def test_regional_items_are_marked_as_such():
    spec = load_spec("2025-26-autumn")
    assert spec.measure("ehe_total").source == "DfE"
    for code in ("s19_total", "sao_served", "ehe_returns_to_school"):
        assert spec.measure(code).source == "regional"


def test_measure_history_lists_every_measure_with_its_changes():
    history = {h.code: h for h in measure_history()}
    assert set(history) >= {m.code for m in load_spec("2026-27-summer").measures}
    reason = history["cme_by_reason"]
    assert reason.first_period == "2023-24-autumn"
    assert reason.last_period is None
    assert ("2025-26-autumn", reason.changes[-1][1]) == reason.changes[-1]
    assert "Challenging school attendance order" in reason.changes[-1][1]
    assert history["ehe_total"].changes == [("2022-23-autumn", "First collected.")]
    assert history["s19_total"].source == "regional"


def test_changes_can_remove_measures_and_categories_and_reword_definitions():
    from notinschool.periods.specs.loading import apply_changes

    base = load_spec("2023-24-autumn")
    changed = apply_changes(
        base,
        {
            "period": "2023-24-spring",
            "remove_measures": ["ehe_left_other"],
            "remove_categories": [{"breakdown": "cme_reason", "categories": ["other"]}],
            "change_definitions": [{"measure": "cme_total", "definition": "New  words."}],
        },
    )
    assert not changed.has_measure("ehe_left_other")
    assert "other" not in changed.measure("cme_by_reason").breakdown.category_codes()
    assert changed.measure("cme_total").definition == "New words."
    assert changed.rule_set == base.rule_set
    assert len(changed.changes) == 3


def test_history_records_measures_that_stop_and_definitions_that_change(monkeypatch):
    from notinschool.periods.specs import history

    spring = """
period = "2024-25-spring"
remove_measures = ["ehe_left_other"]
[[change_definitions]]
measure = "cme_total"
definition = "Reworded."
"""
    with specs_with_files(monkeypatch, {"2024-25-spring": spring}):
        found = {h.code: h for h in history.measure_history()}
    assert found["ehe_left_other"].last_period == "2024-25-autumn"
    assert ("2024-25-spring", "No longer collected.") in found["ehe_left_other"].changes
    assert ("2024-25-spring", "Definition changed.") in found["cme_total"].changes
    assert found["cme_total"].definition == "Reworded."
    assert load_spec("2024-25-spring").has_measure("ehe_left_other")  # caches restored


def test_a_spec_file_that_names_another_period_is_a_data_error(monkeypatch):
    from notinschool.periods.specs import loading

    wrong = {"2022-23-autumn": 'period = "2022-23-spring"'}
    with specs_with_files(monkeypatch, wrong), pytest.raises(loading.SpecDataError, match="says it is for"):
        loading.load_spec("2022-23-autumn")


def _measure(code: str, **extra) -> dict:
    return {"code": code, "part": "ehe", "kind": "stock", "label": code, "definition": "d", **extra}


@pytest.mark.parametrize(
    ("changes", "names"),
    [
        ({"remove_parts": ["sao"]}, ["remove_parts", "'sao'"]),
        ({"change_definitions": [{"measure": "ehe_pets", "definition": "d"}]}, ["change_definitions", "'ehe_pets'"]),
        ({"change_definitions": [{"measure": "cme_total"}]}, ["change_definitions", "'definition'"]),
        ({"add_categories": [{"breakdown": "pets", "categories": [["cat", "Cat"]]}]}, ["add_categories", "'pets'"]),
        ({"remove_categories": [{"breakdown": "sex", "categories": ["other"]}]}, ["remove_categories", "other"]),
        ({"add_measures": [_measure("ehe_by_pet", breakdown="pets")]}, ["add_measures ehe_by_pet", "'pets'"]),
        ({"add_measures": [_measure("ehe_x", sums_to="ehe_all")]}, ["ehe_x", "sums_to", "'ehe_all'"]),
        ({"add_measures": [_measure("ehe_x", within="ehe_by_sex")]}, ["ehe_x", "within", "breakdown"]),
        ({"add_measures": [_measure("ehe_x", sums_to="ehe_total")]}, ["ehe_x", "sums_to but no breakdown"]),
        ({"add_measures": [{"code": "ehe_x", "part": "ehe", "kind": "stock"}]}, ["add_measures ehe_x", "'label'"]),
        ({"add_parts": [{"code": "x", "label": "X", "source": "DfE"}]}, ["add_parts", "'description'"]),
        ({"remove_measures": ["ehe_total"]}, ["ehe_by_sex", "sums_to", "'ehe_total'"]),
    ],
)
def test_bad_spec_data_names_the_file_and_the_key(changes, names):
    from notinschool.periods.specs.loading import SpecDataError, apply_changes

    with pytest.raises(SpecDataError) as raised:
        apply_changes(load_spec("2023-24-autumn"), {"period": "2023-24-spring", **changes})
    message = str(raised.value)
    assert message.startswith("2023-24-spring.toml: ")
    for name in names:
        assert name in message


def test_only_the_median_may_be_blank_for_a_reason_and_its_reason_is_a_count():
    spec = load_spec("2025-26-autumn")
    excused = {m.code: m.blank_allowed_when_zero for m in spec.measures if m.blank_allowed_when_zero}
    assert excused == {"s19_median_days_to_provision": "s19_provision_started"}
    assert spec.measure("s19_provision_started").breakdown is None


def test_history_shows_the_old_and_the_new_wording_and_the_period_notes(monkeypatch):
    from notinschool.periods.specs import history

    spring = """
period = "2024-25-spring"
notes = ["Reasons not yet confirmed by DfE."]
[[change_definitions]]
measure = "cme_total"
definition = "Reworded."
"""
    before = load_spec("2024-25-autumn").measure("cme_total").definition
    with specs_with_files(monkeypatch, {"2024-25-spring": spring}):
        found = {h.code: h for h in history.measure_history()}
        periods = {p.period: p for p in history.period_history()}
    (change,) = found["cme_total"].definition_changes
    assert (change.period, change.before, change.after) == ("2024-25-spring", before, "Reworded.")
    assert found["cme_total"].rewording_in("2024-25-spring") == change
    assert found["cme_total"].rewording_in("2024-25-summer") is None
    assert periods["2024-25-spring"].notes == ("Reasons not yet confirmed by DfE.",)
    assert periods["2024-25-spring"].changes == ("Definition changed: cme_total.",)
    assert "DfE's EHE and CME collection becomes mandatory." in periods["2024-25-autumn"].notes
