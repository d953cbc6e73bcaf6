"""The demo's returns are shaped by DfE's published figures: whole, consistent, believable."""

from notinschool.periods.specs import load_spec
from notinschool.returns.demo_figures import shaped, split
from notinschool.validation.samples import example_figures

# Kent (886) as DfE published it: autumn 2022/23 census and the 2024/25 academic year.
KENT_CENSUS = {
    ("ehe_total", None): (2_870, ""),
    ("ehe_by_sex", "female"): (1_480, ""),
    ("ehe_by_sex", "male"): (1_390, ""),
    ("ehe_by_sex", "unknown"): (None, "low"),
    ("ehe_by_year_group", "year_11"): (500, ""),
    ("ehe_by_year_group", "reception"): (None, "x"),
}
KENT_YEAR = {
    ("ehe_starts", None): (3_520, ""),
    ("ehe_starts_by_previous_school", "academy"): (2_100, ""),
    ("ehe_starts_by_previous_school", "la_maintained"): (630, ""),
    ("ehe_returns_to_school", None): (910, ""),
    ("ehe_left_other", None): (110, ""),
    ("ehe_s437_notices", None): (60, ""),
    ("ehe_sao_issued", None): (60, ""),
    ("ehe_sao_revoked", None): (0, ""),
}


def test_split_adds_up_exactly_in_proportion():
    assert split(10, {"a": 1, "b": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert split(7, {"a": 0, "b": 0}) == {"a": 0, "b": 7}
    assert sum(split(3_874, {"f": 1_480, "m": 1_390, "u": 2}).values()) == 3_874


def test_kent_demo_return_is_shaped_by_dfes_figures():
    example = example_figures(load_spec("2026-27-autumn"), seed=1, scale=5_000)
    figures = shaped(example, KENT_CENSUS, KENT_YEAR, growth=1.35)
    total = figures[("ehe_total", None)]
    assert total == round(2_870 * 1.35)
    sex = {key[1]: value for key, value in figures.items() if key[0] == "ehe_by_sex"}
    assert sum(sex.values()) == total and sex["unknown"] < 10  # never half of unknown sex
    for measure in ("ehe_by_year_group", "ehe_by_reason", "cme_by_sex", "cme_by_year_group", "cme_by_duration"):
        assert (
            sum(v for k, v in figures.items() if k[0] == measure)
            == figures[(measure.split("_by_")[0] + "_total", None)]
        )
    assert figures[("ehe_starts", None)] == round(3_520 * 1.35 / 3)
    starts = {key[1]: value for key, value in figures.items() if key[0] == "ehe_starts_by_previous_school"}
    assert sum(starts.values()) == figures[("ehe_starts", None)] and starts["academy"] > starts["la_maintained"]
    assert figures[("sao_in_force", None)] < 100 and figures[("sao_served", None)] < 50  # not thousands
    assert figures[("sao_revoked", None)] <= figures[("sao_served", None)] <= figures[("s437_notices_served", None)]
    assert 0 < figures[("cme_total", None)] < total
    assert all(isinstance(value, int) and value >= 0 for value in figures.values())


def test_an_la_dfe_published_nothing_for_keeps_the_example():
    example = example_figures(load_spec("2026-27-autumn"), seed=1, scale=400)
    reshaped = shaped(example, {}, {}, growth=1.0)
    assert reshaped[("ehe_total", None)] == example[("ehe_total", None)]
    assert [reshaped[key] for key in example if key[0] == "ehe_by_sex"] == [
        example[key] for key in example if key[0] == "ehe_by_sex"
    ]
