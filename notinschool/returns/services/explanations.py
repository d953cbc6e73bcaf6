"""Explaining queries, and the coordinator's review of each explanation (ADR 0311).

The LA writes its explanations of a version's queries together, in one save; each is checked
for content (notinschool.returns.explaining) and nothing is saved unless every one typed passes.
The coordinator then accepts each explanation or sends it back with a comment; the LA is told,
and a sent-back explanation needs a new one, whatever the return's status. Every writing and
review is kept as an `ExplanationEvent`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from notinschool.core.actor import SYSTEM, Actor
from notinschool.returns.explaining import explanation_problem
from notinschool.returns.models import ExplanationEvent, QueryExplanation, Return, ReturnStatus, ReturnVersion
from notinschool.returns.services.status import ReturnStateError
from notinschool.returns.services.telling import tell_explanation_reviewed

WRITABLE = {ReturnStatus.DRAFT, ReturnStatus.REOPENED}


@dataclass(frozen=True)
class Answer:
    """What the LA typed for one query: the query's rule and cell, and the text."""

    rule_code: str
    where: str
    text: str


class ExplanationsRefused(ReturnStateError):
    """Some explanations typed do not explain their query: `problems` maps the index of each
    refused answer to what is wrong with it. Nothing was saved."""

    def __init__(self, problems: dict[int, str]):
        self.problems = problems
        super().__init__(f"{len(problems)} explanation{'s' * (len(problems) != 1)} need more")


def _queries(version: ReturnVersion) -> dict[tuple[str, str], dict]:
    return {
        (issue["rule"], issue.get("where") or ""): issue
        for issue in version.report.get("issues", [])
        if issue["severity"] == "query"
    }


def _locked_current(version: ReturnVersion) -> Return:
    record = Return.objects.select_for_update().get(pk=version.return_record_id)
    if record.current_version_id != version.id:
        raise ReturnStateError("This is not the current version. Explain the queries on the current version.")
    return record


def can_write(record: Return, explanation: QueryExplanation | None) -> bool:
    """Whether the LA may write this explanation now: any, while the return is a draft or
    reopened; afterwards only one the coordinator sent back."""
    if record.status in WRITABLE:
        return True
    sent_back = explanation is not None and explanation.review == QueryExplanation.Review.SENT_BACK
    return sent_back and record.status in {ReturnStatus.SUBMITTED, ReturnStatus.APPROVED}


@transaction.atomic
def explanations_save(
    *, version: ReturnVersion, answers: Iterable[Answer], actor: Actor = SYSTEM
) -> list[QueryExplanation]:
    """Save the LA's explanations of the current version's queries, all or none. Blank answers
    are skipped, unless every answer is blank. Raises ExplanationsRefused naming each answer
    that does not explain its query, or ReturnStateError when none may be written now."""
    record, by = _locked_current(version), actor.user
    queries = _queries(version)
    existing = {(e.rule_code, e.where): e for e in version.explanations.all()}
    answers = list(answers)
    problems: dict[int, str] = {}
    to_save: list[tuple[Answer, dict]] = []
    for index, answer in enumerate(answers):
        query = queries.get((answer.rule_code, answer.where))
        if query is None:
            raise ReturnStateError("There is no such query on this version.")
        if not answer.text.strip():
            continue
        if not can_write(record, existing.get((answer.rule_code, answer.where))):
            raise ReturnStateError(
                f"The return is {record.get_status_display().lower()}: only an explanation the coordinator "
                "sent back can change now."
            )
        problem = explanation_problem(answer.text, query)
        if problem:
            problems[index] = problem
        else:
            to_save.append((answer, query))
    if not to_save and not problems:
        first = next(iter(queries.values()), {})
        problems = {0: explanation_problem("", first) or "Enter an explanation."} if answers else {}
    if problems:
        raise ExplanationsRefused(problems)
    saved = []
    for answer, _ in to_save:
        text = answer.text.strip()
        explanation = existing.get((answer.rule_code, answer.where))
        if explanation is not None and explanation.text == text and explanation.review != explanation.Review.SENT_BACK:
            continue  # unchanged: no new history entry
        explanation, _ = QueryExplanation.objects.update_or_create(
            version=version,
            rule_code=answer.rule_code,
            where=answer.where,
            defaults={
                "text": text,
                "written_by": by,
                "review": QueryExplanation.Review.WAITING,
                "review_comment": "",
                "reviewed_by": None,
                "reviewed_at": None,
            },
        )
        ExplanationEvent.objects.create(explanation=explanation, kind=ExplanationEvent.Kind.WRITTEN, text=text, by=by)
        saved.append(explanation)
    return saved


def query_explain(
    *, version: ReturnVersion, rule_code: str, where: str, text: str, actor: Actor = SYSTEM
) -> QueryExplanation:
    """Record (or replace) the LA's explanation of one query on the current version."""
    record = version.return_record
    if not can_write(record, version.explanations.filter(rule_code=rule_code, where=where).first()):
        raise ReturnStateError(f"The return is {record.get_status_display().lower()}: explanations cannot change now.")
    try:
        saved = explanations_save(version=version, answers=[Answer(rule_code, where, text)], actor=actor)
    except ExplanationsRefused as exc:
        raise ReturnStateError(exc.problems[0]) from exc
    return saved[0] if saved else version.explanations.get(rule_code=rule_code, where=where)


@transaction.atomic
def explanation_review(
    *, explanation: QueryExplanation, accept: bool, comment: str = "", actor: Actor
) -> QueryExplanation:
    """The coordinator accepts an explanation, or sends it back saying what is missing. The LA
    is told either way; a sent-back explanation needs a new one before the return can be
    submitted again."""
    comment = comment.strip()
    if not accept and not comment:
        raise ReturnStateError("Say what the explanation is missing, so the local authority knows what to add")
    record = _locked_current(explanation.version)
    explanation = QueryExplanation.objects.select_for_update().get(pk=explanation.pk)
    if explanation.review != QueryExplanation.Review.WAITING:
        raise ReturnStateError(
            f"This explanation has already been {explanation.get_review_display().lower()}: "
            "it can be reviewed again once the local authority rewrites it."
        )
    explanation.review = QueryExplanation.Review.ACCEPTED if accept else QueryExplanation.Review.SENT_BACK
    explanation.review_comment = comment
    explanation.reviewed_by, explanation.reviewed_at = actor.user, timezone.now()
    explanation.save()
    event = ExplanationEvent.objects.create(
        explanation=explanation,
        kind=ExplanationEvent.Kind.ACCEPTED if accept else ExplanationEvent.Kind.SENT_BACK,
        text=explanation.text,
        comment=comment,
        by=actor.user,
    )
    tell_explanation_reviewed(record=record, explanation=explanation, event=event, actor=actor)
    return explanation
