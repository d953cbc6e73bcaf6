"""Lists to work from, subject access exports, erasure, retention review and settings."""

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from notinschool.core.presenters import in_sentence
from notinschool.register import selectors, services
from notinschool.register.audit import audit_read
from notinschool.register.exports import child_export
from notinschool.register.forms import EraseForm, SettingsForm
from notinschool.register.models import Episode
from notinschool.register.views.common import actor, child_or_404, editor, form_page, today, viewer

LISTS = {
    "overdue": "Overdue actions",
    "ehcp": "Children with an EHC plan",
    "reaching-16": "Children reaching the end of compulsory school age this year",
    "outstanding": "Notifications with something still awaited",
    **{f"open-{kind}": f"Open cases: {in_sentence(label)}" for kind, label in Episode.Kind.choices},
}


@viewer
@require_http_methods(["GET"])
def work_list(request: HttpRequest, list_name: str) -> HttpResponse:
    """One of the lists officers work from. Audited as a read of the children listed."""
    name = list_name
    if name not in LISTS:
        raise Http404("No such list")
    la = request.user.local_authority
    context = {"page_title": LISTS[name], "name": name}
    if name.startswith("open-"):
        episodes = list(selectors.open_cases(la, name.removeprefix("open-"))[:500])
        context["episodes"] = episodes
        shown = [e.child_id for e in episodes]
    elif name == "outstanding":
        notifications = list(selectors.outstanding_notifications(la)[:500])
        context["notifications"] = notifications
        shown = [n.child_id for n in notifications]
    elif name == "overdue":
        overdue = selectors.overdue_actions(la, today=today())
        context.update(overdue)
        shown = [item.child_id for items in overdue.values() for item in items]
    else:
        query = selectors.children_with_ehcp(la) if name == "ehcp" else selectors.reaching_sixteen(la, today=today())
        context["children"] = list(query[:500])
        shown = [c.pk for c in context["children"]]
    audit_read(actor=actor(request), la=la, what=f"list:{name}", details={"children": sorted(set(shown))})
    return render(request, "register/work_list.html", context)


@viewer
@require_http_methods(["GET"])
def export_json(request: HttpRequest, child_id: str) -> HttpResponse:
    """Everything held about the child, as JSON, for a subject access request."""
    child_or_404(request, child_id)
    la = request.user.local_authority
    data = child_export(selectors.child_record(la, child_id, for_export=True))
    audit_read(actor=actor(request), la=la, child_id=child_id, what="export.json")
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="register-record-{child_id}.json"'
    return response


@viewer
@require_http_methods(["GET"])
def export_page(request: HttpRequest, child_id: str) -> HttpResponse:
    """Everything held about the child, readable and printable, for a subject access request."""
    child_or_404(request, child_id)
    la = request.user.local_authority
    data = child_export(selectors.child_record(la, child_id, for_export=True))
    audit_read(actor=actor(request), la=la, child_id=child_id, what="export.html")
    return render(request, "register/export.html", {"page_title": "Everything held about this child", "data": data})


@editor
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, child_id: str) -> HttpResponse:
    """Erase a child's whole record, with the reason recorded in the audit log."""
    child = child_or_404(request, child_id)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.child_erase(
            la=request.user.local_authority,
            child_id=child.pk,
            reason=form.cleaned_data["reason"],
            actor=actor(request),
        )
        messages.success(request, "The record was erased.")
        return redirect("register:home")
    return form_page(
        request,
        form,
        title="Erase this record",
        caption=child.full_name,
        back_url=reverse("register:child", kwargs={"child_id": child.pk}),
        intro="Everything held about this child will be deleted and cannot be brought back. The audit log keeps "
        "who erased it, when and why, but nothing about the child.",
        button_text="Erase the record",
        button_classes="govuk-button--warning",
    )


@editor
@require_http_methods(["GET", "POST"])
def retention(request: HttpRequest) -> HttpResponse:
    """Records past the retention period, for review and deletion in bulk."""
    la = request.user.local_authority
    if request.method == "POST":
        chosen = request.POST.getlist("children")
        deleted = services.children_delete_past_retention(la=la, child_ids=chosen, actor=actor(request), today=today())
        messages.success(request, f"{deleted} record{'s' if deleted != 1 else ''} deleted.")
        return redirect("register:retention")
    rows = selectors.past_retention(la, today=today())
    audit_read(actor=actor(request), la=la, what="retention-review", details={"children": [r["id"] for r in rows]})
    context = {
        "page_title": "Records past the retention period",
        "rows": rows,
        "years": selectors.settings_for(la).retention_years,
    }
    return render(request, "register/retention.html", context)


@editor
@require_http_methods(["GET", "POST"])
def register_settings(request: HttpRequest) -> HttpResponse:
    """Which optional facts this LA records, and how long it keeps records."""
    la = request.user.local_authority
    form = SettingsForm(request.POST or None, instance=selectors.settings_for(la))
    if request.method == "POST" and form.is_valid():
        services.settings_update(la=la, actor=actor(request), **form.cleaned_data)
        messages.success(request, "Settings saved.")
        return redirect("register:home")
    return form_page(request, form, title="Register settings", back_url=reverse("register:home"))
