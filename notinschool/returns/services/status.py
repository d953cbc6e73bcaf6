"""Moving a return through its statuses: submit, approve, send back, reopen; explaining queries.

Every change locks the return and checks the status it expects, so two people acting at the
same moment cannot both succeed, and every change is written to the return's history.
"""

from django.db import transaction
from django.utils import timezone

from notinschool.returns.models import QueryExplanation, Return, ReturnEvent, ReturnStatus, ReturnVersion

MIN_EXPLANATION_LENGTH = 20


class ReturnStateError(ValueError):
    """The return is not in a state that allows this; the message says what to do."""


def _locked(record: Return) -> Return:
    return Return.objects.select_for_update().get(pk=record.pk)


def _move(record: Return, *, to: str, by, description: str, reason: str = "") -> Return:
    before = record.status
    record.status = to
    record.status_changed_at, record.status_changed_by = timezone.now(), by
    record.save()
    ReturnEvent.objects.create(
        return_record=record,
        version=record.current_version,
        from_status=before,
        to_status=to,
        description=description,
        reason=reason,
        by=by,
    )
    return record


def unexplained_queries(version: ReturnVersion) -> list[dict]:
    """The version's queries that have no explanation yet."""
    explained = {(e.rule_code, e.where) for e in version.explanations.all() if e.text.strip()}
    return [
        issue
        for issue in version.report.get("issues", [])
        if issue["severity"] == "query" and (issue["rule"], issue.get("where") or "") not in explained
    ]


@transaction.atomic
def query_explain(*, version: ReturnVersion, rule_code: str, where: str, text: str, by=None) -> QueryExplanation:
    """Record (or replace) the LA's explanation of one query on the current version."""
    record = _locked(version.return_record)
    if record.current_version_id != version.id:
        raise ReturnStateError("This is not the current version. Explain the queries on the current version.")
    if record.status not in {ReturnStatus.DRAFT, ReturnStatus.REOPENED}:
        raise ReturnStateError(f"The return is {record.get_status_display().lower()}: explanations cannot change now.")
    queries = {(i["rule"], i.get("where") or "") for i in version.report.get("issues", []) if i["severity"] == "query"}
    if (rule_code, where) not in queries:
        raise ReturnStateError("There is no such query on this version.")
    text = text.strip()
    if len(text) < MIN_EXPLANATION_LENGTH:
        raise ReturnStateError(
            f"Explain the query in at least {MIN_EXPLANATION_LENGTH} characters, saying what the rule asks for"
        )
    explanation, _ = QueryExplanation.objects.update_or_create(
        version=version, rule_code=rule_code, where=where, defaults={"text": text, "written_by": by}
    )
    return explanation


@transaction.atomic
def return_submit(*, record: Return, by=None) -> Return:
    """Send the current version to the LA's approver: no errors, every query explained."""
    record = _locked(record)
    if record.status not in {ReturnStatus.DRAFT, ReturnStatus.REOPENED}:
        raise ReturnStateError(
            {
                ReturnStatus.HAS_ERRORS: "Fix the errors first: the current version has errors.",
                ReturnStatus.NOT_STARTED: "Send the return first: there is nothing to submit.",
                ReturnStatus.SUBMITTED: "The return has already been submitted.",
                ReturnStatus.APPROVED: "The return has already been approved.",
            }.get(record.status, "The return cannot be submitted now.")
        )
    version = record.current_version
    if version is None or version.has_errors:
        raise ReturnStateError("Fix the errors first: the current version has errors.")
    missing = unexplained_queries(version)
    if missing:
        raise ReturnStateError(f"Explain every query first: {len(missing)} still need an explanation.")
    return _move(record, to=ReturnStatus.SUBMITTED, by=by, description=f"Version {version.number} submitted")


@transaction.atomic
def return_approve(*, record: Return, by=None) -> Return:
    """Approve the submitted version: from now on it is the one the dashboard shows."""
    record = _locked(record)
    if record.status != ReturnStatus.SUBMITTED:
        raise ReturnStateError("Only a submitted return can be approved.")
    record.approved_version = record.current_version
    return _move(
        record, to=ReturnStatus.APPROVED, by=by, description=f"Version {record.current_version.number} approved"
    )


@transaction.atomic
def return_send_back(*, record: Return, reason: str, by=None) -> Return:
    """The approver returns a submitted return to the contributor, saying why."""
    if not reason.strip():
        raise ReturnStateError("Say why you are sending the return back")
    record = _locked(record)
    if record.status != ReturnStatus.SUBMITTED:
        raise ReturnStateError("Only a submitted return can be sent back.")
    return _move(
        record, to=ReturnStatus.DRAFT, by=by, description="Sent back to the contributor", reason=reason.strip()
    )


@transaction.atomic
def return_reopen(*, record: Return, reason: str, by=None) -> Return:
    """The coordinator reopens a submitted or approved return. The approved version keeps
    feeding the dashboard until a new version is approved."""
    if not reason.strip():
        raise ReturnStateError("Say why you are reopening the return")
    record = _locked(record)
    if record.status not in {ReturnStatus.SUBMITTED, ReturnStatus.APPROVED}:
        raise ReturnStateError("Only a submitted or approved return can be reopened.")
    return _move(
        record, to=ReturnStatus.REOPENED, by=by, description="Reopened by the coordinator", reason=reason.strip()
    )
