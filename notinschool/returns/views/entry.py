"""Typing the return into form pages, one page per part, each save a new version."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from notinschool.accounts.permissions import Permission, requires
from notinschool.core.actor import Actor
from notinschool.core.text import digits_only
from notinschool.periods import period_label
from notinschool.periods.lookups import spec_from
from notinschool.places.lookups import la_from
from notinschool.returns import selectors, services
from notinschool.validation.values import MAX_COUNT


def field_name(key) -> str:
    """The input name for a figure: `ehe_total` or `ehe_by_sex-female`."""
    return f"{key[0]}-{key[1]}" if key[1] else key[0]


def _read_figures(spec, post, part: str, base: dict) -> tuple[dict, list[dict]]:
    """The figures typed on one page, merged over the rest; and the entry errors (not whole numbers)."""
    figures = dict(base)
    problems = []
    for measure in spec.measures_in(part):
        for key in measure.item_keys():
            name = field_name(key)
            raw = post.get(name, "").strip().replace(",", "")
            if raw == "":
                figures[key] = None
            elif digits_only(raw) and len(raw) <= len(str(MAX_COUNT)) and int(raw) <= MAX_COUNT:
                figures[key] = int(raw)
            elif digits_only(raw):
                problems.append(
                    {
                        "text": f"{spec.label_for(key)} must be {MAX_COUNT:,} or less: no local authority "
                        "has that many children",
                        "href": f"#{name}",
                    }
                )
            else:
                problems.append(
                    {"text": f"{spec.label_for(key)} must be a whole number, 0 or more", "href": f"#{name}"}
                )
    return figures, problems


@requires(Permission.EDIT_RETURN, obj=la_from)
@require_http_methods(["GET", "HEAD", "POST"])
def form_page(request: HttpRequest, la: str, period: str, part: str | None = None) -> HttpResponse:
    """One part of the return as a form; saving stores a new version of the whole return."""
    local_authority = la_from(request, la)
    spec = spec_from(period)
    part = part or spec.parts[0].code
    part_obj = spec.part(part)
    if part_obj is None:
        raise Http404("No such part of the return")
    record = selectors.return_of(local_authority, period)
    current = selectors.version_figures(record.current_version) if record and record.current_version else {}
    typed, problems = current, []
    if request.method == "POST":
        typed, problems = _read_figures(spec, request.POST, part, current)
        if not problems:
            try:
                outcome = services.version_create_from_figures(
                    la=local_authority, period=period, figures=typed, actor=Actor.from_request(request)
                )
            except services.SubmissionRefused as exc:
                problems = [{"text": exc.message, "href": "#main-content"}]
            else:
                messages.success(request, f"Saved as version {outcome.version.number}.")
                following = _next_part(spec, part)
                if "continue" in request.POST and following:
                    return redirect("returns:form-part", la=local_authority.old_code, period=period, part=following)
                return redirect("returns:return", la=local_authority.old_code, period=period)
    issues = [
        i
        for i in (record.current_version.report["issues"] if record and record.current_version else [])
        # The part's sheet in the template; versions stored before messages used template cells
        # named the form's part by its code.
        if i.get("sheet") in {part, part_obj.label}
    ]
    context = {
        "la": local_authority,
        "period": period,
        "period_label": period_label(period),
        "spec": spec,
        "part": part_obj,
        "parts": spec.parts,
        "measures": spec.measures_in(part),
        "values": typed,
        "typed": request.POST if request.method == "POST" else None,
        "field_name": field_name,
        "error_list": problems,
        "issues": issues,
        "accepting": selectors.collection_is_open_for(local_authority, period),
        "next_part": _next_part(spec, part),
    }
    return render(request, "returns/form.html", context)


def _next_part(spec, part: str) -> str | None:
    codes = [p.code for p in spec.parts]
    index = codes.index(part)
    return codes[index + 1] if index + 1 < len(codes) else None
