"""The facts the register must and may hold about a child, as data: one field set for each
state of the law, with the day it came into force.

The Children's Wellbeing and Schools Act 2026 (s38, inserting ss436B–436G into the Education
Act 1996) lists what a register must contain (s436C(1)) and what it may contain (s436C(2)), and
lets regulations prescribe more. When regulations are made, add a field set below with the day
they come into force: facts already recorded keep their history (`FactChange` rows name the
field set in force when they were recorded), a fact the new set drops is still shown in the
child's history, and a fact it adds starts being asked for. See docs/register.md for the text
each fact is built to.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    code: str
    label: str
    section: str  # the subsection of the Education Act 1996 (as inserted) it comes from
    required: bool  # s436C(1) (required) or s436C(2) (optional, with its source)


@dataclass(frozen=True)
class FieldSet:
    version: str
    in_force_from: datetime.date
    based_on: str
    facts: tuple[Fact, ...]

    def fact(self, code: str) -> Fact | None:
        return next((f for f in self.facts if f.code == code), None)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(f.code for f in self.facts)


ACT_2026 = FieldSet(
    version="cwsa-2026",
    in_force_from=datetime.date(2026, 4, 29),
    based_on="Children's Wellbeing and Schools Act 2026, s38 (Royal Assent 29 April 2026); no regulations yet",
    facts=(
        Fact("name", "Child's name", "s436C(1)(a)", True),
        Fact("date_of_birth", "Date of birth", "s436C(1)(a)", True),
        Fact("home_address", "Home address", "s436C(1)(a)", True),
        Fact("parents", "Each parent's name and home address", "s436C(1)(b)", True),
        Fact("parents_educating", "Which parents educate the child", "s436C(1)(c)", True),
        Fact("time_by_parents", "Time educated by each parent (and in all)", "s436C(1)(d)", True),
        Fact("time_by_others", "Time educated by others, in all", "s436C(1)(d)", True),
        Fact(
            "providers",
            "Each other provider: type, where (or online address), time, time without a parent",
            "s436C(1)(e)",
            True,
        ),
        Fact("eligibility", "Why the child is eligible (condition C)", "s436B(5)", True),
        Fact("upn", "Unique pupil number", "s436C (identifier)", False),
        Fact("nhs_number", "NHS number", "s436C (identifier)", False),
        Fact("sen_support", "SEN support", "s436C(2)", False),
        Fact("ehcp", "EHC plan", "s436C(2)", False),
        Fact("child_in_need", "Child in need", "s436C(2)", False),
        Fact("child_protection", "Child protection enquiries or plan", "s436C(2)", False),
        Fact("looked_after", "Looked-after child", "s436C(2)", False),
    ),
)

FIELD_SETS: tuple[FieldSet, ...] = (ACT_2026,)

# The model fields of a child whose changes are facts of the field set.
CHILD_FIELD_FACTS = {
    "date_of_birth": "date_of_birth",
    "upn": "upn",
    "nhs_number": "nhs_number",
    "sen_support": "sen_support",
    "ehcp": "ehcp",
    "child_in_need": "child_in_need",
    "child_protection": "child_protection",
    "looked_after": "looked_after",
}
OPTIONAL_FIELDS = ("sen_support", "ehcp", "child_in_need", "child_protection", "looked_after")


def in_force(day: datetime.date) -> FieldSet:
    """The field set in force on `day` (the first one before any came into force)."""
    current = FIELD_SETS[0]
    for field_set in FIELD_SETS:
        if field_set.in_force_from <= day:
            current = field_set
    return current


def label_for(code: str) -> str:
    """A fact's label in the newest field set that has it (history may hold dropped facts)."""
    for field_set in reversed(FIELD_SETS):
        fact = field_set.fact(code)
        if fact is not None:
            return fact.label
    return code
