"""Telling people when a return moves: its approvers when it is submitted, its contributor when
it is approved, sent back or reopened. Each email is queued in the same transaction as the
change, and sent by a job once that has committed (notinschool.notifications)."""

from django.urls import reverse

from notinschool.accounts.models import Role
from notinschool.accounts.selectors import people_of_la_with_role
from notinschool.core.actor import Actor
from notinschool.notifications.rendering import absolute_url
from notinschool.notifications.services import notify
from notinschool.periods import period_label
from notinschool.returns.models import ExplanationEvent, QueryExplanation, Return, ReturnEvent, ReturnStatus
from notinschool.returns.notifications import APPROVED, EXPLANATION_REVIEWED, REOPENED, SENT_BACK, SUBMITTED


def return_link(record: Return) -> str:
    """The return's page, as a full address for an email."""
    return absolute_url(
        reverse("returns:return", kwargs={"la": record.local_authority.old_code, "period": record.period})
    )


def _context(record: Return, event: ReturnEvent, actor: Actor) -> dict:
    version = record.current_version
    return {
        "la_name": record.local_authority.name,
        "period_label": period_label(record.period),
        "version": version.number if version else "",
        "queries": version.query_count if version else 0,
        "actor_name": actor.user.display_name if actor.user is not None else "The service",
        "reason": event.reason,
        "link": return_link(record),
    }


def contributor_emails(record: Return) -> list[str]:
    """Who sent the return in: the person who last submitted it, else who made the current
    version, else the LA's contributors."""
    submitted = record.events.filter(to_status=ReturnStatus.SUBMITTED, by__isnull=False).order_by("-at", "-id")
    last = submitted.select_related("by").first()
    if last is not None and last.by is not None and last.by.is_active:
        return [last.by.email]
    version = record.current_version
    if version is not None and version.created_by is not None and version.created_by.is_active:
        return [version.created_by.email]
    return [person.email for person in people_of_la_with_role(record.local_authority, Role.LA_CONTRIBUTOR)]


def tell(*, record: Return, event: ReturnEvent, actor: Actor) -> None:
    """Queue the email this change of status calls for, if any."""
    if event.to_status == ReturnStatus.SUBMITTED:
        kind = SUBMITTED
        recipients = [person.email for person in people_of_la_with_role(record.local_authority, Role.LA_APPROVER)]
    elif event.to_status == ReturnStatus.APPROVED:
        kind, recipients = APPROVED, contributor_emails(record)
    elif event.to_status == ReturnStatus.REOPENED:
        kind, recipients = REOPENED, contributor_emails(record)
    elif event.from_status == ReturnStatus.SUBMITTED and event.to_status == ReturnStatus.DRAFT:
        kind, recipients = SENT_BACK, contributor_emails(record)
    else:
        return
    notify(
        kind=kind.code,
        recipients=recipients,
        context=_context(record, event, actor),
        about=record,
        actor=actor,
        idempotency_key=f"{kind.code}:{event.pk}",
    )


def tell_explanation_reviewed(
    *, record: Return, explanation: QueryExplanation, event: ExplanationEvent, actor: Actor
) -> None:
    """Queue the email telling the LA that the coordinator accepted or sent back an explanation:
    to whoever wrote it and whoever sent the return in."""
    recipients = set(contributor_emails(record))
    if explanation.written_by is not None and explanation.written_by.is_active:
        recipients.add(explanation.written_by.email)
    notify(
        kind=EXPLANATION_REVIEWED.code,
        recipients=sorted(recipients),
        context={
            "la_name": record.local_authority.name,
            "period_label": period_label(record.period),
            "actor_name": actor.user.display_name if actor.user is not None else "The service",
            "sent_back": event.kind == ExplanationEvent.Kind.SENT_BACK,
            "where": explanation.where or "the whole return",
            "rule": explanation.rule_code,
            "comment": event.comment,
            "link": return_link(record),
        },
        about=record,
        actor=actor,
        idempotency_key=f"{EXPLANATION_REVIEWED.code}:{event.pk}",
    )
