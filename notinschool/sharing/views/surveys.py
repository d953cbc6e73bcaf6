"""Surveys: the coordinator defines and opens them; each LA answers once; results for all."""

import re
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from notinschool.accounts.permissions import Permission, requires
from notinschool.core.actor import Actor
from notinschool.places.lookups import network_from
from notinschool.sharing import selectors
from notinschool.sharing.models import Survey, SurveyQuestion
from notinschool.sharing.presenters import option_labels, survey_results
from notinschool.sharing.services import surveys as services
from notinschool.sharing.views.vignettes import may_write as is_la_user_in

KINDS = {"number": "number", "yesno": "yes_no", "choice": "choice", "text": "text"}
YEAR = re.compile(r"^20\d\d-\d\d$")
MAX_NUMBER = Decimal("100000")


def parse_questions(text: str) -> tuple[list[dict], list[str]]:
    """Questions written one a line as ``kind | question | hint or choices (a; b; c)``."""
    questions, problems = [], []
    for number, line in enumerate((x for x in text.splitlines() if x.strip()), start=1):
        parts = [p.strip() for p in line.split("|")]
        kind = KINDS.get(parts[0].lower())
        if kind is None or len(parts) < 2 or not parts[1]:
            problems.append(f"Question {number} must start with number, yesno, choice or text, then | and the question")
            continue
        extra = parts[2] if len(parts) > 2 else ""
        choices = [c.strip() for c in extra.split(";") if c.strip()] if kind == "choice" else []
        if kind == "choice" and len(choices) < 2:
            problems.append(f"Question {number} needs at least two choices, separated by semicolons")
        questions.append(
            {
                "code": f"q{number}",
                "text": parts[1][:250],
                "kind": kind,
                "choices": choices,
                "hint": "" if choices else extra[:250],
            }
        )
    if not questions and not problems:
        problems.append("Write at least one question")
    return questions, problems


@requires(Permission.VIEW_NETWORK, obj=network_from)
@require_safe
def surveys(request: HttpRequest, network: str) -> HttpResponse:
    """The network's surveys."""
    network_obj = network_from(request, network)
    context = {
        "page_title": "Surveys",
        "network": network_obj,
        "surveys": selectors.surveys_for_network(network_obj),
        "coordinator": request.user.has_perm(Permission.MANAGE_SHARING, network_obj),
    }
    return render(request, "sharing/surveys.html", context)


@requires(Permission.MANAGE_SHARING, obj=network_from)
@require_http_methods(["GET", "HEAD", "POST"])
def survey_new(request: HttpRequest, network: str) -> HttpResponse:
    """Define a survey (saved as a draft)."""
    network_obj = network_from(request, network)
    values, errors = request.POST, []
    if request.method == "POST":
        title, year = values.get("title", "").strip()[:150], values.get("year", "").strip()
        if not title:
            errors.append({"text": "Enter a title", "href": "#title"})
        if not YEAR.match(year):
            errors.append({"text": "Enter the academic year like 2025-26", "href": "#year"})
        questions, problems = parse_questions(values.get("questions", ""))
        errors += [{"text": p, "href": "#questions"} for p in problems]
        if not errors:
            survey = services.survey_create(
                network=network_obj,
                title=title,
                year=year,
                introduction=values.get("introduction", "")[:2000],
                caveats=values.get("caveats", "")[:2000],
                questions=questions,
                actor=Actor.from_request(request),
            )
            messages.success(request, "Survey saved as a draft. Open it when LAs should answer.")
            return redirect("sharing:survey", network=network_obj.slug, pk=survey.pk)
    context = {"page_title": "New survey", "network": network_obj, "values": values, "error_list": errors}
    return render(request, "sharing/survey_new.html", context)


def _survey(network_obj, pk: int) -> Survey:
    return get_object_or_404(Survey, pk=pk, network=network_obj)


@requires(Permission.VIEW_NETWORK, obj=network_from)
@require_safe
def survey_detail(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """Results as tables and bar charts, with the coordinator's caveats and last year's answers."""
    network_obj = network_from(request, network)
    survey = _survey(network_obj, pk)
    la = request.user.local_authority if is_la_user_in(request.user, network_obj) else None
    context = {
        "page_title": f"{survey.title} {survey.year}",
        "network": network_obj,
        "survey": survey,
        "results": survey_results(survey, previous=survey.copied_from),
        "coordinator": request.user.has_perm(Permission.MANAGE_SHARING, network_obj),
        "la": la,
        "answered": selectors.survey_response_of(survey, la) is not None,
        "count": survey.responses.count(),
        "total": network_obj.local_authorities.count(),
    }
    return render(request, "sharing/survey.html", context)


def read_answers(survey: Survey, post) -> tuple[dict, list[dict]]:
    """The answers posted for each question, checked by its kind."""
    answers, errors = {}, []
    for question in survey.questions.all():
        raw = post.get(question.code, "").strip()
        if raw == "":
            answers[question.code] = None
            continue
        if question.kind == SurveyQuestion.Kind.NUMBER:
            try:
                number = Decimal(raw.replace(",", ""))
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite() or number < 0 or number > MAX_NUMBER:
                errors.append(
                    {"text": f"“{question.text}” must be a number, 0 or more, like 2.5", "href": f"#{question.code}"}
                )
                continue
            answers[question.code] = str(number.quantize(Decimal("0.01")).normalize())
        elif question.kind in (SurveyQuestion.Kind.YES_NO, SurveyQuestion.Kind.CHOICE):
            if raw not in {value for value, _ in option_labels(question)}:
                errors.append({"text": f"Select an answer to “{question.text}”", "href": f"#{question.code}"})
                continue
            answers[question.code] = raw
        else:
            answers[question.code] = raw[:500]
    return answers, errors


@requires(Permission.VIEW_NETWORK, obj=network_from)
@require_http_methods(["GET", "HEAD", "POST"])
def survey_answer(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """The signed-in user's own LA's answers: never another LA's, whatever is posted."""
    network_obj = network_from(request, network)
    survey = _survey(network_obj, pk)
    if not is_la_user_in(request.user, network_obj):
        raise PermissionDenied("Only users of an LA in the network answer its surveys")
    la = request.user.local_authority
    existing = selectors.survey_response_of(survey, la)
    values = request.POST if request.method == "POST" else (existing.answers if existing else {})
    errors = []
    if request.method == "POST":
        answers, errors = read_answers(survey, request.POST)
        if not errors:
            try:
                services.response_save(
                    survey=survey, local_authority=la, answers=answers, actor=Actor.from_request(request)
                )
            except services.SurveyClosed as exc:
                errors = [{"text": str(exc), "href": "#main-content"}]
            else:
                messages.success(request, f"{la.name}'s answers saved. You can change them until the survey closes.")
                return redirect("sharing:survey", network=network_obj.slug, pk=survey.pk)
    context = {
        "page_title": f"Answer: {survey.title} {survey.year}",
        "network": network_obj,
        "survey": survey,
        "la": la,
        "values": values,
        "error_list": errors,
        "option_labels": option_labels,
    }
    return render(request, "sharing/survey_answer.html", context)


@requires(Permission.MANAGE_SHARING, obj=network_from)
@require_POST
def survey_status(request: HttpRequest, network: str, pk: int) -> HttpResponse:
    """Open, close, or copy the survey to a new year."""
    network_obj = network_from(request, network)
    survey = _survey(network_obj, pk)
    action = request.POST.get("action")
    if action in {"open", "closed"}:
        services.survey_set_status(survey=survey, status=action, actor=Actor.from_request(request))
        messages.success(request, f"Survey {'opened' if action == 'open' else 'closed'}.")
    elif action == "copy" and YEAR.match(request.POST.get("year", "")):
        copy = services.survey_copy(survey=survey, year=request.POST["year"], actor=Actor.from_request(request))
        messages.success(request, f"Copied to {copy.year} as a draft.")
        return redirect("sharing:survey", network=network_obj.slug, pk=copy.pk)
    else:
        messages.error(request, "Choose what to do with the survey (a copy needs a year like 2026-27).")
    return redirect("sharing:survey", network=network_obj.slug, pk=survey.pk)
