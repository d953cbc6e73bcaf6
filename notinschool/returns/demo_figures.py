"""Believable demo returns: an LA's figures shaped by what DfE published for it.

The demo's figures start from `validation.samples.example_figures` (every item of the term's
specification, consistent) and are then reshaped from DfE's published figures for the LA:

- EHE at the census date: DfE's 2022/23 autumn count for the LA, grown term by term, split by
  sex, year group and reason in the proportions DfE published for the LA (`low` counts as 2,
  other symbols as nothing), so no LA has half its children of unknown sex;
- EHE starts (and by previous school), returns to school, leavers, s437 notices and school
  attendance orders: a third of DfE's 2024/25 academic-year figure for the LA each term, so no
  LA has SAOs in the thousands;
- CME: about a quarter of the EHE count (DfE's England figures for autumn 2025/26: 34,700 CME,
  126,000 EHE), split in England's published proportions.

Every breakdown is split with the largest-remainder method so it adds up to its total exactly.
No database: the caller passes DfE's figures as plain values.
"""

from collections.abc import Mapping

Key = tuple[str, str | None]
Published = Mapping[Key, tuple[int | None, str]]  # (value, symbol) as DfE published them

LOW_WEIGHT = 2  # DfE's "low" is 1 to 4
CME_PER_EHE = 34_700 / 126_000  # England, autumn 2025/26, DfE's CME and EHE census releases
# England's CME counts, autumn 2025/26 (DfE, "Children missing education" census release).
CME_ENGLAND = {
    ("cme_by_sex", "female"): 15_700,
    ("cme_by_sex", "male"): 18_500,
    ("cme_by_sex", "unknown"): 400,
    ("cme_by_duration", "less_than_2_weeks"): 4_900,
    ("cme_by_duration", "weeks_2_to_4"): 5_800,
    ("cme_by_duration", "weeks_4_to_8"): 3_400,
    ("cme_by_duration", "weeks_8_to_12"): 3_200,
    ("cme_by_duration", "weeks_12_to_26"): 5_000,
    ("cme_by_duration", "weeks_26_to_52"): 4_000,
    ("cme_by_duration", "over_52_weeks"): 5_600,
    ("cme_by_duration", "unknown"): 2_700,
    ("cme_by_year_group", "reception"): 700,
    ("cme_by_year_group", "year_1"): 2_500,
    ("cme_by_year_group", "year_2"): 2_100,
    ("cme_by_year_group", "year_3"): 2_200,
    ("cme_by_year_group", "year_4"): 2_200,
    ("cme_by_year_group", "year_5"): 2_200,
    ("cme_by_year_group", "year_6"): 2_300,
    ("cme_by_year_group", "year_7"): 3_700,
    ("cme_by_year_group", "year_8"): 3_600,
    ("cme_by_year_group", "year_9"): 4_000,
    ("cme_by_year_group", "year_10"): 4_500,
    ("cme_by_year_group", "year_11"): 4_300,
    ("cme_by_year_group", "unknown"): 400,
}
EHE_BREAKDOWNS = ("ehe_by_sex", "ehe_by_year_group", "ehe_by_reason")
CME_BREAKDOWNS = ("cme_by_sex", "cme_by_year_group", "cme_by_duration", "cme_by_reason")
# Per term: a third of the academic year's figure (return measure ← DfE's academic-year measure).
TERMLY_SHARE = {
    "ehe_starts": "ehe_starts",
    "ehe_returns_to_school": "ehe_returns_to_school",
    "ehe_left_other": "ehe_left_other",
    "s437_notices_served": "ehe_s437_notices",
    "sao_served": "ehe_sao_issued",
    "sao_revoked": "ehe_sao_revoked",
}


def split(total: int, weights: Mapping[Key, float]) -> dict[Key, int]:
    """`total` split in proportion to `weights` into whole numbers adding up to it exactly
    (largest remainder; ties go to the first key). All weights 0: the total goes to the last key."""
    keys = list(weights)
    whole = sum(weights.values())
    if not keys:
        return {}
    if whole <= 0:
        return {key: (total if key == keys[-1] else 0) for key in keys}
    shares = {key: total * weights[key] / whole for key in keys}
    result = {key: int(share) for key, share in shares.items()}
    left = total - sum(result.values())
    for key in sorted(keys, key=lambda k: (-(shares[k] - result[k]), keys.index(k)))[:left]:
        result[key] += 1
    return result


def _weight(found: tuple[int | None, str] | None) -> float:
    if found is None:
        return 0
    value, symbol = found
    return value if value is not None else (LOW_WEIGHT if symbol == "low" else 0)


def _items(figures: Mapping[Key, int], measure: str) -> list[Key]:
    return [key for key in figures if key[0] == measure and key[1] is not None]


def _resplit(figures: dict[Key, int], measure: str, total: int, weights: Mapping[Key, float]) -> None:
    items = _items(figures, measure)
    if items:
        figures.update(split(total, {key: weights.get(key, 0) for key in items}))


def shaped(figures: Mapping[Key, int], census: Published, year: Published, growth: float) -> dict[Key, int]:
    """The example figures reshaped from DfE's published ones (see the module's docstring).
    `census`: the LA's EHE census figures; `year`: its academic-year figures; `growth`: how much
    bigger this term is than the census DfE published (1.0 for the same size)."""
    result = dict(figures)
    total = census.get(("ehe_total", None))
    if total is not None and total[0]:
        ehe = round(total[0] * growth)
        result[("ehe_total", None)] = ehe
        for measure in EHE_BREAKDOWNS:
            _resplit(result, measure, ehe, {key: _weight(census.get(key)) for key in _items(result, measure)})
        cme = max(1, round(ehe * CME_PER_EHE))
        result[("cme_total", None)] = cme
        for measure in CME_BREAKDOWNS:
            weights = {key: CME_ENGLAND.get(key, 0) for key in _items(result, measure)}
            if not any(weights.values()):  # reasons: England's are not shipped; keep the example's shape
                weights = {key: result[key] for key in _items(result, measure)}
            _resplit(result, measure, cme, weights)
    for measure, published_measure in TERMLY_SHARE.items():
        found = year.get((published_measure, None))
        if (measure, None) in result and found is not None and found[0] is not None:
            result[(measure, None)] = round(found[0] * growth / 3)
    if ("ehe_starts", None) in result:
        starts = result[("ehe_starts", None)]
        weights = {key: _weight(year.get(key)) for key in _items(result, "ehe_starts_by_previous_school")}
        _resplit(result, "ehe_starts_by_previous_school", starts, weights)
    if ("ehe_returns_to_school", None) in result:
        returns = result[("ehe_returns_to_school", None)]
        weights = {key: result[key] for key in _items(result, "ehe_returns_by_school_type")}
        _resplit(result, "ehe_returns_by_school_type", returns, weights)
    _orders_follow_notices(result, year, growth)
    return result


def _orders_follow_notices(result: dict[Key, int], year: Published, growth: float) -> None:
    """Orders follow notices; only served orders are revoked; orders in force are about the
    year's orders not revoked; prosecutions are fewer than orders."""
    served = result.get(("sao_served", None))
    if served is None:
        return
    result[("sao_revoked", None)] = min(result.get(("sao_revoked", None), 0), served)
    if ("sao_intention_notices", None) in result:
        result[("sao_intention_notices", None)] = served + served // 2
    if ("s437_notices_served", None) in result:
        result[("s437_notices_served", None)] = max(result[("s437_notices_served", None)], served)
    issued = (year.get(("ehe_sao_issued", None)) or (None, ""))[0]
    revoked = (year.get(("ehe_sao_revoked", None)) or (None, ""))[0] or 0
    if ("sao_in_force", None) in result and issued is not None:
        result[("sao_in_force", None)] = max(0, round((issued - revoked) * growth))
    if ("s443_prosecutions", None) in result:
        result[("s443_prosecutions", None)] = min(result[("s443_prosecutions", None)], served // 4)
