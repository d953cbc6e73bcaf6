"""Declaring rules and grouping them into per-academic-year sets.

A rule is one small function in its own file, declared with @rule. Each year's package
collects the rules declared inside it and inherits the previous year's set, minus the codes it
lists as deleted.
"""

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from notinschool.intake.report import ERROR, QUERY
from notinschool.validation.values import Location


@dataclass(frozen=True)
class Finding:
    """What a rule found: a specific message, the cell it is about, and cells involved."""

    message: str
    location: Location | None = None
    value: str = ""
    related: tuple[Location, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A validation rule with a stable code. `message` is the general fix, for the rules list;
    each finding carries its own specific message. A query's `explanation` says what an
    acceptable explanation must contain."""

    code: str
    severity: str
    title: str
    message: str
    explanation: str
    check: Callable[..., Iterable[Finding]]
    module: str


_DECLARED: dict[str, Rule] = {}


def rule(*, code: str, severity: str, title: str, message: str, explanation: str = ""):
    """Declare a rule. Codes are unique for all time: a rule whose meaning changes gets a new
    code, and the old one is deleted from later sets."""
    if severity not in (ERROR, QUERY):
        raise ValueError(f"{code}: severity must be error or query")
    if severity == QUERY and not explanation:
        raise ValueError(f"{code}: a query must say what an acceptable explanation contains")

    def declare(check: Callable[..., Iterable[Finding]]) -> Rule:
        declared = Rule(code, severity, title, message, explanation, check, check.__module__)
        existing = _DECLARED.get(code)
        if existing is not None and existing.module != declared.module:
            raise ValueError(f"Rule code {code} is declared twice ({existing.module})")
        _DECLARED[code] = declared
        return declared

    return declare


@dataclass(frozen=True)
class RuleSet:
    """The rules for one academic year's periods."""

    name: str
    rules: tuple[Rule, ...]
    added: tuple[str, ...]
    deleted: tuple[str, ...]

    def codes(self) -> list[str]:
        return [r.code for r in self.rules]


def declared_in(package: str) -> list[Rule]:
    """Import every rule module inside `package` and return the rules declared there."""
    module = importlib.import_module(package)
    for info in pkgutil.iter_modules(module.__path__):
        importlib.import_module(f"{package}.{info.name}")
    return sorted(
        (r for r in _DECLARED.values() if r.module.startswith(package + ".")),
        key=lambda r: r.code,
    )


def inherit(previous: RuleSet | None, name: str, *, package: str, deleted: Iterable[str] = ()) -> RuleSet:
    """A year's set: the previous year's rules, minus `deleted`, plus those declared in
    `package`."""
    deleted = tuple(deleted)
    kept = list(previous.rules) if previous else []
    unknown = set(deleted) - {r.code for r in kept}
    if unknown:
        raise ValueError(f"{name} deletes rules it never inherited: {sorted(unknown)}")
    kept = [r for r in kept if r.code not in deleted]
    added = declared_in(package)
    clash = {r.code for r in added} & {r.code for r in kept}
    if clash:
        raise ValueError(f"{name} redeclares inherited rules: {sorted(clash)}")
    return RuleSet(name, tuple(kept + added), tuple(r.code for r in added), deleted)
