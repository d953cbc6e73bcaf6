"""Explaining queries: the content check, one save for all, the GOV.UK error pattern, and the
coordinator's review (accept, or send back with a comment), with the LA told and history kept."""

import pytest
from django.core import mail

from notinschool.accounts.models import User
from notinschool.core.actor import Actor
from notinschool.jobs.testing import run_queued_jobs
from notinschool.returns import services
from notinschool.returns.explaining import explanation_problem
from notinschool.returns.models import ExplanationEvent, QueryExplanation, Return, ReturnStatus
from notinschool.returns.tests.factories import PERIOD, good_figures
from notinschool.returns.tests.test_pages import sign_in
from notinschool.returns.tests.test_status import kent, store, with_query  # noqa: F401 - kent is a fixture

RETURN_URL = f"/returns/886/{PERIOD}/"
GOOD = "Our case system had no reason field until November; officers now record one at each referral."
CME_QUERY = {
    "rule": "CME-REASON-NOT-RECORDED",
    "message": "10 of 10 children (100%) in children missing education by main reason are 'not recorded'.",
    "explanation_needed": (
        "Say why the reasons are not recorded (for example, the case system has no reason field yet) "
        "and what the LA is doing to record them from next term."
    ),
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Enter an explanation"),
        ("ok", "20 characters or more"),
        ("These figures are correct as sent.", "not only that it is correct"),
        ("The figures are right, we have checked them all.", "not only that it is correct"),
        ("Confirmed: the data is accurate and valid.", "not only that it is correct"),
        ("the case system has no reason field yet", "in your own words"),
        (GOOD, None),
        ("A data cleanse in October moved 40 children to the right category.", None),
    ],
)
def test_an_explanation_must_say_why(text, expected):
    problem = explanation_problem(text, CME_QUERY)
    if expected is None:
        assert problem is None
    else:
        assert expected in problem


def queried(kent):  # noqa: F811
    return store(kent, with_query(good_figures())).version


@pytest.mark.django_db
def test_one_save_for_all_queries_and_nothing_saved_if_one_fails(kent):  # noqa: F811
    version = queried(kent)
    queries = [i for i in version.report["issues"] if i["severity"] == "query"]
    answers = [services.Answer(q["rule"], q["where"] or "", GOOD) for q in queries]
    answers.append(services.Answer(queries[0]["rule"], queries[0]["where"] or "", "These figures are correct as sent."))
    with pytest.raises(services.ExplanationsRefused) as refused:
        services.explanations_save(version=version, answers=answers)
    assert list(refused.value.problems) == [len(answers) - 1]
    assert not QueryExplanation.objects.exists()
    saved = services.explanations_save(version=version, answers=answers[:-1])
    assert len(saved) == len(queries)
    assert ExplanationEvent.objects.filter(kind="written").count() == len(queries)


@pytest.mark.django_db
def test_refused_explanation_shows_the_govuk_error_pattern_and_keeps_the_text(client, kent):  # noqa: F811
    queried(kent)
    sign_in(client, "contributor@kent.example")
    page = client.get(RETURN_URL).content.decode()
    assert 'href="#queries">Explain each query below</a>' in page
    response = client.post(RETURN_URL + "explain/", {"explanation-0": "These figures are correct as sent."})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert 'class="govuk-error-summary' in html and 'href="#explanation-0"' in html
    assert 'id="explanation-0-error"' in html  # the message by the field
    assert "These figures are correct as sent.</textarea>" in html
    assert not QueryExplanation.objects.exists()

    response = client.post(RETURN_URL + "explain/", {"explanation-0": GOOD}, follow=True)
    html = response.content.decode()
    assert "1 explanation saved." in html
    assert "Explain each query below" not in html  # the to-do item leaves
    assert "<textarea" not in html.split('id="queries"')[1].split("Versions")[0]  # no empty box
    assert "Change the explanation" in html
    assert "Submit to your approver" in html
    html = client.get(RETURN_URL + "?change=0").content.decode()
    assert f"{GOOD}</textarea>" in html


def _submitted_and_explained(kent):  # noqa: F811
    version = queried(kent)
    for query in (i for i in version.report["issues"] if i["severity"] == "query"):
        services.query_explain(
            version=version,
            rule_code=query["rule"],
            where=query["where"] or "",
            text=GOOD,
            actor=Actor.of(User.objects.get(email="contributor@kent.example"), via="web"),
        )
    services.return_submit(record=version.return_record, tell=False)
    return version


@pytest.mark.django_db
def test_coordinator_sends_an_explanation_back_and_the_la_is_told(client, kent):  # noqa: F811
    version = _submitted_and_explained(kent)
    explanation = version.explanations.get()
    coordinator = sign_in(client, "coordinator@south-east.example")
    tracking = client.get(f"/networks/south-east/collections/{PERIOD}/").content.decode()
    assert "1 to review" in tracking
    html = client.get(RETURN_URL).content.decode()
    assert "Does this explain the query?" in html
    assert "Review the explanation below" in html
    review_url = RETURN_URL + f"explanations/{explanation.pk}/review/"

    client.post(review_url, {"decision": "send_back", "comment": ""})
    explanation.refresh_from_db()
    assert explanation.review == QueryExplanation.Review.WAITING  # a send-back needs a comment

    client.post(review_url, {"decision": "send_back", "comment": "Say when the reason field will be added."})
    explanation.refresh_from_db()
    assert explanation.review == QueryExplanation.Review.SENT_BACK
    assert explanation.reviewed_by == coordinator
    run_queued_jobs()
    told = [m for m in mail.outbox if "sent back" in m.subject]
    assert told and told[0].to == ["contributor@kent.example"]
    assert "Say when the reason field will be added." in told[0].body
    assert "the return for Autumn term 2025 to 2026" in told[0].body

    client.logout()
    sign_in(client, "contributor@kent.example")
    html = client.get(RETURN_URL).content.decode()
    assert "The coordinator sent back 1 explanation" in html
    assert "Your new explanation" in html
    record = Return.objects.get()
    with pytest.raises(services.ReturnStateError):
        services.return_submit(record=record)  # the sent-back explanation needs a new one first
    client.post(RETURN_URL + "explain/", {"explanation-0": GOOD + " The field goes live on 6 January."})
    explanation.refresh_from_db()
    assert explanation.review == QueryExplanation.Review.WAITING
    kinds = list(explanation.events.values_list("kind", flat=True))
    assert kinds == ["written", "sent_back", "written"]  # the history is kept
    html = client.get(RETURN_URL).content.decode()
    assert "History of this explanation" in html


@pytest.mark.django_db
def test_coordinator_accepts_and_only_a_waiting_explanation_is_reviewed(kent):  # noqa: F811
    version = _submitted_and_explained(kent)
    explanation = version.explanations.get()
    actor = Actor.of(User.objects.get(email="coordinator@south-east.example"), via="web")
    services.explanation_review(explanation=explanation, accept=True, actor=actor)
    assert explanation.events.last().kind == "accepted"
    with pytest.raises(services.ReturnStateError, match="already been accepted"):
        services.explanation_review(explanation=explanation, accept=False, comment="No", actor=actor)
    # An accepted explanation cannot be rewritten once the return is submitted.
    with pytest.raises(services.ReturnStateError):
        services.query_explain(
            version=version, rule_code=explanation.rule_code, where=explanation.where, text=GOOD + " More."
        )
    assert Return.objects.get().status == ReturnStatus.SUBMITTED


@pytest.mark.django_db
def test_reviewing_an_explanation_of_another_return_is_not_found(client, kent):  # noqa: F811
    explanation = _submitted_and_explained(kent).explanations.get()
    sign_in(client, "coordinator@south-east.example")
    other_return = f"/returns/936/{PERIOD}/explanations/{explanation.pk}/review/"
    assert client.post(other_return, {"decision": "accept"}).status_code == 404
    assert client.post(RETURN_URL + "explanations/999999/review/", {"decision": "accept"}).status_code == 404
    response = client.post(RETURN_URL + f"explanations/{explanation.pk}/review/", {"decision": "maybe"}, follow=True)
    assert "Choose whether to accept the explanation or send it back" in response.content.decode()
    explanation.refresh_from_db()
    assert explanation.review == QueryExplanation.Review.WAITING
