"""The administrator's view of the audit log, and its CSV export. There is no way to edit it."""

import csv
import json
from datetime import UTC

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from notinschool.accounts.permissions import Permission, requires
from notinschool.audit.actions import Action
from notinschool.audit.forms import AuditFilterForm
from notinschool.audit.presenters import when
from notinschool.audit.selectors import AuditFilter, audit_entries
from notinschool.audit.services import audit_record
from notinschool.core.actor import Actor
from notinschool.core.forms import error_summary
from notinschool.core.spreadsheet_safety import neutralise_row

PAGE_SIZE = 50
CSV_COLUMNS = [
    "occurred_at_utc",
    "action",
    "actor_email",
    "ip_address",
    "local_authority",
    "target_type",
    "target_id",
    "details",
]


def _filter(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet]:
    """The form and the entries it selects; an invalid filter selects nothing."""
    form = AuditFilterForm(request.GET or None)
    if not form.is_bound:
        return form, audit_entries(AuditFilter())
    if form.is_valid():
        return form, audit_entries(form.criteria())
    return form, audit_entries(None)


@requires(Permission.VIEW_AUDIT)
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    """The log, newest first, filtered by user, action, LA and dates."""
    form, entries = _filter(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "error_list": error_summary(form),
        "action_labels": dict(Action.choices),
        "when": when,
    }
    return render(request, "audit/log.html", context)


@requires(Permission.VIEW_AUDIT)
@require_safe
def audit_csv(request: HttpRequest) -> HttpResponse:
    """The filtered log as CSV, times in UTC. Exporting is itself audited."""
    _form, entries = _filter(request)
    audit_record(
        action=Action.AUDIT_EXPORTED, actor=Actor.from_request(request), details={"filter": request.GET.dict()}
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for entry in entries.iterator(chunk_size=2000):
        occurred = entry.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        la = entry.local_authority.old_code if entry.local_authority_id and entry.local_authority else ""
        row = [occurred, entry.action, entry.actor_email, entry.ip_address or "", la]
        row += [entry.target_type, entry.target_id, _json(entry.details)]
        writer.writerow(neutralise_row(row))
    return response


def _json(value: dict) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
