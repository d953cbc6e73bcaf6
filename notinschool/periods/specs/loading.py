"""Build each period's ReturnSpec from the data files: the first period lists everything, and
each later file states only what changed, applied on top of the period before."""

import functools
import tomllib
from dataclasses import replace
from importlib import resources

from notinschool.periods import UnknownPeriod, parse_period
from notinschool.periods.specs.model import (
    FLOW,
    SOURCES,
    STOCK,
    Breakdown,
    Category,
    Measure,
    Part,
    ReturnSpec,
)

DATA_PACKAGE = "notinschool.periods.specs.data"


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
    """One period's spec: the previous period's, with this file's changes applied. Raises
    SpecDataError, naming the file and the key, when the file contradicts itself or the
    periods before it."""
    period = _need(data, "period", "the file")
    file = f"{period}.toml"
    parts = {p.code: p for p in previous.parts} if previous else {}
    measures = {m.code: m for m in previous.measures} if previous else {}
    breakdowns = {m.breakdown.code: m.breakdown for m in measures.values() if m.breakdown}
    changes: list[str] = []

    for item in data.get("add_parts", []):
        where = f"{file}: add_parts"
        part = Part(
            _need(item, "code", where),
            _need(item, "label", where),
            _need(item, "source", where),
            _need(item, "description", where),
        )
        if part.source not in SOURCES:
            raise SpecDataError(f"{where}: part {part.code} has source {part.source!r}; use one of {SOURCES}")
        parts[part.code] = part
        changes.append(f"New part: {part.label}.")
    for code in data.get("remove_parts", []):
        if parts.pop(code, None) is None:
            raise SpecDataError(f"{file}: remove_parts names {code!r}, which is not a part at this point")
        measures = {c: m for c, m in measures.items() if m.part != code}
        changes.append(f"Part removed: {code}.")

    for code, item in data.get("add_breakdowns", {}).items():
        where = f"{file}: add_breakdowns.{code}"
        cats = tuple(Category(c, label) for c, label in _need(item, "categories", where))
        breakdowns[code] = Breakdown(code, _need(item, "label", where), cats)
    for item in data.get("add_categories", []):
        old = _breakdown(breakdowns, item, f"{file}: add_categories")
        added = tuple(Category(c, label) for c, label in _need(item, "categories", f"{file}: add_categories"))
        breakdowns[old.code] = replace(old, categories=_before_last(old.categories, added))
        labels = ", ".join(c.label for c in added)
        changes.append(f"{old.label}: new categories {labels}.")
    for item in data.get("remove_categories", []):
        old = _breakdown(breakdowns, item, f"{file}: remove_categories")
        removing = _need(item, "categories", f"{file}: remove_categories")
        unknown = set(removing) - set(old.category_codes())
        if unknown:
            raise SpecDataError(f"{file}: remove_categories names {sorted(unknown)}, not categories of {old.code}")
        kept = tuple(c for c in old.categories if c.code not in removing)
        breakdowns[old.code] = replace(old, categories=kept)
        changes.append(f"{old.label}: categories removed {', '.join(removing)}.")

    # Measures point at breakdowns by value, so refresh them after category changes.
    measures = {
        c: replace(m, breakdown=breakdowns[m.breakdown.code]) if m.breakdown else m for c, m in measures.items()
    }
    for item in data.get("add_measures", []):
        measure = _measure(item, parts, breakdowns, file)
        measures[measure.code] = measure
        changes.append(f"New measure: {measure.label} ({measure.code}).")
    for code in data.get("remove_measures", []):
        if measures.pop(code, None) is None:
            raise SpecDataError(f"{file}: remove_measures names {code!r}, which is not a measure at this point")
        changes.append(f"Measure removed: {code}.")
    for item in data.get("change_definitions", []):
        where = f"{file}: change_definitions"
        code = _need(item, "measure", where)
        if code not in measures:
            raise SpecDataError(f"{where} names {code!r}, which is not a measure at this point")
        definition = " ".join(_need(item, "definition", where).split())
        measures[code] = replace(measures[code], definition=definition)
        changes.append(f"Definition changed: {code}.")

    _check_references(measures, file)
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


def _need(item: dict, key: str, where: str):
    """`item[key]`, or a SpecDataError saying which file and section lacks it."""
    try:
        return item[key]
    except (KeyError, TypeError):
        raise SpecDataError(f"{where}: an entry has no {key!r}") from None


def _breakdown(breakdowns: dict[str, Breakdown], item: dict, where: str) -> Breakdown:
    code = _need(item, "breakdown", where)
    if code not in breakdowns:
        raise SpecDataError(f"{where} names breakdown {code!r}, which does not exist at this point")
    return breakdowns[code]


def _check_references(measures: dict[str, Measure], file: str) -> None:
    """Every total a measure points at exists in the same period and is a single count: a
    breakdown cannot add up to, sit within, or be excused by a measure that is not there."""
    for measure in measures.values():
        for key in ("sums_to", "within", "blank_allowed_when_zero"):
            target_code = getattr(measure, key)
            if target_code is None:
                continue
            target = measures.get(target_code)
            if target is None:
                raise SpecDataError(f"{file}: {measure.code} has {key} = {target_code!r}, which is not a measure")
            if target.breakdown is not None:
                raise SpecDataError(
                    f"{file}: {measure.code} has {key} = {target_code!r}, which has a breakdown; name a total"
                )
        if measure.sums_to and measure.breakdown is None:
            raise SpecDataError(f"{file}: {measure.code} has sums_to but no breakdown")


def _before_last(existing: tuple[Category, ...], added: tuple[Category, ...]):
    """New categories go before the trailing catch-alls (unknown, not recorded, other), as
    DfE's lists keep those at the end."""
    catch_alls = {"unknown", "not_recorded", "other", "no_reason_given", "other_unknown"}
    head = [c for c in existing if c.code not in catch_alls]
    tail = [c for c in existing if c.code in catch_alls]
    return tuple(head) + added + tuple(tail)


def _measure(item: dict, parts: dict, breakdowns: dict, file: str) -> Measure:
    where = f"{file}: add_measures"
    code = _need(item, "code", where)
    where = f"{where} {code}"
    part = parts.get(_need(item, "part", where))
    if part is None:
        raise SpecDataError(f"{where} names part {item['part']!r}, which does not exist at this point")
    if _need(item, "kind", where) not in (STOCK, FLOW):
        raise SpecDataError(f"{where} has kind {item['kind']!r}; use {STOCK!r} or {FLOW!r}")
    breakdown = None
    if item.get("breakdown"):
        if item["breakdown"] not in breakdowns:
            raise SpecDataError(f"{where} names breakdown {item['breakdown']!r}, which does not exist")
        breakdown = breakdowns[item["breakdown"]]
    return Measure(
        code=code,
        label=_need(item, "label", where),
        definition=" ".join(_need(item, "definition", where).split()),
        part=part.code,
        source=item.get("source", part.source),
        kind=item["kind"],
        breakdown=breakdown,
        unit=item.get("unit", "children"),
        required=item.get("required", part.source == "DfE"),
        sums_to=item.get("sums_to"),
        within=item.get("within"),
        blank_allowed_when_zero=item.get("blank_allowed_when_zero"),
    )
