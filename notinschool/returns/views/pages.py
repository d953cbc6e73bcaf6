"""One LA's return for one period: status, report, queries, versions, history, actions."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from notinschool.accounts.models import Role
from notinschool.accounts.permissions import Permission, requires
from notinschool.accounts.selectors import people_of_la_with_role
from notinschool.core.actor import Actor
from notinschool.intake.report import report_to_csv
from notinschool.notifications.selectors import notifications_about
from notinschool.periods import period_label
from notinschool.periods.lookups import spec_from
from notinschool.places.lookups import la_from
from notinschool.returns import presenters, selectors, services
from notinschool.returns.models import ReturnStatus, ReturnVersion
from notinschool.returns.services.status import unexplained_queries
from notinschool.validation.return_templates import build_csv_template, build_xlsx_template
from notinschool.validation.return_templates.common import template_filename


def return_context(request: HttpRequest, local_authority, period: str, *, typed=None, problems=None) -> dict:
    """Everything the return's page shows. `typed` and `problems` (by query index) come back
    from a refused save of explanations, so the page shows what was typed and what is wrong."""
    spec = spec_from(period)
    record = selectors.return_of(local_authority, period)
    version = record.current_version if record else None
    report = version.report if version else {}
    user = request.user
    can_edit = user.has_perm(Permission.EDIT_RETURN, local_authority)
    queries = presenters.query_rows(
        record,
        version,
        can_edit=can_edit,
        changing=request.GET.get("change", ""),
        typed=typed or {},
        problems=problems or {},
    )
    error_list = presenters.error_summary_items(report)
    if problems:
        where = {row["index"]: row["issue"].get("where") or "Whole return" for row in queries}
        # With several boxes, the summary says which query each message is about.
        error_list = [{"text": f"{where[i]}: {problems[i]}", "href": f"#explanation-{i}"} for i in sorted(problems)]
    return {
        "la": local_authority,
        "period": period,
        "period_label": period_label(period),
        "spec": spec,
        "record": record,
        "status": record.status if record else ReturnStatus.NOT_STARTED,
        "status_tag": presenters.status_tag(record.status if record else ReturnStatus.NOT_STARTED),
        "version": version,
        "errors": presenters.issue_rows(report, severity="error"),
        "queries": queries,
        "writable_queries": [q for q in queries if q["show_box"]],
        "to_review": sum(1 for q in queries if q["explanation"] and q["explanation"].review == "waiting"),
        "unexplained": len(unexplained_queries(version)) if version else 0,
        "versions": list(record.versions.select_related("created_by").order_by("-number")) if record else [],
        "events": list(record.events.select_related("by").order_by("-at", "-id")) if record else [],
        "emails": list(notifications_about(local_authority=local_authority, period=period)[:50]),
        "collections": selectors.collections_for_la(local_authority).filter(period=period),
        "accepting": selectors.collection_is_open_for(local_authority, period),
        "can_edit": can_edit,
        "can_approve": user.has_perm(Permission.APPROVE_RETURN, local_authority),
        "can_reopen": user.has_perm(Permission.REOPEN_RETURN, local_authority),
        "can_review": user.has_perm(Permission.REVIEW_EXPLANATION, local_authority),
        "error_list": error_list,
        "page_has_report": True,
    }


@requires(Permission.VIEW_RETURN, obj=la_from)
@require_safe
def return_page(request: HttpRequest, la: str, period: str) -> HttpResponse:
    """The return: what to do next, the current version's report, versions and history."""
    local_authority = la_from(request, la)
    return render(request, "returns/return.html", return_context(request, local_authority, period))


def record_or_404(local_authority, period):
    record = selectors.return_of(local_authority, period)
    if record is None:
        raise Http404("No return yet")
    return record


def _act(request, la: str, period: str, action, success) -> HttpResponse:
    local_authority = la_from(request, la)
    record = record_or_404(local_authority, period)
    try:
        action(record)
    except services.ReturnStateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success(local_authority) if callable(success) else success)
    return redirect("returns:return", la=local_authority.old_code, period=period)


def _submitted_message(local_authority) -> str:
    approvers = people_of_la_with_role(local_authority, Role.LA_APPROVER).count()
    if approvers == 0:
        return (
            f"Return submitted. Nobody at {local_authority.name} approves returns yet, so nobody has been "
            "emailed: ask your network's coordinator to invite an approver."
        )
    return f"Return submitted. Your {'approver has' if approvers == 1 else f'{approvers} approvers have'} been emailed."


@requires(Permission.EDIT_RETURN, obj=la_from)
@require_POST
def submit(request: HttpRequest, la: str, period: str) -> HttpResponse:
    """Send the return to the LA's approver."""
    return _act(
        request,
        la,
        period,
        lambda r: services.return_submit(record=r, actor=Actor.from_request(request)),
        _submitted_message,
    )


@requires(Permission.APPROVE_RETURN, obj=la_from)
@require_POST
def approve(request: HttpRequest, la: str, period: str) -> HttpResponse:
    """Approve the submitted return."""
    return _act(
        request,
        la,
        period,
        lambda r: services.return_approve(record=r, actor=Actor.from_request(request)),
        "Return approved. Its figures now feed the dashboard.",
    )


@requires(Permission.APPROVE_RETURN, obj=la_from)
@require_POST
def send_back(request: HttpRequest, la: str, period: str) -> HttpResponse:
    """Send the return back to the contributor, with a reason."""
    reason = request.POST.get("reason", "")
    return _act(
        request,
        la,
        period,
        lambda r: services.return_send_back(record=r, reason=reason, actor=Actor.from_request(request)),
        "Return sent back to the contributor.",
    )


@requires(Permission.REOPEN_RETURN, obj=la_from)
@require_POST
def reopen(request: HttpRequest, la: str, period: str) -> HttpResponse:
    """The coordinator reopens the return, with a reason."""
    reason = request.POST.get("reason", "")
    return _act(
        request,
        la,
        period,
        lambda r: services.return_reopen(record=r, reason=reason, actor=Actor.from_request(request)),
        "Return reopened. The LA can send a new version.",
    )


def _version(local_authority, period: str, number: int) -> ReturnVersion:
    return get_object_or_404(
        ReturnVersion, return_record__local_authority=local_authority, return_record__period=period, number=number
    )


@requires(Permission.VIEW_RETURN, obj=la_from)
@require_safe
def version_page(request: HttpRequest, la: str, period: str, number: int) -> HttpResponse:
    """One version: its figures and its report."""
    local_authority = la_from(request, la)
    spec = spec_from(period)
    version = _version(local_authority, period, number)
    context = {
        "la": local_authority,
        "period": period,
        "period_label": period_label(period),
        "version": version,
        "rows": presenters.figures_table(spec, selectors.version_figures(version)),
        "errors": presenters.issue_rows(version.report, severity="error"),
        "queries": presenters.issue_rows(version.report, severity="query"),
        "other_versions": version.return_record.versions.exclude(pk=version.pk).order_by("-number"),
    }
    return render(request, "returns/version.html", context)


@requires(Permission.VIEW_RETURN, obj=la_from)
@require_safe
def version_diff(request: HttpRequest, la: str, period: str, number: int, other: int) -> HttpResponse:
    """The figures of two versions side by side, changes marked."""
    local_authority = la_from(request, la)
    spec = spec_from(period)
    first, second = _version(local_authority, period, number), _version(local_authority, period, other)
    rows = presenters.figures_table(spec, selectors.version_figures(first), selectors.version_figures(second))
    context = {
        "la": local_authority,
        "period": period,
        "period_label": period_label(period),
        "first": first,
        "second": second,
        "rows": rows,
        "changed_rows": [row for row in rows if row["changed"]],
    }
    return render(request, "returns/diff.html", context)


@requires(Permission.VIEW_RETURN, obj=la_from)
@require_safe
def version_report_csv(request: HttpRequest, la: str, period: str, number: int) -> HttpResponse:
    """The version's validation report as CSV (the same stored report the page shows)."""
    local_authority = la_from(request, la)
    version = _version(local_authority, period, number)
    response = HttpResponse(report_to_csv(version.report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{local_authority.old_code}-{period}-v{number}-report.csv"'
    return response


@requires(Permission.VIEW_RETURN, obj=la_from)
@require_safe
def version_file(request: HttpRequest, la: str, period: str, number: int) -> HttpResponse:
    """The file exactly as it was uploaded."""
    local_authority = la_from(request, la)
    version = _version(local_authority, period, number)
    if not version.file:
        raise Http404("This version was typed in, not uploaded")
    with version.file.open("rb") as stored:
        data = stored.read()
    response = HttpResponse(data, content_type="application/octet-stream")
    safe_name = "".join(c for c in version.original_filename if c.isalnum() or c in "._- ") or "return"
    response["Content-Disposition"] = f'attachment; filename="v{number}-{safe_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(Permission.VIEW_RETURN, obj=la_from)
@require_safe
def template_xlsx(request: HttpRequest, la: str, period: str) -> HttpResponse:
    """The period's XLSX template for this LA."""
    local_authority = la_from(request, la)
    spec = spec_from(period)
    response = HttpResponse(
        build_xlsx_template(spec, local_authority.old_code),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{template_filename(spec, local_authority.old_code, "xlsx")}"'
    )
    return response


@requires(Permission.VIEW_RETURN, obj=la_from)
@require_safe
def template_csv(request: HttpRequest, la: str, period: str) -> HttpResponse:
    """The period's CSV template for this LA."""
    local_authority = la_from(request, la)
    spec = spec_from(period)
    response = HttpResponse(build_csv_template(spec, local_authority.old_code), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{template_filename(spec, local_authority.old_code, "csv")}"'
    )
    return response
