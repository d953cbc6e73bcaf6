"""Asking LAs for permission to share their figures, and recording their approvers' answers."""

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notinschool.accounts.models import Role, User
from notinschool.audit.services import audit_record
from notinschool.places.models import LocalAuthority, Network
from notinschool.sharing.models import Consent
from notinschool.sharing.recipients import recipient_label


def approvers_of(la: LocalAuthority) -> list[User]:
    """The LA's active approvers, who grant or refuse permission."""
    return list(
        User.objects.filter(local_authority=la, is_active=True, role_assignments__role=Role.LA_APPROVER).distinct()
    )


@transaction.atomic
def consent_request(
    *, network: Network, local_authorities: list[LocalAuthority], recipient: str, purpose: str, by=None, request=None
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
        consent.requested_by = by
        consent.requested_at = timezone.now()
        consent.decided_by = None
        consent.decided_at = None
        consent.decision_note = ""
        consent.save()
        asked.append(consent)
        recipients = [u.email for u in approvers_of(la)]
        if recipients:
            send_mail(
                subject=f"Permission asked: {la.name}'s figures for {label}",
                message=(
                    f"{network.name} asks for permission to share {la.name}'s approved figures with {label}.\n\n"
                    f"Why: {purpose or 'not given'}\n\n"
                    "Figures are rounded to the nearest 10 and small numbers suppressed "
                    "before they leave the network.\n"
                    f"Grant or refuse permission here: {reverse('sharing:consents')}\n"
                ),
                from_email=None,
                recipient_list=recipients,
            )
        audit_record(
            action="sharing.consent-requested",
            actor=by,
            request=request,
            local_authority=la,
            target_type="Consent",
            target_id=str(consent.pk),
            details={"recipient": recipient, "network": network.slug, "emailed": len(recipients)},
        )
    return asked


@transaction.atomic
def consent_decide(*, consent: Consent, granted: bool, note: str = "", by=None, request=None) -> Consent:
    """Record an approver's answer (and a change of mind later: it replaces the earlier one)."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    consent.status = Consent.Status.GRANTED if granted else Consent.Status.REFUSED
    consent.decided_by = by
    consent.decided_at = timezone.now()
    consent.decision_note = note
    consent.save()
    audit_record(
        action="sharing.consent-granted" if granted else "sharing.consent-refused",
        actor=by,
        request=request,
        local_authority=consent.local_authority,
        target_type="Consent",
        target_id=str(consent.pk),
        details={"recipient": consent.recipient, "network": consent.network.slug},
    )
    return consent
