"""Writes for an LA's return contacts (the people reminders and questions go to)."""

from django.db import transaction

from notinschool.core.actor import Actor
from notinschool.places.models import LocalAuthority
from notinschool.returns.models import ReturnContact


def contact_add(*, la: LocalAuthority, actor: Actor, **fields) -> ReturnContact:
    """Add a return contact to the LA, noting who added them."""
    return ReturnContact.objects.create(local_authority=la, updated_by=actor.user, **fields)


@transaction.atomic
def contact_remove(*, la: LocalAuthority, contact_id: int, actor: Actor) -> ReturnContact | None:
    """Remove one of the LA's contacts and return it (None when the LA has no such contact:
    another LA's contact is never found)."""
    contact = ReturnContact.objects.filter(pk=contact_id, local_authority=la).first()
    if contact is not None:
        contact.delete()
    return contact
