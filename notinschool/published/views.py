"""Pages for DfE's published figures: the releases, importing a file, one release, and the
reconciliation of a network's approved figures with DfE's."""

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from notinschool.accounts.permissions import Permission, requires
from notinschool.accounts.selectors import networks_of
from notinschool.core.actor import Actor
from notinschool.core.forms import error_summary
from notinschool.jobs.services import start_job
from notinschool.places.lookups import network_from
from notinschool.published import presenters, selectors
from notinschool.published.forms import ImportForm
from notinschool.published.jobs import IMPORT
from notinschool.returns import selectors as returns_selectors

_PERIOD = re.compile(r"^\d{4}-\d{2}(-(autumn|spring|summer))?$")
HEADLINE_MEASURES = (
    "ehe_total",
    "cme_total",
    "ehe_anytime",
    "cme_anytime",
    "ehe_starts",
    "ehe_returns_to_school",
    "ehe_left_other",
    "ehe_s437_notices",
    "ehe_sao_issued",
    "ehe_sao_revoked",
)


@requires(Permission.VIEW_SIGNED_IN_PAGES)
@require_safe
def releases(request: HttpRequest) -> HttpResponse:
    """Every imported release, and links to reconcile the user's networks with DfE's figures."""
    periods = selectors.periods_with_la_figures()
    context = {
        "releases": list(selectors.releases()),
        "period_label": presenters.published_period_label,
        "may_import": request.user.has_perm(str(Permission.IMPORT_PUBLISHED)),
        "networks": networks_of(request.user),
        "periods": [(period, presenters.published_period_label(period)) for period in periods],
    }
    return render(request, "published/releases.html", context)


@requires(Permission.IMPORT_PUBLISHED)
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Import an EES file, as a job (a large file takes minutes): its page shows how far it has
    got, then links to the release, or lists every problem of a refused file (nothing is kept)."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        job = start_job(
            kind=IMPORT,
            params={"publication": form.cleaned_data["publication"] or None},
            actor=Actor.from_request(request),
            title=f"Importing {upload_file.name}",
            back_url=reverse("published:upload"),
            files={"upload": (upload_file.name, upload_file)},
        )
        return redirect(job)
    context = {"form": form, "error_list": error_summary(form)}
    return render(request, "published/upload.html", context)


@requires(Permission.VIEW_SIGNED_IN_PAGES)
@require_safe
def release(request: HttpRequest, content_hash: str) -> HttpResponse:
    """One release: its import report, rows left unplaced, and England beside the regions."""
    found = selectors.release_by_hash(content_hash)
    if found is None:
        raise Http404("No release was imported from a file with that hash")
    headlines = []
    for measure in HEADLINE_MEASURES:
        for period, figures in selectors.headline_figures(found, measure).items():
            headlines.append((presenters.measure_label(measure), presenters.published_period_label(period), figures))
    context = {
        "release": found,
        "report": found.report,
        "headlines": headlines,
        "outcome": request.GET.get("outcome", ""),
        "period_labels": [presenters.published_period_label(period) for period in found.periods],
        "symbol_counts": presenters.symbol_counts,
        "symbol_meaning": presenters.symbol_meaning,
        "figure_shown": presenters.figure_shown,
        "unknown_columns": found.report.get("unknown_columns", []),
        "unknown_breakdowns": found.report.get("unknown_breakdowns", []),
    }
    return render(request, "published/release.html", context)


@requires(Permission.VIEW_NETWORK, obj=network_from)
@require_safe
def reconciliation(request: HttpRequest, network: str, period: str) -> HttpResponse:
    """Each LA's own approved figures beside DfE's published ones, flagging differences that
    rounding cannot explain."""
    if not _PERIOD.match(period):
        raise Http404("Not a period")
    found = network_from(request, network)
    las = list(found.local_authorities.order_by("name"))
    own = returns_selectors.approved_figures(period=period, local_authorities=las)
    published = selectors.la_figures_for(local_authorities=las, period=period)
    earlier = selectors.earlier_la_figures_for(local_authorities=las, period=period)
    choices = presenters.figure_choices(published)
    chosen = request.GET.get("figure") or "ehe_total"
    if chosen not in {value for value, _ in choices}:
        chosen = choices[0][0] if choices else "ehe_total"
    key = presenters.decode_key(chosen)
    context = {
        "network": found,
        "period": period,
        "period_label": presenters.published_period_label(period),
        "choices": choices,
        "chosen": chosen,
        "chosen_label": presenters.measure_label(*key),
        "rows": presenters.reconciliation_rows(las, own, published, key, earlier),
        "summaries": presenters.reconciliation_summaries(las, own, published, earlier),
        "has_published": bool(published),
        "has_own": bool(own),
    }
    return render(request, "published/reconciliation.html", context)
