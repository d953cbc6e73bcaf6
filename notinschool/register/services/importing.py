"""Storing an imported register: all of it, or (when any row has an error) none of it."""

from collections.abc import Callable

from django.db import transaction

from notinschool.places.models import LocalAuthority
from notinschool.register.audit import audit_change
from notinschool.register.importing import ParsedRegister, RowError, parse_register, read_rows
from notinschool.register.models import Address, Child, Episode, Parent, new_token, normalise_name

BATCH = 2000
AUDIT_CHUNK = 1000


def register_import(
    *, la: LocalAuthority, data: bytes, filename: str, by, request=None, progress: Callable[[], None] | None = None
) -> ParsedRegister:
    """Read and check the file; if every row is right, add every child and episode to the
    LA's register in one transaction. Returns the parsed register: its `errors` say why
    nothing was stored. Raises UnreadableRegister for a file that is not a register."""
    header, rows = read_rows(data, filename)
    parsed = parse_register(header, rows, progress=progress)
    references = list(parsed.children)
    taken = set()
    for start in range(0, len(references), 500):
        chunk = references[start : start + 500]
        taken |= set(la.children.filter(local_reference__in=chunk).values_list("local_reference", flat=True))
    for reference in sorted(taken):
        parsed.errors.append(
            RowError(0, "child_reference", reference, "A child with this reference is already on the register.")
        )
    if not parsed.errors:
        _store(la=la, parsed=parsed, by=by, request=request)
    return parsed


@transaction.atomic
def _store(*, la, parsed: ParsedRegister, by, request) -> None:
    children, addresses, parents, episodes = [], [], [], []
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
            ehcp=values["ehcp"],
            sen_support=values["sen_support"],
        )
        children.append(child)
        if values["address"]["line_1"]:
            addresses.append(Address(child=child, **values["address"]))
        if values["parent"]["name"]:
            parents.append(Parent(child=child, **values["parent"]))
        episodes.extend(Episode(child=child, recorded_by=by, **e) for e in values["episodes"])
    for model_rows in (children, addresses, parents, episodes):
        if model_rows:
            type(model_rows[0]).objects.bulk_create(model_rows, batch_size=BATCH)
    # One entry per thousand children, each naming its children's ids: per-child entries would
    # double the import's time for no more information.
    for start in range(0, len(children), AUDIT_CHUNK):
        chunk = children[start : start + AUDIT_CHUNK]
        audit_change(
            request=request, by=by, la=la, what="children.imported", details={"children": [c.pk for c in chunk]}
        )
