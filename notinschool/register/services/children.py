"""Writes for children: create, change (with optimistic locking), addresses, parents, erasure.
Every change to a fact of the field set is also kept in the child's fact history."""

import datetime

from django.db import transaction
from django.db.models import F

from notinschool.core.actor import Actor
from notinschool.core.errors import ServiceError
from notinschool.places.models import LocalAuthority
from notinschool.register import checks, factset, selectors
from notinschool.register.audit import audit_change
from notinschool.register.models import Address, Child, Parent, RegisterSettings, normalise_name
from notinschool.register.services.facts import facts_record, hours_a_week

CONCURRENT_EDIT_MESSAGE = (
    "Someone else changed this record while you were editing it, so your changes were not saved. "
    "What you typed is shown beside what is saved now, and the form still holds what you typed: "
    "check it against the saved version and save again."
)


class ConcurrentEdit(ServiceError):
    """The record changed since the form was opened; nothing was saved."""

    def __init__(self, message: str = CONCURRENT_EDIT_MESSAGE):
        super().__init__(message)


class InvalidChild(ServiceError):
    """A child's details the register refuses (a date of birth outside compulsory school age,
    an identifier whose check character is wrong)."""


CHILD_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "upn",
    "nhs_number",
    "local_reference",
    "sen_support",
    "ehcp",
    "child_in_need",
    "child_protection",
    "looked_after",
    "destination_at_16",
    "optional_facts_source",
)


def _checked(la: LocalAuthority, values: dict, today: datetime.date) -> dict:
    """The values cleaned, or InvalidChild saying what is wrong (forms say so first; this
    keeps imports, transfers and commands to the same rules)."""
    values = {k: v for k, v in values.items() if k in CHILD_FIELDS}
    if "upn" in values:
        values["upn"] = checks.clean_upn(values["upn"])
    if "nhs_number" in values:
        values["nhs_number"] = checks.clean_nhs_number(values["nhs_number"])
    years = selectors.settings_for(la).retention_years
    problem = (
        checks.upn_problem(values.get("upn", ""))
        or checks.nhs_number_problem(values.get("nhs_number", ""))
        or checks.date_of_birth_problem(values.get("date_of_birth"), today=today, years_back=years)
    )
    if problem:
        raise InvalidChild(problem)
    return values


def _child_facts(values: dict) -> dict[str, object]:
    facts = {code: values[field] for field, code in factset.CHILD_FIELD_FACTS.items() if field in values}
    if "given_name" in values or "family_name" in values:
        facts["name"] = f"{values.get('given_name', '')} {values.get('family_name', '')}".strip()
    return facts


@transaction.atomic
def child_create(*, la: LocalAuthority, actor: Actor, address: dict | None = None, source: str = "", **values) -> Child:
    """Add a child to the LA's register, with their first home address if given. The child
    returned carries `warnings`: possible duplicates already on the register (never merged)."""
    today = datetime.date.today()
    values = _checked(la, values, today)
    child = Child(local_authority=la, **values)
    child.save()
    # A new child's history starts with the facts known; blanks are not changes.
    facts = {code: value for code, value in _child_facts(values).items() if value not in ("", None)}
    if address and address.get("line_1"):
        Address.objects.create(child=child, **address)
        facts["home_address"] = Address(**address).one_line
    facts_record(child=child, facts=facts, changed_on=today, source=source or values.get("optional_facts_source", ""),
                 actor=actor)  # fmt: skip
    audit_change(actor=actor, la=la, child_id=child.pk, what="child.created")
    child.warnings = selectors.duplicate_warnings(la, child)
    return child


def locked_update(queryset, *, pk, expected_version: int, values: dict) -> None:
    """Save `values` only if the row still has `expected_version`, adding one to it;
    otherwise raise ConcurrentEdit. One UPDATE, so two saves can never both win."""
    changed = queryset.filter(pk=pk, version=expected_version).update(version=F("version") + 1, **values)
    if changed != 1:
        raise ConcurrentEdit()


@transaction.atomic
def child_update(*, la: LocalAuthority, child: Child, expected_version: int, actor: Actor, **values) -> Child:
    """Change a child's details. Raises ConcurrentEdit if someone saved it first, InvalidChild
    for details the register refuses. Changed facts go into the child's fact history."""
    today = datetime.date.today()
    values = _checked(la, values, today)
    # From the database: a model form has already written the new values onto `child`.
    before = la.children.filter(pk=child.pk).values(*values).first() or {}
    if "family_name" in values:
        values["family_name_normalised"] = normalise_name(values["family_name"])
    if "given_name" in values:
        values["given_name_normalised"] = normalise_name(values["given_name"])
    values["updated_at"] = datetime.datetime.now(tz=datetime.UTC)
    locked_update(la.children.all(), pk=child.pk, expected_version=expected_version, values=values)
    changed = {name: value for name, value in values.items() if name in before and before[name] != value}
    if "given_name" in changed or "family_name" in changed:
        changed.setdefault("given_name", values.get("given_name", child.given_name))
        changed.setdefault("family_name", values.get("family_name", child.family_name))
    facts_record(child=child, facts=_child_facts(changed), changed_on=today,
                 source=values.get("optional_facts_source", ""), actor=actor)  # fmt: skip
    audit_change(actor=actor, la=la, child_id=child.pk, what="child.changed", details={"fields": sorted(values)})
    saved = la.children.get(pk=child.pk)
    saved.warnings = (
        selectors.duplicate_warnings(la, saved)
        if {"upn", "nhs_number", "date_of_birth"} & set(changed) or "given_name" in changed
        else []
    )
    return saved


@transaction.atomic
def address_add(*, la: LocalAuthority, child: Child, actor: Actor, **values) -> Address:
    """Record a new home address; the current one ends the day before the move."""
    today = datetime.date.today()
    moved_on = values.get("lived_from")
    problem = checks.not_in_future(moved_on, today=today, what="date they moved")
    if problem:
        raise InvalidChild(problem)
    if moved_on:
        child.addresses.filter(lived_to__isnull=True).update(lived_to=moved_on - datetime.timedelta(days=1))
    else:
        child.addresses.filter(lived_to__isnull=True).update(lived_to=today)
    address = Address.objects.create(child=child, **values)
    facts_record(child=child, facts={"home_address": address.one_line}, changed_on=moved_on or today, actor=actor)
    audit_change(actor=actor, la=la, child_id=child.pk, what="address.added")
    return address


@transaction.atomic
def parent_add(*, la: LocalAuthority, child: Child, actor: Actor, **values) -> Parent:
    """Record a parent or carer, whether they educate the child, and for how long."""
    if values.get("hours_educating") and not values.get("educates_child"):
        raise InvalidChild("Hours educating the child are for a parent who educates the child: tick that box")
    parent = Parent.objects.create(child=child, **values)
    facts_record(child=child, facts=parent_facts(child), changed_on=datetime.date.today(), actor=actor)
    audit_change(actor=actor, la=la, child_id=child.pk, what="parent.added")
    return parent


def parent_facts(child: Child) -> dict[str, str]:
    """s436C(1)(b)–(d) as they now stand, one text each, for the fact history."""
    parents = list(child.parents.all())
    return {
        "parents": "; ".join(f"{p.name}, {p.address or 'the child’s address'}" for p in parents),
        "parents_educating": "; ".join(p.name for p in parents if p.educates_child) or "none",
        "time_by_parents": "; ".join(
            f"{p.name}: {hours_a_week(p.hours_educating)}" for p in parents if p.educates_child
        )
        or "none",
    }


@transaction.atomic
def child_erase(*, la: LocalAuthority, child_id: str, reason: str, actor: Actor) -> None:
    """Delete a child's whole record (an erasure request, or a record made in error). The
    audit entry keeps the id, who, when and why; nothing about the child."""
    deleted, _ = la.children.filter(pk=child_id).delete()
    if not deleted:
        raise Child.DoesNotExist(child_id)
    audit_change(actor=actor, la=la, child_id=child_id, what="child.erased", details={"reason": reason})


@transaction.atomic
def children_delete_past_retention(
    *, la: LocalAuthority, child_ids: list[str], actor: Actor, today: datetime.date
) -> int:
    """Delete the chosen records that are past the LA's retention period (others chosen are
    ignored), one audit entry each. Returns how many were deleted."""
    due = {row["id"] for row in selectors.past_retention(la, today=today)}
    chosen = [child_id for child_id in child_ids if child_id in due]
    la.children.filter(pk__in=chosen).delete()
    for child_id in chosen:
        audit_change(
            actor=actor,
            la=la,
            child_id=child_id,
            what="child.deleted-past-retention",
            details={"retention_years": selectors.settings_for(la).retention_years},
        )
    return len(chosen)


@transaction.atomic
def settings_update(*, la: LocalAuthority, actor: Actor, **values) -> RegisterSettings:
    """Change which optional facts the LA records and how long it keeps records."""
    settings, _ = RegisterSettings.objects.get_or_create(local_authority=la)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    audit_change(actor=actor, la=la, what="settings.changed", details={"fields": sorted(values)})
    return settings
