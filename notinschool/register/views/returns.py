"""Generating the LA's termly return from the register, and the children behind each figure."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from notinschool.core.forms import error_summary
from notinschool.jobs.services import start_job
from notinschool.periods import UnknownPeriod, period_label
from notinschool.periods.specs import load_spec
from notinschool.register import presenters, selectors, services
from notinschool.register.audit import audit_read
from notinschool.register.forms import ReturnDatesForm
from notinschool.register.jobs import SEND_RETURN
from notinschool.register.views.common import actor, editor, viewer
from notinschool.validation.return_templates import build_xlsx_template

TOTAL = "total"


def _spec_or_404(period: str):
    try:
        return load_spec(period)
    except UnknownPeriod as exc:
        raise Http404(str(exc)) from exc


def _dates(request: HttpRequest, la, period: str):
    """Dates from the query string when given (they are not personal data), else from the
    collections. Returns (dates or None, the dates form)."""
    given = {k: request.GET.get(k, "") for k in ("census_date", "previous_census_date")}
    census, previous = selectors.census_dates(la, period)
    form = ReturnDatesForm(given if any(given.values()) else None, initial={
        "census_date": census, "previous_census_date": previous})  # fmt: skip
    if form.is_bound and form.is_valid():
        census, previous = form.cleaned_data["census_date"], form.cleaned_data["previous_census_date"]
    try:
        dates = services.return_dates(la, period, census_date=census, previous_census_date=previous)
    except services.RegisterError as exc:
        return None, form, exc.message
    return dates, form, ""


def _query(dates) -> str:
    return urlencode(
        {
            "census_date": dates.census_date.isoformat(),
            "previous_census_date": (dates.term_start - datetime.timedelta(days=1)).isoformat(),
        }
    )


@viewer
@require_http_methods(["GET"])
def return_page(request: HttpRequest, period: str) -> HttpResponse:
    """Every figure of the period's return as the register counts it, with a link from each
    figure to the children behind it, and a button to send it as a draft."""
    spec = _spec_or_404(period)
    la = request.user.local_authority
    dates, form, problem = _dates(request, la, period)
    context = {
        "page_title": f"Return for {period_label(period)} from the register",
        "period": period,
        "period_label": period_label(period),
        "la": la,
        "form": form,
        "components": presenters.form_components(form),
        "error_list": error_summary(form),
        "problem": problem,
    }
    if dates is not None:
        generated = services.return_generate(la, period, dates)
        audit_read(actor=actor(request), la=la, what="return.generated-view", details={"period": period})
        parts = []
        for part in spec.parts:
            rows = []
            for measure in spec.measures_in(part.code):
                for key in measure.item_keys():
                    rows.append({
                        "label": spec.label_for(key), "value": generated.figures.get(key), "measure": key[0],
                        "category": key[1] or TOTAL, "kind": measure.kind_label,
                    })  # fmt: skip
            parts.append({"label": part.label, "rows": rows})
        context.update({"dates": dates, "parts": parts, "generated": generated, "query": _query(dates)})
    return render(request, "register/return.html", context)


@editor
@require_http_methods(["POST"])
def return_send(request: HttpRequest, period: str) -> HttpResponse:
    """Store the generated return as a new draft version of the LA's return."""
    _spec_or_404(period)
    la = request.user.local_authority
    dates, _form, problem = _dates(request, la, period)
    target = reverse("register:return", kwargs={"period": period})
    if dates is None:
        messages.error(request, problem)
        return redirect(target)
    job = start_job(
        kind=SEND_RETURN,
        params={
            "la": la.old_code,
            "period": period,
            "census_date": dates.census_date.isoformat(),
            "previous_census_date": (dates.term_start - datetime.timedelta(days=1)).isoformat(),
        },
        actor=actor(request),
        title=f"Sending the return for {period_label(period)} from the register",
        back_url=f"{target}?{_query(dates)}",
    )
    return redirect(job)


@viewer
@require_http_methods(["GET"])
def return_xlsx(request: HttpRequest, period: str) -> HttpResponse:
    """The return template filled in with the generated figures."""
    spec = _spec_or_404(period)
    la = request.user.local_authority
    dates, _form, _problem = _dates(request, la, period)
    if dates is None:
        return redirect("register:return", period=period)
    generated = services.return_generate(la, period, dates)
    figures = {k: v for k, v in generated.figures.items() if v is not None}
    data = build_xlsx_template(spec, la, figures=figures)
    audit_read(actor=actor(request), la=la, what="return.xlsx", details={"period": period})
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="return-{la.old_code}-{period}-from-register.xlsx"'
    return response


@viewer
@require_http_methods(["GET"])
def return_figure(request: HttpRequest, period: str, measure: str, category: str) -> HttpResponse:
    """The children behind one figure of the generated return."""
    spec = _spec_or_404(period)
    key = (measure, None if category == TOTAL else category)
    if key not in spec.item_keys():
        raise Http404("No such figure")
    la = request.user.local_authority
    dates, _form, _problem = _dates(request, la, period)
    if dates is None:
        return redirect("register:return", period=period)
    generated = services.return_generate(la, period, dates)
    ids = generated.members.get(key, [])
    counts: dict[str, int] = {}
    for child_id in ids:
        counts[child_id] = counts.get(child_id, 0) + 1
    children = selectors.children_named(la, ids)
    audit_read(
        actor=actor(request),
        la=la,
        what="return.figure",
        details={"period": period, "children": sorted(counts)},
    )
    context = {
        "page_title": spec.label_for(key),
        "period": period,
        "value": generated.figures.get(key),
        "rows": [(child, counts[child.pk]) for child in children],
        "events": any(n > 1 for n in counts.values()),
        "back_url": reverse("register:return", kwargs={"period": period}) + "?" + _query(dates),
        "definition": spec.measure(measure).definition,
    }
    return render(request, "register/figure.html", context)
