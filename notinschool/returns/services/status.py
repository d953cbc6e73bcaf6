"""Moving a return through its statuses: submit, approve, send back, reopen; explaining queries.

Every change locks the return and checks the status it expects, so two people acting at the
same moment cannot both succeed, and every change is written to the return's history.
"""

from django.db import transaction
from django.utils import timezone

from notinschool.core.actor import SYSTEM, Actor
from notinschool.core.errors import ServiceError
from notinschool.places.services import data_changed
from notinschool.returns.models import QueryExplanation, Return, ReturnEvent, ReturnStatus, ReturnVersion
from notinschool.returns.services.telling import tell as tell_people


class ReturnStateError(ServiceError, ValueError):
    """The return is not in a state that allows this; the message says what to do."""


def _locked(record: Return) -> Return:
    return Return.objects.select_for_update().get(pk=record.pk)


def _move(record: Return, *, to: str, actor: Actor, description: str, reason: str = "", tell: bool = True) -> Return:
    before, by = record.status, actor.user
    record.status = to
    record.status_changed_at, record.status_changed_by = timezone.now(), by
    record.save()
    event = ReturnEvent.objects.create(
        return_record=record,
        version=record.current_version,
        from_status=before,
        to_status=to,
        description=description,
        reason=reason,
        by=by,
    )
    # Every network the LA is in shows its return: approved, or marked provisional, or missing.
    data_changed(la_ids=[record.local_authority_id])
    if tell:
        # The email is queued with the change and sent by a job after it commits, never inside it.
        tell_people(record=record, event=event, actor=actor)
    return record


def unexplained_queries(version: ReturnVersion) -> list[dict]:
    """The version's queries that still need an explanation: none written yet, or one the
    coordinator sent back (it needs a new one)."""
    explained = {
        (e.rule_code, e.where)
        for e in version.explanations.all()
        if e.text.strip() and e.review != QueryExplanation.Review.SENT_BACK
    }
    return [
        issue
        for issue in version.report.get("issues", [])
        if issue["severity"] == "query" and (issue["rule"], issue.get("where") or "") not in explained
    ]


@transaction.atomic
def return_submit(*, record: Return, actor: Actor = SYSTEM, tell: bool = True) -> Return:
    """Send the current version to the LA's approver: no errors, every query explained."""
    record = _locked(record)
    if record.status not in {ReturnStatus.DRAFT, ReturnStatus.REOPENED}:
        raise ReturnStateError(
            {
                ReturnStatus.HAS_ERRORS: "Fix the errors first: the current version has errors.",
                ReturnStatus.NOT_STARTED: "Send the return first: there is nothing to submit.",
                ReturnStatus.SUBMITTED: "The return has already been submitted.",
                ReturnStatus.APPROVED: "The return has already been approved.",
            }.get(ReturnStatus(record.status), "The return cannot be submitted now.")
        )
    version = record.current_version
    if version is None or version.has_errors:
        raise ReturnStateError("Fix the errors first: the current version has errors.")
    missing = unexplained_queries(version)
    if missing:
        raise ReturnStateError(
            f"Explain every query first: {len(missing)} still "
            f"{'needs' if len(missing) == 1 else 'need'} an explanation."
        )
    description = f"Version {version.number} submitted"
    return _move(record, to=ReturnStatus.SUBMITTED, actor=actor, description=description, tell=tell)


@transaction.atomic
def return_approve(*, record: Return, actor: Actor = SYSTEM, tell: bool = True) -> Return:
    """Approve the submitted version: from now on it is the one the dashboard shows."""
    record = _locked(record)
    if record.status != ReturnStatus.SUBMITTED:
        raise ReturnStateError("Only a submitted return can be approved.")
    approved = record.current_version
    if approved is None:
        raise ReturnStateError("There is no version to approve.")
    record.approved_version = approved
    return _move(
        record,
        to=ReturnStatus.APPROVED,
        actor=actor,
        description=f"Version {approved.number} approved",
        tell=tell,
    )


@transaction.atomic
def return_send_back(*, record: Return, reason: str, actor: Actor = SYSTEM, tell: bool = True) -> Return:
    """The approver returns a submitted return to the contributor, saying why."""
    if not reason.strip():
        raise ReturnStateError("Say why you are sending the return back")
    record = _locked(record)
    if record.status != ReturnStatus.SUBMITTED:
        raise ReturnStateError("Only a submitted return can be sent back.")
    return _move(
        record,
        to=ReturnStatus.DRAFT,
        actor=actor,
        description="Sent back to the contributor",
        reason=reason.strip(),
        tell=tell,
    )


@transaction.atomic
def return_reopen(*, record: Return, reason: str, actor: Actor = SYSTEM, tell: bool = True) -> Return:
    """The coordinator reopens a submitted or approved return. The approved version keeps
    feeding the dashboard until a new version is approved."""
    if not reason.strip():
        raise ReturnStateError("Say why you are reopening the return")
    record = _locked(record)
    if record.status not in {ReturnStatus.SUBMITTED, ReturnStatus.APPROVED}:
        raise ReturnStateError("Only a submitted or approved return can be reopened.")
    return _move(
        record,
        to=ReturnStatus.REOPENED,
        actor=actor,
        description="Reopened by the coordinator",
        reason=reason.strip(),
        tell=tell,
    )
