"""Storing an imported register: all of it, or (when any row has an error) none of it."""

from collections.abc import Callable

from django.db import transaction

from notinschool.core.actor import Actor
from notinschool.places.models import LocalAuthority
from notinschool.register import selectors
from notinschool.register.audit import audit_change
from notinschool.register.importing import TAKEN, ParsedRegister, parse_register, read_rows, row_issue
from notinschool.register.models import Address, Child, Episode, Parent, new_token, normalise_name
from notinschool.register.tenancy import children_counted, scoped

BATCH = 2000
MANY_CHILDREN = 500  # enough to change how the planner should find an LA's children
AUDIT_CHUNK = 1000


def register_import(
    *, la: LocalAuthority, data: bytes, filename: str, actor: Actor, progress: Callable[[], None] | None = None
) -> ParsedRegister:
    """Read and check the file; if every row is right, add every child and episode to the
    LA's register in one transaction. Returns the parsed register: its `errors` say why
    nothing was stored. Raises UnreadableRegister for a file that is not a register."""
    header, rows = read_rows(data, filename)
    with scoped(la):
        years = selectors.settings_for(la).retention_years
    parsed = parse_register(header, rows, progress=progress, years_back=years)
    with scoped(la):
        _check_against_register(la, parsed)
        if not parsed.errors:
            _store(la=la, parsed=parsed, actor=actor)
    return parsed


def _check_against_register(la: LocalAuthority, parsed: ParsedRegister) -> None:
    """References already used are errors; possible duplicates (same UPN, NHS number, or name
    and date of birth, against the register or another row) are warnings: imported, flagged,
    never merged."""
    references = list(parsed.children)
    taken = set()
    for start in range(0, len(references), 500):
        chunk = references[start : start + 500]
        taken |= set(la.children.filter(local_reference__in=chunk).values_list("local_reference", flat=True))
    for reference in sorted(taken):
        parsed.errors.append(
            row_issue(0, "child_reference", reference, "A child with this reference is already on the register.", TAKEN)
        )
    rows = [
        {"key": reference, "upn": v["upn"], "nhs_number": v.get("nhs_number", ""), "given_name": v["given_name"],
         "family_name": v["family_name"], "date_of_birth": v["date_of_birth"]}
        for reference, v in parsed.children.items()
    ]  # fmt: skip
    for reference, why in selectors.duplicates_among(la, rows).items():
        parsed.warnings.append(f"Child {reference}: may be the same child as another ({'; '.join(why)}).")


@transaction.atomic
def _store(*, la, parsed: ParsedRegister, actor: Actor) -> None:
    children: list[Child] = []
    addresses: list[Address] = []
    parents: list[Parent] = []
    episodes: list[Episode] = []
    for reference, values in parsed.children.items():
        child = Child(
            id=new_token(),
            local_authority=la,
            local_reference=reference,
            given_name=values["given_name"],
            family_name=values["family_name"],
            given_name_normalised=normalise_name(values["given_name"]),
            family_name_normalised=normalise_name(values["family_name"]),
            date_of_birth=values["date_of_birth"],
            sex=values["sex"],
            upn=values["upn"],
            nhs_number=values.get("nhs_number", ""),
            ehcp=values["ehcp"],
            sen_support=values["sen_support"],
        )
        children.append(child)
        if values["address"]["line_1"]:
            addresses.append(Address(child=child, **values["address"]))
        if values["parent"]["name"]:
            parents.append(Parent(child=child, **values["parent"]))
        episodes.extend(Episode(child=child, recorded_by=actor.user, **e) for e in values["episodes"])
    Child.objects.bulk_create(children, batch_size=BATCH)
    if len(children) >= MANY_CHILDREN:
        children_counted()  # before the rows below them are checked against them (ADR 0517)
    Address.objects.bulk_create(addresses, batch_size=BATCH)
    Parent.objects.bulk_create(parents, batch_size=BATCH)
    Episode.objects.bulk_create(episodes, batch_size=BATCH)
    # One entry per thousand children, each naming its children's ids: per-child entries would
    # double the import's time for no more information.
    for start in range(0, len(children), AUDIT_CHUNK):
        chunk = children[start : start + AUDIT_CHUNK]
        audit_change(actor=actor, la=la, what="children.imported", details={"children": [c.pk for c in chunk]})
