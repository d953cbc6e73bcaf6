"""A return's journey: explain queries, submit, approve, send back, reopen."""

import pytest

from notinschool.accounts.models import User
from notinschool.core.actor import Actor
from notinschool.places.selectors import la_by_code
from notinschool.returns import selectors, services
from notinschool.returns.models import ReturnEvent, ReturnStatus
from notinschool.returns.tests.factories import PERIOD, filled_xlsx, good_figures, open_collection


@pytest.fixture
def kent(demo):
    open_collection()
    return la_by_code("886")


def contributor():
    return User.objects.get(email="contributor@kent.example")


def approver():
    return User.objects.get(email="approver@kent.example")


def store(kent, figures=None, seed=1):
    data = filled_xlsx(figures=figures) if figures else filled_xlsx(seed=seed)
    return services.version_create_from_file(
        la=kent, period=PERIOD, data=data, filename="k.xlsx", actor=Actor.of(contributor(), via="web")
    )


def with_query(figures: dict) -> dict:
    """Figures that raise the 'all CME reasons not recorded' query and nothing else."""
    figures = dict(figures)
    total = figures[("cme_total", None)]
    for key in list(figures):
        if key[0] == "cme_by_reason":
            figures[key] = 0
    figures[("cme_by_reason", "not_recorded")] = total
    return figures


@pytest.mark.django_db
def test_submit_then_approve_and_the_history_says_so(kent):
    outcome = store(kent)
    record = outcome.version.return_record
    services.return_submit(record=record, actor=Actor.of(contributor(), via="web"))
    services.return_approve(record=record, actor=Actor.of(approver(), via="web"))
    record.refresh_from_db()
    assert record.status == ReturnStatus.APPROVED
    assert record.approved_version == outcome.version
    history = list(ReturnEvent.objects.filter(return_record=record).values_list("to_status", "by__email"))
    assert history == [
        (ReturnStatus.DRAFT, "contributor@kent.example"),
        (ReturnStatus.SUBMITTED, "contributor@kent.example"),
        (ReturnStatus.APPROVED, "approver@kent.example"),
    ]
    assert (
        selectors.approved_figures(period=PERIOD, local_authorities=[kent])["886"][("ehe_total", None)]
        == (good_figures()[("ehe_total", None)])
    )


@pytest.mark.django_db
def test_errors_block_submission(kent):
    figures = good_figures()
    figures[("ehe_by_sex", "male")] += 7
    record = store(kent, figures).version.return_record
    with pytest.raises(services.ReturnStateError, match="Fix the errors"):
        services.return_submit(record=record)


@pytest.mark.django_db
def test_queries_need_a_real_explanation_before_submission(kent):
    version = store(kent, with_query(good_figures())).version
    queries = [i for i in version.report["issues"] if i["severity"] == "query"]
    assert queries and version.error_count == 0
    record = version.return_record
    with pytest.raises(services.ReturnStateError, match="Explain every query"):
        services.return_submit(record=record)
    query = queries[0]
    with pytest.raises(services.ReturnStateError, match="20 characters or more"):
        services.query_explain(version=version, rule_code=query["rule"], where=query["where"] or "", text="ok")
    with pytest.raises(services.ReturnStateError, match="no such query"):
        services.query_explain(version=version, rule_code="NOT-A-RULE", where="", text="x" * 30)
    for query in queries:
        services.query_explain(
            version=version,
            rule_code=query["rule"],
            where=query["where"] or "",
            text="Our case system did not record reasons this term; fixed from January.",
        )
    services.return_submit(record=record)
    record.refresh_from_db()
    assert record.status == ReturnStatus.SUBMITTED


@pytest.mark.django_db
def test_send_back_needs_a_reason_and_returns_to_draft(kent):
    record = store(kent).version.return_record
    services.return_submit(record=record)
    with pytest.raises(services.ReturnStateError, match="Say why"):
        services.return_send_back(record=record, reason="  ")
    services.return_send_back(record=record, reason="Check the year groups", actor=Actor.of(approver(), via="web"))
    record.refresh_from_db()
    assert record.status == ReturnStatus.DRAFT
    assert record.events.last().reason == "Check the year groups"


@pytest.mark.django_db
def test_nothing_changes_a_submitted_or_approved_return_until_reopened(kent):
    first = store(kent).version
    record = first.return_record
    services.return_submit(record=record)
    with pytest.raises(services.SubmissionRefused, match="submitted"):
        store(kent, seed=2)
    services.return_approve(record=record)
    with pytest.raises(services.SubmissionRefused, match="approved"):
        services.version_create_from_figures(la=kent, period=PERIOD, figures=good_figures(seed=3))
    with pytest.raises(services.ReturnStateError):
        services.return_approve(record=record)

    services.return_reopen(record=record, reason="Kent found 12 more children", actor=Actor.system())
    second = store(kent, seed=2).version
    record.refresh_from_db()
    # The approved version still feeds the dashboard until the new one is approved.
    assert record.approved_version == first
    assert record.current_version == second
    assert selectors.version_figures(first) == {
        k: v for k, v in good_figures().items() if k in selectors.version_figures(first)
    }


@pytest.mark.django_db
def test_reopen_needs_a_submitted_or_approved_return(kent):
    record = store(kent).version.return_record
    with pytest.raises(services.ReturnStateError, match="submitted or approved"):
        services.return_reopen(record=record, reason="why not")
