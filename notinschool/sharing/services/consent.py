"""Asking LAs for permission to share their figures, and recording their approvers' answers."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notinschool.accounts.models import Role, User
from notinschool.accounts.selectors import people_of_la_with_role
from notinschool.audit.services import audit_record
from notinschool.core.actor import Actor
from notinschool.notifications.rendering import absolute_url
from notinschool.notifications.services import notify
from notinschool.places.models import LocalAuthority, Network
from notinschool.sharing.models import Consent
from notinschool.sharing.notifications import CONSENT_ASKED
from notinschool.sharing.recipients import recipient_label


def approvers_of(la: LocalAuthority) -> list[User]:
    """The LA's active approvers, who grant or refuse permission."""
    return list(people_of_la_with_role(la, Role.LA_APPROVER))


@transaction.atomic
def consent_request(
    *, network: Network, local_authorities: list[LocalAuthority], recipient: str, purpose: str, actor: Actor
) -> list[Consent]:
    """Ask each LA's approvers for permission to share with ``recipient``; email them.

    A permission already granted stays granted; a refusal or an open request is asked again."""
    label = recipient_label(recipient)
    asked = []
    for la in local_authorities:
        consent, _ = Consent.objects.get_or_create(network=network, local_authority=la, recipient=recipient)
        if consent.status == Consent.Status.GRANTED:
            continue
        consent.status = Consent.Status.REQUESTED
        consent.purpose = purpose
        consent.requested_by = actor.user
        consent.requested_at = timezone.now()
        consent.decided_by = None
        consent.decided_at = None
        consent.decision_note = ""
        consent.save()
        asked.append(consent)
        recipients = [u.email for u in approvers_of(la)]
        # Queued with the request, sent by a job once it is committed.
        notify(
            kind=CONSENT_ASKED.code,
            recipients=recipients,
            context={
                "network_name": network.name,
                "la_name": la.name,
                "recipient": label,
                "purpose": purpose,
                "link": absolute_url(reverse("sharing:consents")),
            },
            actor=actor,
            idempotency_key=f"{CONSENT_ASKED.code}:{consent.pk}:{consent.requested_at.isoformat()}",
        )
        audit_record(
            action="sharing.consent-requested",
            actor=actor,
            local_authority=la,
            target_type="Consent",
            target_id=str(consent.pk),
            details={"recipient": recipient, "network": network.slug, "emailed": len(recipients)},
        )
    return asked


@transaction.atomic
def consent_decide(*, consent: Consent, granted: bool, note: str = "", actor: Actor) -> Consent:
    """Record an approver's answer (and a change of mind later: it replaces the earlier one)."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    consent.status = Consent.Status.GRANTED if granted else Consent.Status.REFUSED
    consent.decided_by = actor.user
    consent.decided_at = timezone.now()
    consent.decision_note = note
    consent.save()
    audit_record(
        action="sharing.consent-granted" if granted else "sharing.consent-refused",
        actor=actor,
        local_authority=consent.local_authority,
        target_type="Consent",
        target_id=str(consent.pk),
        details={"recipient": consent.recipient, "network": consent.network.slug},
    )
    return consent
