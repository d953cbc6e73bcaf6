"""Build each period's ReturnSpec from the data files: the first period lists everything, and
each later file states only what changed, applied on top of the period before."""

import functools
import tomllib
from dataclasses import replace
from importlib import resources

from notinschool.validation.periods import UnknownPeriod, parse_period
from notinschool.validation.specs.model import (
    FLOW,
    SOURCES,
    STOCK,
    Breakdown,
    Category,
    Measure,
    Part,
    ReturnSpec,
)

DATA_PACKAGE = "notinschool.validation.specs.data"


class SpecDataError(ValueError):
    """A spec file that contradicts itself or the periods before it (a bug in the data)."""


@functools.cache
def _files() -> dict[str, str]:
    """Period → TOML text, for every file shipped in the data package."""
    found = {}
    for entry in resources.files(DATA_PACKAGE).iterdir():
        if entry.name.endswith(".toml"):
            period = entry.name.removesuffix(".toml")
            parse_period(period)  # a badly named file is a bug, fail loudly
            found[period] = entry.read_text(encoding="utf-8")
    return found


@functools.cache
def all_periods() -> list[str]:
    """Every period with a return specification, oldest first."""
    return [str(p) for p in sorted(parse_period(name) for name in _files())]


def load_spec(period: str) -> ReturnSpec:
    """The return specification for `period` (e.g. '2025-26-autumn'); raises UnknownPeriod."""
    parsed = parse_period(period)  # raises UnknownPeriod with a plain message
    if str(parsed) not in all_periods():
        first, last = all_periods()[0], all_periods()[-1]
        raise UnknownPeriod(f"There is no return specification for {parsed}. Periods run from {first} to {last}.")
    return _build_all()[str(parsed)]


@functools.cache
def _build_all() -> dict[str, ReturnSpec]:
    specs: dict[str, ReturnSpec] = {}
    current: ReturnSpec | None = None
    for period in all_periods():
        data = tomllib.loads(_files()[period])
        if data.get("period") != period:
            raise SpecDataError(f"{period}.toml says it is for {data.get('period')!r}")
        current = apply_changes(current, data)
        specs[period] = current
    return specs


def apply_changes(previous: ReturnSpec | None, data: dict) -> ReturnSpec:
    """One period's spec: the previous period's, with this file's changes applied."""
    period = data["period"]
    parts = {p.code: p for p in previous.parts} if previous else {}
    measures = {m.code: m for m in previous.measures} if previous else {}
    breakdowns = {m.breakdown.code: m.breakdown for m in measures.values() if m.breakdown}
    changes: list[str] = []

    for item in data.get("add_parts", []):
        part = Part(item["code"], item["label"], item["source"], item["description"])
        if part.source not in SOURCES:
            raise SpecDataError(f"{period}: part {part.code} has source {part.source!r}")
        parts[part.code] = part
        changes.append(f"New part: {part.label}.")
    for code in data.get("remove_parts", []):
        parts.pop(code)
        measures = {c: m for c, m in measures.items() if m.part != code}
        changes.append(f"Part removed: {code}.")

    for code, item in data.get("add_breakdowns", {}).items():
        cats = tuple(Category(c, label) for c, label in item["categories"])
        breakdowns[code] = Breakdown(code, item["label"], cats)
    for item in data.get("add_categories", []):
        old = breakdowns[item["breakdown"]]
        added = tuple(Category(c, label) for c, label in item["categories"])
        breakdowns[old.code] = replace(old, categories=_before_last(old.categories, added))
        labels = ", ".join(c.label for c in added)
        changes.append(f"{old.label}: new categories {labels}.")
    for item in data.get("remove_categories", []):
        old = breakdowns[item["breakdown"]]
        kept = tuple(c for c in old.categories if c.code not in item["categories"])
        breakdowns[old.code] = replace(old, categories=kept)
        changes.append(f"{old.label}: categories removed {', '.join(item['categories'])}.")

    # Measures point at breakdowns by value, so refresh them after category changes.
    measures = {
        c: replace(m, breakdown=breakdowns[m.breakdown.code]) if m.breakdown else m for c, m in measures.items()
    }
    for item in data.get("add_measures", []):
        measure = _measure(item, parts, breakdowns, period)
        measures[measure.code] = measure
        changes.append(f"New measure: {measure.label} ({measure.code}).")
    for code in data.get("remove_measures", []):
        if measures.pop(code, None) is None:
            raise SpecDataError(f"{period}: cannot remove unknown measure {code}")
        changes.append(f"Measure removed: {code}.")
    for item in data.get("change_definitions", []):
        code, definition = item["measure"], " ".join(item["definition"].split())
        measures[code] = replace(measures[code], definition=definition)
        changes.append(f"Definition changed: {item['measure']}.")

    part_order = list(parts)
    ordered = sorted(measures.values(), key=lambda m: part_order.index(m.part))
    return ReturnSpec(
        period=period,
        rule_set=data.get("rule_set", previous.rule_set if previous else ""),
        parts=tuple(parts.values()),
        measures=tuple(ordered),
        changes=tuple(changes),
        notes=tuple(data.get("notes", [])),
    )


def _before_last(existing: tuple[Category, ...], added: tuple[Category, ...]):
    """New categories go before the trailing catch-alls (unknown, not recorded, other), as
    DfE's lists keep those at the end."""
    catch_alls = {"unknown", "not_recorded", "other", "no_reason_given", "other_unknown"}
    head = [c for c in existing if c.code not in catch_alls]
    tail = [c for c in existing if c.code in catch_alls]
    return tuple(head) + added + tuple(tail)


def _measure(item: dict, parts: dict, breakdowns: dict, period: str) -> Measure:
    part = parts.get(item["part"])
    if part is None:
        raise SpecDataError(f"{period}: measure {item['code']} names unknown part {item['part']}")
    if item["kind"] not in (STOCK, FLOW):
        raise SpecDataError(f"{period}: measure {item['code']} has kind {item['kind']!r}")
    breakdown = breakdowns[item["breakdown"]] if item.get("breakdown") else None
    return Measure(
        code=item["code"],
        label=item["label"],
        definition=" ".join(item["definition"].split()),
        part=part.code,
        source=item.get("source", part.source),
        kind=item["kind"],
        breakdown=breakdown,
        unit=item.get("unit", "children"),
        required=item.get("required", part.source == "DfE"),
        sums_to=item.get("sums_to"),
        within=item.get("within"),
    )
