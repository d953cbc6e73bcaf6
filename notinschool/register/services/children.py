"""Writes for children: create, change (with optimistic locking), addresses, parents, erasure."""

import datetime

from django.db import transaction
from django.db.models import F

from notinschool.places.models import LocalAuthority
from notinschool.register import selectors
from notinschool.register.audit import audit_change
from notinschool.register.models import Address, Child, Parent, RegisterSettings, normalise_name

CONCURRENT_EDIT_MESSAGE = (
    "Someone else changed this record while you were editing it, so your changes were not saved. "
    "The page now shows their version: make your changes again."
)


class ConcurrentEdit(Exception):
    """The record changed since the form was opened; nothing was saved."""

    def __init__(self, message: str = CONCURRENT_EDIT_MESSAGE):
        super().__init__(message)
        self.message = message


CHILD_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "upn",
    "local_reference",
    "sen_support",
    "ehcp",
    "child_in_need",
    "child_protection",
    "looked_after",
    "destination_at_16",
)


@transaction.atomic
def child_create(*, la: LocalAuthority, by, request=None, address: dict | None = None, **values) -> Child:
    """Add a child to the LA's register, with their first home address if given."""
    child = Child(local_authority=la, **{k: v for k, v in values.items() if k in CHILD_FIELDS})
    child.upn = (child.upn or "").upper()
    child.save()
    if address and address.get("line_1"):
        Address.objects.create(child=child, **address)
    audit_change(request=request, by=by, la=la, child_id=child.pk, what="child.created")
    return child


def locked_update(queryset, *, pk, expected_version: int, values: dict) -> None:
    """Save `values` only if the row still has `expected_version`, adding one to it;
    otherwise raise ConcurrentEdit. One UPDATE, so two saves can never both win."""
    changed = queryset.filter(pk=pk, version=expected_version).update(version=F("version") + 1, **values)
    if changed != 1:
        raise ConcurrentEdit()


@transaction.atomic
def child_update(*, la: LocalAuthority, child: Child, expected_version: int, by, request=None, **values) -> Child:
    """Change a child's details. Raises ConcurrentEdit if someone saved it first."""
    values = {k: v for k, v in values.items() if k in CHILD_FIELDS}
    if "upn" in values:
        values["upn"] = (values["upn"] or "").upper()
    if "family_name" in values:
        values["family_name_normalised"] = normalise_name(values["family_name"])
    if "given_name" in values:
        values["given_name_normalised"] = normalise_name(values["given_name"])
    values["updated_at"] = datetime.datetime.now(tz=datetime.UTC)
    locked_update(la.children.all(), pk=child.pk, expected_version=expected_version, values=values)
    audit_change(
        request=request, by=by, la=la, child_id=child.pk, what="child.changed", details={"fields": sorted(values)}
    )
    return la.children.get(pk=child.pk)


@transaction.atomic
def address_add(*, la: LocalAuthority, child: Child, by, request=None, **values) -> Address:
    """Record a new home address; the current one ends the day before the move."""
    moved_on = values.get("lived_from")
    if moved_on:
        child.addresses.filter(lived_to__isnull=True).update(lived_to=moved_on - datetime.timedelta(days=1))
    else:
        child.addresses.filter(lived_to__isnull=True).update(lived_to=datetime.date.today())
    address = Address.objects.create(child=child, **values)
    audit_change(request=request, by=by, la=la, child_id=child.pk, what="address.added")
    return address


@transaction.atomic
def parent_add(*, la: LocalAuthority, child: Child, by, request=None, **values) -> Parent:
    """Record a parent or carer."""
    parent = Parent.objects.create(child=child, **values)
    audit_change(request=request, by=by, la=la, child_id=child.pk, what="parent.added")
    return parent


@transaction.atomic
def child_erase(*, la: LocalAuthority, child_id: str, reason: str, by, request=None) -> None:
    """Delete a child's whole record (an erasure request, or a record made in error). The
    audit entry keeps the id, who, when and why; nothing about the child."""
    deleted, _ = la.children.filter(pk=child_id).delete()
    if not deleted:
        raise Child.DoesNotExist(child_id)
    audit_change(request=request, by=by, la=la, child_id=child_id, what="child.erased", details={"reason": reason})


@transaction.atomic
def children_delete_past_retention(
    *, la: LocalAuthority, child_ids: list[str], by, request=None, today: datetime.date
) -> int:
    """Delete the chosen records that are past the LA's retention period (others chosen are
    ignored), one audit entry each. Returns how many were deleted."""
    due = {row["id"] for row in selectors.past_retention(la, today=today)}
    chosen = [child_id for child_id in child_ids if child_id in due]
    la.children.filter(pk__in=chosen).delete()
    for child_id in chosen:
        audit_change(
            request=request,
            by=by,
            la=la,
            child_id=child_id,
            what="child.deleted-past-retention",
            details={"retention_years": selectors.settings_for(la).retention_years},
        )
    return len(chosen)


@transaction.atomic
def settings_update(*, la: LocalAuthority, by, request=None, **values) -> RegisterSettings:
    """Change which optional facts the LA records and how long it keeps records."""
    settings, _ = RegisterSettings.objects.get_or_create(local_authority=la)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    audit_change(request=request, by=by, la=la, what="settings.changed", details={"fields": sorted(values)})
    return settings
