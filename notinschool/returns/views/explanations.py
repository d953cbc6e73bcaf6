"""Explaining a version's queries (the LA, all in one save) and reviewing each explanation
(the coordinator: accept, or send back with a comment)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from notinschool.accounts.permissions import Permission, requires
from notinschool.core.actor import Actor
from notinschool.places.lookups import la_from
from notinschool.returns import selectors, services
from notinschool.returns.presenters import issue_rows
from notinschool.returns.views.pages import record_or_404, return_context


def _typed_answers(request: HttpRequest, version) -> dict[int, services.Answer]:
    """The explanations typed on the page, by query index (each box is named by its index;
    the query it answers is read from the stored report, never from the form)."""
    queries = issue_rows(version.report, severity="query")
    answers = {}
    for index, issue in enumerate(queries):
        name = f"explanation-{index}"
        if name in request.POST:
            answers[index] = services.Answer(issue["rule"], issue.get("where") or "", request.POST[name])
    return answers


@requires(Permission.EDIT_RETURN, obj=la_from)
@require_POST
def explain(request: HttpRequest, la: str, period: str) -> HttpResponse:
    """Save every explanation typed on the return's page, or none: a refused one comes back
    with the GOV.UK error summary, its message by the box, and everything typed kept."""
    local_authority = la_from(request, la)
    record = record_or_404(local_authority, period)
    version = record.current_version
    if version is None:
        raise Http404("No version to explain")
    answers = _typed_answers(request, version)
    indexes = list(answers)
    try:
        saved = services.explanations_save(
            version=version, answers=[answers[i] for i in indexes], actor=Actor.from_request(request)
        )
    except services.ExplanationsRefused as exc:
        problems = {indexes[position]: message for position, message in exc.problems.items() if position < len(indexes)}
        typed = {index: answer.text for index, answer in answers.items()}
        context = return_context(request, local_authority, period, typed=typed, problems=problems)
        return render(request, "returns/return.html", context)
    except services.ReturnStateError as exc:
        messages.error(request, str(exc))
    else:
        count = len(saved)
        messages.success(
            request,
            f"{count} explanation{'s' * (count != 1)} saved."
            if count
            else "Nothing changed: the explanations were already saved.",
        )
    return redirect("returns:return", la=local_authority.old_code, period=period)


@requires(Permission.REVIEW_EXPLANATION, obj=la_from)
@require_POST
def review(request: HttpRequest, la: str, period: str, explanation_id: int) -> HttpResponse:
    """The coordinator accepts an explanation, or sends it back with a comment."""
    local_authority = la_from(request, la)
    record = record_or_404(local_authority, period)
    explanation = selectors.explanation_of(record, explanation_id)
    if explanation is None:
        raise Http404("No such explanation on this return")
    decision = request.POST.get("decision", "")
    if decision not in {"accept", "send_back"}:
        messages.error(request, "Choose whether to accept the explanation or send it back")
    else:
        try:
            services.explanation_review(
                explanation=explanation,
                accept=decision == "accept",
                comment=request.POST.get("comment", ""),
                actor=Actor.from_request(request),
            )
        except services.ReturnStateError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                "Explanation accepted. The local authority has been told."
                if decision == "accept"
                else "Explanation sent back. The local authority has been told what to add.",
            )
    return redirect("returns:return", la=local_authority.old_code, period=period)
