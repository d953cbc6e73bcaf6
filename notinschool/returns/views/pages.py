"""One LA's return for one period: status, report, queries, versions, history, actions."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from notinschool.accounts.permissions import Permission, requires
from notinschool.returns import presenters, selectors, services
from notinschool.returns.lookups import la_from, spec_from
from notinschool.returns.models import ReturnStatus, ReturnVersion
from notinschool.returns.services.status import unexplained_queries
from notinschool.validation.report import report_to_csv
from notinschool.validation.return_templates import build_csv_template, build_xlsx_template
from notinschool.validation.return_templates.common import template_filename


@requires(Permission.VIEW_RETURN, obj=la_from)
@require_safe
def return_page(request: HttpRequest, la: str, period: str) -> HttpResponse:
    """The return: what to do next, the current version's report, versions and history."""
    local_authority = la_from(request, la)
    spec = spec_from(period)
    record = selectors.return_of(local_authority, period)
    version = record.current_version if record else None
    report = version.report if version else {}
    explanations = {(e.rule_code, e.where): e for e in version.explanations.all()} if version else {}
    user = request.user
    context = {
        "la": local_authority,
        "period": period,
        "period_label": presenters.period_label(period),
        "spec": spec,
        "record": record,
        "status": record.status if record else ReturnStatus.NOT_STARTED,
        "status_tag": presenters.status_tag(record.status if record else ReturnStatus.NOT_STARTED),
        "version": version,
        "errors": presenters.issue_rows(report, severity="error"),
        "queries": presenters.issue_rows(report, severity="query"),
        "explanations": explanations,
        "unexplained": len(unexplained_queries(version)) if version else 0,
        "versions": list(record.versions.select_related("created_by").order_by("-number")) if record else [],
        "events": list(record.events.select_related("by").order_by("-at", "-id")) if record else [],
        "collections": selectors.collections_for_la(local_authority).filter(period=period),
        "accepting": selectors.collection_is_open_for(local_authority, period),
        "can_edit": user.has_perm(Permission.EDIT_RETURN, local_authority),
        "can_approve": user.has_perm(Permission.APPROVE_RETURN, local_authority),
        "can_reopen": user.has_perm(Permission.REOPEN_RETURN, local_authority),
        "error_list": presenters.error_summary_items(report),
        "page_has_report": True,
    }
    return render(request, "returns/return.html", context)


def _record_or_404(local_authority, period):
    record = selectors.return_of(local_authority, period)
    if record is None:
        raise Http404("No return yet")
    return record


def _act(request, la: str, period: str, action, success: str) -> HttpResponse:
    local_authority = la_from(request, la)
    record = _record_or_404(local_authority, period)
    try:
        action(record)
    except services.ReturnStateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("returns:return", la=local_authority.old_code, period=period)


@requires(Permission.EDIT_RETURN, obj=la_from)
@require_POST
def submit(request: HttpRequest, la: str, period: str) -> HttpResponse:
    """Send the return to the LA's approver."""
    return _act(
        request,
        la,
        period,
        lambda r: services.return_submit(record=r, by=request.user),
        "Return submitted. Your approver has been told it is ready.",
    )


@requires(Permission.APPROVE_RETURN, obj=la_from)
@require_POST
def approve(request: HttpRequest, la: str, period: str) -> HttpResponse:
    """Approve the submitted return."""
    return _act(
        request,
        la,
        period,
        lambda r: services.return_approve(record=r, by=request.user),
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
        lambda r: services.return_send_back(record=r, reason=reason, by=request.user),
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
        lambda r: services.return_reopen(record=r, reason=reason, by=request.user),
        "Return reopened. The LA can send a new version.",
    )


@requires(Permission.EDIT_RETURN, obj=la_from)
@require_POST
def explain(request: HttpRequest, la: str, period: str) -> HttpResponse:
    """Save the LA's explanation of one query on the current version."""
    local_authority = la_from(request, la)
    record = _record_or_404(local_authority, period)
    try:
        services.query_explain(
            version=record.current_version,
            rule_code=request.POST.get("rule", ""),
            where=request.POST.get("where", ""),
            text=request.POST.get("explanation", ""),
            by=request.user,
        )
    except services.ReturnStateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Explanation saved.")
    return redirect("returns:return", la=local_authority.old_code, period=period)


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
        "period_label": presenters.period_label(period),
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
        "period_label": presenters.period_label(period),
        "first": first,
        "second": second,
        "rows": rows,
        "changes": sum(1 for row in rows if row["changed"]),
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
