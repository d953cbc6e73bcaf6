"""Surveys: defined and opened by the coordinator, answered once per LA, copied to a new year."""

from django.db import transaction
from django.utils import timezone

from notinschool.audit.services import audit_record
from notinschool.core.actor import Actor
from notinschool.core.errors import ServiceError
from notinschool.places.models import LocalAuthority, Network
from notinschool.sharing.models import Survey, SurveyQuestion, SurveyResponse


class SurveyClosed(ServiceError, ValueError):
    """Answers can only be changed while the survey is open."""


@transaction.atomic
def survey_create(
    *,
    network: Network,
    title: str,
    year: str,
    introduction: str = "",
    caveats: str = "",
    questions: list[dict],
    actor: Actor,
) -> Survey:
    """A draft survey with its questions: dicts of code, text, kind, and hint and choices if any."""
    survey = Survey.objects.create(
        network=network, title=title, year=year, introduction=introduction, caveats=caveats, created_by=actor.user
    )
    for order, question in enumerate(questions, start=1):
        SurveyQuestion.objects.create(
            survey=survey,
            order=order,
            code=question["code"],
            text=question["text"],
            hint=question.get("hint", ""),
            kind=question["kind"],
            choices=list(question.get("choices", [])),
        )
    audit_record(action="sharing.survey-created", actor=actor, target_type="Survey", target_id=str(survey.pk))
    return survey


@transaction.atomic
def survey_set_status(*, survey: Survey, status: str, actor: Actor) -> Survey:
    """Open or close a survey (closing freezes every LA's answers)."""
    survey.status = Survey.Status(status)
    survey.save(update_fields=["status"])
    audit_record(action=f"sharing.survey-{status}", actor=actor, target_type="Survey", target_id=str(survey.pk))
    return survey


@transaction.atomic
def survey_copy(*, survey: Survey, year: str, actor: Actor) -> Survey:
    """The same survey for another year, as a draft, so results can be compared year on year."""
    copy = survey_create(
        network=survey.network,
        title=survey.title,
        year=year,
        introduction=survey.introduction,
        caveats=survey.caveats,
        questions=[
            {"code": q.code, "text": q.text, "hint": q.hint, "kind": q.kind, "choices": q.choices}
            for q in survey.questions.all()
        ],
        actor=actor,
    )
    copy.copied_from = survey
    copy.save(update_fields=["copied_from"])
    return copy


@transaction.atomic
def response_save(*, survey: Survey, local_authority: LocalAuthority, answers: dict, actor: Actor) -> SurveyResponse:
    """Create or replace the LA's one response, while the survey is open and the LA is in it."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.OPEN:
        raise SurveyClosed("This survey is closed, so answers cannot be changed.")
    if not survey.network.local_authorities.filter(pk=local_authority.pk).exists():
        raise PermissionError("This LA is not in the survey's network.")
    response, _ = SurveyResponse.objects.get_or_create(survey=survey, local_authority=local_authority)
    response.answers = answers
    response.updated_by = actor.user
    response.updated_at = timezone.now()
    response.save()
    audit_record(
        action="sharing.survey-answered",
        actor=actor,
        local_authority=local_authority,
        target_type="Survey",
        target_id=str(survey.pk),
    )
    return response
