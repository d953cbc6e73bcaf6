"""Vignettes: written by LA users, checked for identifying details, reviewed by the coordinator."""

from django.db import transaction
from django.utils import timezone

from notinschool.audit.services import audit_record
from notinschool.core.actor import Actor
from notinschool.core.errors import ServiceError
from notinschool.places.models import Network
from notinschool.sharing.identifying import Finding, find_identifying_details
from notinschool.sharing.models import Vignette


class NeedsConfirmation(ServiceError, ValueError):
    """The text has possible identifying details and the writer has not confirmed it is safe."""

    def __init__(self, findings: list[Finding]):
        super().__init__("The text may identify a child.")
        self.findings = findings


def allowed_terms(network: Network) -> list[str]:
    """Words that are never a child's name here: the network's LA names and its own name."""
    return [network.name, *network.local_authorities.values_list("name", flat=True)]


def vignette_findings(*, network: Network, title: str, body: str) -> list[Finding]:
    """Possible identifying details in the title and body (positions in the body)."""
    terms = allowed_terms(network)
    return find_identifying_details(title, allowed_terms=terms) + find_identifying_details(body, allowed_terms=terms)


@transaction.atomic
def vignette_save(
    *,
    network: Network,
    author,
    title: str,
    body: str,
    measures: list[str],
    periods: list[str],
    confirmed: bool,
    vignette: Vignette | None = None,
    actor: Actor,
) -> Vignette:
    """Save a vignette for review. With warnings, the writer must have confirmed it is safe.

    Saving again (after a send-back) puts it back in the queue: it is not shown until approved."""
    findings = vignette_findings(network=network, title=title, body=body)
    if findings and not confirmed:
        raise NeedsConfirmation(findings)
    vignette = vignette or Vignette(network=network, local_authority=author.local_authority, author=author)
    vignette.title, vignette.body = title, body
    vignette.measures, vignette.periods = measures, periods
    vignette.status = Vignette.Status.SUBMITTED
    vignette.checked_not_identifying = confirmed
    vignette.warnings_when_saved = len(findings)
    vignette.updated_at = timezone.now()
    vignette.save()
    audit_record(
        action="sharing.vignette-saved",
        actor=actor,
        local_authority=vignette.local_authority,
        target_type="Vignette",
        target_id=str(vignette.pk),
        details={"warnings": len(findings), "confirmed": confirmed},
    )
    return vignette


@transaction.atomic
def vignette_review(*, vignette: Vignette, approve: bool, reason: str = "", actor: Actor) -> Vignette:
    """The coordinator approves (it shows) or sends back with a reason (it does not)."""
    if not approve and not reason.strip():
        raise ServiceError("Say why the vignette is sent back.")
    vignette.status = Vignette.Status.APPROVED if approve else Vignette.Status.SENT_BACK
    vignette.review_reason = "" if approve else reason.strip()
    vignette.reviewed_by = actor.user
    vignette.reviewed_at = timezone.now()
    vignette.save()
    audit_record(
        action="sharing.vignette-approved" if approve else "sharing.vignette-sent-back",
        actor=actor,
        local_authority=vignette.local_authority,
        target_type="Vignette",
        target_id=str(vignette.pk),
    )
    return vignette
